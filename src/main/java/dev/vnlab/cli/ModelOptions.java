package dev.vnlab.cli;

import dev.vnlab.experiment.Names;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.theory.CriticalPoint;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.MeanField;

/** The options that describe the networks measured and their theory, shared by the commands that build networks. */
final class ModelOptions {
    private ModelOptions() {}

    static final Option ACTIVATION = activation(Activation.HARD_TANH);
    static final Option INIT = Option.value("init", "SCHEME", "gaussian", "weight distribution: " + Names.all(Init.Scheme.class) + " (variance sigma_w^2 / fan_in)");
    static final Option SIGMA_W2 = Option.value("sigma-w2", "X", "1", "weight scale sigma_w^2");
    static final Option SIGMA_B2 = Option.value("sigma-b2", "X", "0", "bias variance sigma_b^2");
    private static final String WIDTHS_HELP = "widths N, comma-separated (ranges FROM:TO:STEP too)", DEPTHS_HELP = "depths L, comma-separated or FROM:TO:STEP";
    static final Option WIDTHS = Option.value("widths", "LIST", "200,500", WIDTHS_HELP);
    static final Option DEPTHS = Option.value("depths", "LIST", "10:100:10", DEPTHS_HELP);
    static final Option CRITICAL = Option.flag("critical", "set sigma_w^2 to the critical value for --sigma-b2 (sigma_w^2 mu_1(q*) = 1)");
    static final Option Q_STAR = Option.value("q-star", "Q", null,
            "set sigma_w^2 and sigma_b^2 on the critical line (sigma_w^2 mu_1(q*) = 1) so that the fixed point of the variance map is q* = Q");
    static final Option INPUT_VARIANCE = Option.value("input-variance", "Q", "0.1", "variance of the i.i.d. Gaussian inputs (q_x of the finite-depth theory)");

    /** --activation with a command's own default. */
    static Option activation(Activation defaultValue) {
        return Option.value("activation", "PHI", Names.of(defaultValue), "hidden activation: " + Names.all(Activation.class));
    }

    /** --widths with the quick and paper presets' widths. */
    static Option widths(int[] quick, int[] paper) {
        return Option.preset("widths", "LIST", quick, paper, WIDTHS_HELP);
    }

    /** --depths with the quick and paper presets' depths. */
    static Option depths(int[] quick, int[] paper) {
        return Option.preset("depths", "LIST", quick, paper, DEPTHS_HELP);
    }

    /** --nets K with the presets' numbers of networks. */
    static Option nets(int quick, int paper) {
        return Option.preset("nets", "K", quick, paper, "random networks per point");
    }

    /** --batch B with the presets' batch sizes. */
    static Option batch(int quick, int paper) {
        return Option.preset("batch", "B", quick, paper, "inputs per forward pass");
    }

    static Activation activation(ParsedArgs a) {
        return Names.parse(Activation.class, "--activation", a.string("activation"));
    }

    static Init.Scheme scheme(ParsedArgs a) {
        return Names.parse(Init.Scheme.class, "--init", a.string("init"));
    }

    /**
     * The hidden layers' Init from --init, --sigma-w2 and --sigma-b2, or, where the command has
     * them, from --critical (sigma_w^2 critical for --sigma-b2) or --q-star (both scales on the
     * critical line with that fixed point).
     */
    static Init init(ParsedArgs a) {
        if (a.has("q-star")) return atFixedPoint(a).init(scheme(a));
        double b = a.real("sigma-b2");
        if (b < 0) throw new UsageException("--sigma-b2 " + b + " is invalid; expected a value >= 0");
        if (a.flag("critical")) {
            if (a.given("sigma-w2")) throw new UsageException("--critical sets sigma_w^2 itself; drop --sigma-w2 " + a.string("sigma-w2") + " or --critical");
            Activation phi = activation(a);
            try {
                return Criticality.init(scheme(a), phi, b);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--critical has no critical point for " + Names.of(phi) + " at --sigma-b2 " + b + ": " + e.getMessage());
            }
        }
        double w = a.real("sigma-w2");
        if (w < 0) throw new UsageException("--sigma-w2 " + w + " is invalid; expected a value >= 0");
        return new Init(scheme(a), w, b);
    }

    /**
     * The critical point of --q-star: sigma_w^2 = 1/mu_1(q*) and the sigma_b^2 that makes q*
     * the fixed point. Refused with --sigma-w2 or --sigma-b2 (it sets both), for a q* that needs
     * a negative sigma_b^2, and for the positively homogeneous activations, whose critical map
     * is the identity (every q a fixed point) at sigma_b^2 = 0 and has none at sigma_b^2 &gt; 0.
     */
    static CriticalPoint atFixedPoint(ParsedArgs a) {
        String text = a.string("q-star");
        for (String other : new String[] {"sigma-w2", "sigma-b2"}) {
            if (a.given(other)) throw new UsageException("--q-star sets sigma_w^2 and sigma_b^2 itself; drop --" + other + " " + a.string(other) + " or --q-star");
        }
        double q = a.real("q-star");
        if (q < 0) throw new UsageException("--q-star " + text + " is invalid; expected a fixed point q* >= 0");
        Activation phi = activation(a);
        CriticalPoint c;
        try {
            c = Criticality.forFixedPoint(phi, q);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--q-star " + text + " is out of reach for " + Names.of(phi) + ": " + e.getMessage());
        }
        if (MeanField.isIdentity(phi, c.sigmaW2(), c.sigmaB2())) {
            String w = new java.math.BigDecimal(c.sigmaW2()).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString(); // 2, not 1.9999999999999996
            throw new UsageException("--q-star has no meaning for " + Names.of(phi) + ": at its critical sigma_w^2 = " + w
                    + " with sigma_b^2 = 0 every q is a fixed point (q_l stays at q_1), and with sigma_b^2 > 0 there is none; expected --critical (with --sigma-b2)");
        }
        return c;
    }
}
