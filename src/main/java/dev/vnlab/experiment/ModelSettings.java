package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.settings.Arguments;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.Part;
import dev.vnlab.settings.RerunCommand;
import dev.vnlab.settings.Values;
import dev.vnlab.theory.CriticalPoint;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.MeanField;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The networks' model as a group of settings: the activation and the hidden layers'
 * initialisation (scheme, sigma_w^2, sigma_b^2), in the JSON fields {@code activation},
 * {@code init}, {@code sigma_w2}, {@code sigma_b2}. On the command line {@code --critical} sets
 * sigma_w^2 to the critical value for {@code --sigma-b2}, and {@code --q-star Q} sets both
 * scales on the critical line with fixed point q* = Q; with {@link #criticalByDefault} sigma_w^2 is
 * critical unless given.
 *
 * @param <S> the settings record
 */
final class ModelSettings<S> implements Part<S> {
    static final Option CRITICAL = Option.flag("critical", "set sigma_w^2 to the critical value for --sigma-b2 (sigma_w^2 mu_1(q*) = 1)");
    static final Option Q_STAR = Option.value("q-star", "Q", null,
            "set sigma_w^2 and sigma_b^2 on the critical line (sigma_w^2 mu_1(q*) = 1) so that the fixed point of the variance map is q* = Q");
    /** What {@link #parse} gathers besides the settings: whether the scales are critical, and q* (NaN unless --q-star chose it). */
    static final Object CHOSEN_CRITICAL = "critical scales", CHOSEN_Q_STAR = "q*";

    private final Function<S, Activation> activation;
    private final Function<S, Init> init;
    private final boolean criticalByDefault;
    private final Function<S, Boolean> critical; // null unless the choice is recorded
    private final Function<S, Double> qStar;

    private ModelSettings(Function<S, Activation> activation, Function<S, Init> init, boolean criticalByDefault, Function<S, Boolean> critical,
                          Function<S, Double> qStar) {
        this.activation = activation;
        this.init = init;
        this.criticalByDefault = criticalByDefault;
        this.critical = critical;
        this.qStar = qStar;
    }

    /**
     * The model of a settings record that records how its scales were chosen: the JSON field
     * {@code critical}, and {@code q_star} where --q-star chose them; its re-run command repeats
     * the choice (--q-star, or --critical) instead of the scales it gave.
     */
    static <S> ModelSettings<S> recordingChoice(Function<S, Activation> activation, Function<S, Init> init, Function<S, Boolean> critical,
                                                Function<S, Double> qStar) {
        return new ModelSettings<>(activation, init, false, critical, qStar);
    }

    /** Whether --critical or --q-star chose the scales, as gathered. */
    static boolean critical(Values v) {
        return (Boolean) v.other(CHOSEN_CRITICAL);
    }

    /** The q* that --q-star gave, NaN without it, as gathered. */
    static double qStar(Values v) {
        return (Double) v.other(CHOSEN_Q_STAR);
    }

    private static String flag(Option o) {
        return "--" + o.name();
    }

    private static String key(Option o) {
        return o.name().replace('-', '_');
    }

    /** The model of a settings record with these accessors; sigma_w^2 as given or preset. */
    static <S> ModelSettings<S> of(Function<S, Activation> activation, Function<S, Init> init) {
        return new ModelSettings<>(activation, init, false, null, null);
    }

    /** The model of a settings record whose sigma_w^2, unless given, is critical for the activation and sigma_b^2. */
    static <S> ModelSettings<S> criticalByDefault(Function<S, Activation> activation, Function<S, Init> init) {
        return new ModelSettings<>(activation, init, true, null, null);
    }

    /** @throws NullPointerException naming the activation or the initialisation if it is null */
    static void require(Activation activation, Init init) {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
    }

    /** The initialisation gathered. */
    static Init init(Values v) {
        return new Init(v.get(SharedSettings.SCHEME), v.get(SharedSettings.SIGMA_W2), v.get(SharedSettings.SIGMA_B2));
    }

    @Override public List<Option> options(S quick, S paper) {
        Init q = init.apply(quick), p = init.apply(paper);
        Option sigmaW2 = criticalByDefault
                ? new Option(SharedSettings.SIGMA_W2.optionName(), "X", null, null,
                        "weight scale sigma_w^2 of every layer (default: critical for the activation and sigma_b^2, sigma_w^2 mu_1(q*) = 1; tanh: 1)")
                : SharedSettings.SIGMA_W2.option(q.sigmaW2(), p.sigmaW2());
        return List.of(SharedSettings.ACTIVATION.option(activation.apply(quick), activation.apply(paper)),
                SharedSettings.SCHEME.option(q.scheme(), p.scheme()), sigmaW2, SharedSettings.SIGMA_B2.option(q.sigmaB2(), p.sigmaB2()), CRITICAL, Q_STAR);
    }

    @Override public void parse(Arguments a, S preset, Values into) {
        Activation phi = value(a, SharedSettings.ACTIVATION, activation.apply(preset));
        Init.Scheme scheme = value(a, SharedSettings.SCHEME, init.apply(preset).scheme());
        Init chosen;
        boolean critical = a.given(CRITICAL.name()) || a.given(Q_STAR.name());
        double qStar = Double.NaN;
        if (a.given(Q_STAR.name())) {
            CriticalPoint c = atFixedPoint(a, phi);
            qStar = c.qStar(); // the q* typed: Criticality.forFixedPoint keeps it as given
            chosen = c.init(scheme);
        } else {
            double b = SharedSettings.SIGMA_B2.check(value(a, SharedSettings.SIGMA_B2, init.apply(preset).sigmaB2()));
            if (a.given(CRITICAL.name()) || (criticalByDefault && !a.given(SharedSettings.SIGMA_W2.optionName()))) {
                if (a.given(SharedSettings.SIGMA_W2.optionName())) throw new IllegalArgumentException(flag(CRITICAL) + " sets sigma_w^2 itself; drop "
                        + SharedSettings.SIGMA_W2.flag() + " " + a.string(SharedSettings.SIGMA_W2.optionName()) + " or " + flag(CRITICAL));
                try {
                    chosen = Criticality.init(scheme, phi, b);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(flag(CRITICAL) + " has no critical point for " + Names.of(phi) + " at " + SharedSettings.SIGMA_B2.flag() + " " + b
                            + ": " + e.getMessage());
                }
            } else {
                chosen = new Init(scheme, SharedSettings.SIGMA_W2.check(value(a, SharedSettings.SIGMA_W2, init.apply(preset).sigmaW2())), b);
            }
        }
        into.put(SharedSettings.ACTIVATION, phi);
        into.put(SharedSettings.SCHEME, chosen.scheme());
        into.put(SharedSettings.SIGMA_W2, chosen.sigmaW2());
        into.put(SharedSettings.SIGMA_B2, chosen.sigmaB2());
        into.putOther(CHOSEN_CRITICAL, critical);
        into.putOther(CHOSEN_Q_STAR, qStar);
    }

    private static <T> T value(Arguments a, dev.vnlab.settings.Setting<T> s, T preset) {
        return a.given(s.optionName()) ? s.parse(a.string(s.optionName())) : preset;
    }

    /** The q* that --q-star gives, as typed. */
    private static double fixedPoint(Arguments a) {
        String text = a.string(Q_STAR.name());
        try {
            double q = Double.parseDouble(text.trim());
            if (Double.isFinite(q)) return q;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag(Q_STAR) + " '" + text + "' is not a number; expected a finite number such as 0.1");
    }

    /**
     * The critical point of --q-star: sigma_w^2 = 1/mu_1(q*) and the sigma_b^2 that makes q*
     * the fixed point. Refused with --sigma-w2 or --sigma-b2 (it sets both), for a q* that needs
     * a negative sigma_b^2, and for the positively homogeneous activations, whose critical map
     * is the identity (every q a fixed point) at sigma_b^2 = 0 and has none at sigma_b^2 &gt; 0.
     */
    private static CriticalPoint atFixedPoint(Arguments a, Activation phi) {
        String text = a.string(Q_STAR.name());
        for (dev.vnlab.settings.Setting<Double> other : List.of(SharedSettings.SIGMA_W2, SharedSettings.SIGMA_B2)) {
            if (a.given(other.optionName())) {
                throw new IllegalArgumentException(flag(Q_STAR) + " sets sigma_w^2 and sigma_b^2 itself; drop " + other.flag() + " " + a.string(other.optionName()) + " or " + flag(Q_STAR));
            }
        }
        double q = fixedPoint(a);
        if (q < 0) throw new IllegalArgumentException(flag(Q_STAR) + " " + text + " is invalid; expected a fixed point q* >= 0");
        CriticalPoint c;
        try {
            c = Criticality.forFixedPoint(phi, q);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag(Q_STAR) + " " + text + " is out of reach for " + Names.of(phi) + ": " + e.getMessage());
        }
        if (MeanField.isIdentity(phi, c.sigmaW2(), c.sigmaB2())) {
            String w = new BigDecimal(c.sigmaW2()).round(new MathContext(6)).stripTrailingZeros().toPlainString(); // 2, not 1.9999999999999996
            throw new IllegalArgumentException(flag(Q_STAR) + " has no meaning for " + Names.of(phi) + ": at its critical sigma_w^2 = " + w
                    + " with sigma_b^2 = 0 every q is a fixed point (q_l stays at q_1), and with sigma_b^2 > 0 there is none; expected " + flag(CRITICAL) + " (with " + SharedSettings.SIGMA_B2.flag() + ")");
        }
        return c;
    }

    @Override public void read(Map<String, Object> config, Values into) {
        into.put(SharedSettings.ACTIVATION, SharedSettings.ACTIVATION.read(config));
        into.put(SharedSettings.SCHEME, SharedSettings.SCHEME.read(config));
        into.put(SharedSettings.SIGMA_W2, SharedSettings.SIGMA_W2.read(config));
        into.put(SharedSettings.SIGMA_B2, SharedSettings.SIGMA_B2.read(config));
        if (critical != null) {
            into.putOther(CHOSEN_CRITICAL, dev.vnlab.settings.ConfigFields.flag(config, key(CRITICAL)));
            into.putOther(CHOSEN_Q_STAR, dev.vnlab.settings.ConfigFields.optionalReal(config, key(Q_STAR)));
        }
    }

    @Override public void write(S settings, Map<String, Object> config) {
        Init i = init.apply(settings);
        SharedSettings.ACTIVATION.write(activation.apply(settings), config);
        SharedSettings.SCHEME.write(i.scheme(), config);
        SharedSettings.SIGMA_W2.write(i.sigmaW2(), config);
        SharedSettings.SIGMA_B2.write(i.sigmaB2(), config);
        if (critical != null) {
            config.put(key(CRITICAL), critical.apply(settings));
            double q = qStar.apply(settings);
            if (!Double.isNaN(q)) config.put(key(Q_STAR), q); // only where --q-star chose the scales: other configurations keep their keys
        }
    }

    @Override public void rerun(S settings, RerunCommand command) {
        Init i = init.apply(settings);
        command.option(SharedSettings.ACTIVATION.optionName(), SharedSettings.ACTIVATION.text(activation.apply(settings)))
                .option(SharedSettings.SCHEME.optionName(), SharedSettings.SCHEME.text(i.scheme()));
        if (critical != null && !Double.isNaN(qStar.apply(settings))) {
            command.option(Q_STAR.name(), String.valueOf(qStar.apply(settings)));
            return;
        }
        if (critical != null && critical.apply(settings)) command.flag(CRITICAL.name());
        else command.option(SharedSettings.SIGMA_W2.optionName(), SharedSettings.SIGMA_W2.text(i.sigmaW2()));
        command.option(SharedSettings.SIGMA_B2.optionName(), SharedSettings.SIGMA_B2.text(i.sigmaB2()));
    }
}
