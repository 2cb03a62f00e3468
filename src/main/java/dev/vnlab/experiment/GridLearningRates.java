package dev.vnlab.experiment;

import dev.vnlab.settings.Arguments;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.Part;
import dev.vnlab.settings.RerunCommand;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.settings.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The optimizers a training grid compares and the learning rates of each, as a group of
 * settings: one JSON field {@code learning_rates}, an object from optimizer name to its rates;
 * on the command line {@code --optimizers} and one {@code --lr-NAME} per optimizer, whose defaults
 * are the chosen preset's rates for that optimizer.
 *
 * @param <S> the settings record
 */
final class GridLearningRates<S> implements Part<S> {
    static final Setting<List<OptimizerKind>> OPTIMIZERS = Setting.of("optimizers", "LIST", ValueType.names(OptimizerKind.class),
            "update rules: " + dev.vnlab.settings.Names.all(OptimizerKind.class) + " (momentum 0.9; Adam and RMSProp with MXNet's defaults)")
            .checked(dev.vnlab.settings.Checks.distinctNames());
    /** The presets' learning rates of every optimizer: the paper's spans, shifted by the feasible rates its supplementary reports. */
    private static final Map<OptimizerKind, double[]> QUICK_RATES = Map.of(OptimizerKind.SGD, new double[] {0.01, 0.1, 1},
            OptimizerKind.MOMENTUM, Labels.logSpaced(Math.pow(10, -2.5), Math.pow(10, -0.5), 3), OptimizerKind.ADAM, new double[] {1e-4, 1e-3, 1e-2},
            OptimizerKind.RMSPROP, new double[] {1e-4, 1e-3, 1e-2});
    private static final Map<OptimizerKind, double[]> PAPER_RATES = Map.of(OptimizerKind.SGD, Labels.logSpaced(1e-4, 1e-2, 9),
            OptimizerKind.MOMENTUM, Labels.logSpaced(Math.pow(10, -4.5), Math.pow(10, -2.5), 9), OptimizerKind.ADAM, Labels.logSpaced(1e-6, 1e-4, 9),
            OptimizerKind.RMSPROP, Labels.logSpaced(1e-6, 1e-4, 9));

    /** The quick preset's learning rates of an optimizer (a copy). */
    static double[] quick(OptimizerKind k) {
        return QUICK_RATES.get(k).clone();
    }

    /** The paper preset's learning rates of an optimizer (a copy). */
    static double[] paper(OptimizerKind k) {
        return PAPER_RATES.get(k).clone();
    }

    /** The gathered optimizers and rates, under {@link Values#other}. */
    static final Object GATHERED = "optimizers and learning rates";

    private final Function<S, List<OptimizerRates>> get;
    private final Function<OptimizerKind, double[]> quickRates, paperRates;

    /**
     * @param quickRates, paperRates the presets' rates of every optimizer (also of those a preset leaves out)
     */
    GridLearningRates(Function<S, List<OptimizerRates>> get, Function<OptimizerKind, double[]> quickRates, Function<OptimizerKind, double[]> paperRates) {
        this.get = get;
        this.quickRates = quickRates;
        this.paperRates = paperRates;
    }

    /** The option of one optimizer's rates, e.g. {@code --lr-sgd}. */
    static Setting<double[]> rates(OptimizerKind k) {
        String help = k == OptimizerKind.SGD ? "SGD learning rates, ascending: " + LearningRates.SYNTAX : k.id() + " learning rates, as --lr-sgd";
        return Setting.of(LearningRates.SETTING.key(), "LIST", LearningRates.TYPE, help).option("lr-" + k.id()).checked(dev.vnlab.settings.Checks.ascendingPositive());
    }

    /** The optimizers and rates {@link #parse} or {@link #read} gathered. */
    @SuppressWarnings("unchecked")
    static List<OptimizerRates> gathered(Values v) {
        return (List<OptimizerRates>) v.other(GATHERED);
    }

    @Override public List<Option> options(S quick, S paper) {
        List<Option> o = new ArrayList<>();
        o.add(OPTIMIZERS.option(kinds(get.apply(quick)), kinds(get.apply(paper))));
        for (OptimizerKind k : OptimizerKind.values()) o.add(rates(k).option(quickRates.apply(k), paperRates.apply(k)));
        return o;
    }

    private static List<OptimizerKind> kinds(List<OptimizerRates> rates) {
        return rates.stream().map(OptimizerRates::optimizer).toList();
    }

    @Override public void parse(Arguments a, S preset, Values into) {
        List<OptimizerKind> kinds = a.given(OPTIMIZERS.optionName()) ? OPTIMIZERS.parse(a.string(OPTIMIZERS.optionName())) : kinds(get.apply(preset));
        List<OptimizerRates> out = new ArrayList<>();
        for (OptimizerKind k : OptimizerKind.values()) {
            Setting<double[]> option = rates(k);
            boolean given = a.given(option.optionName());
            if (given && !kinds.contains(k)) {
                throw new IllegalArgumentException(option.flag() + " is given but " + OPTIMIZERS.flag() + " '" + OPTIMIZERS.text(kinds) + "' leaves out " + k.id()
                        + "; expected " + k.id() + " among " + OPTIMIZERS.flag() + ", or no " + option.flag());
            }
        }
        for (OptimizerKind k : kinds) {
            Setting<double[]> option = rates(k);
            double[] r = a.given(option.optionName()) ? option.parse(a.string(option.optionName())) : (a.paper() ? paperRates : quickRates).apply(k);
            out.add(new OptimizerRates(k, option.check(r)));
        }
        into.putOther(GATHERED, List.copyOf(out));
    }

    @Override public void read(Map<String, Object> config, Values into) {
        Map<String, Object> rates = ConfigFields.object(config, LearningRates.SETTING.key());
        List<OptimizerRates> out = new ArrayList<>();
        for (String id : rates.keySet()) out.add(new OptimizerRates(OptimizerKind.parse(id), ConfigFields.reals(rates, id)));
        into.putOther(GATHERED, List.copyOf(out));
    }

    @Override public void write(S settings, Map<String, Object> config) {
        Map<String, Object> rates = new LinkedHashMap<>();
        for (OptimizerRates o : get.apply(settings)) rates.put(o.optimizer().id(), o.learningRates());
        config.put(LearningRates.SETTING.key(), rates);
    }

    @Override public void rerun(S settings, RerunCommand command) {
        List<OptimizerRates> rates = get.apply(settings);
        command.option(OPTIMIZERS.optionName(), OPTIMIZERS.text(kinds(rates)));
        for (OptimizerRates o : rates) command.option(rates(o.optimizer()).optionName(), LearningRates.TYPE.text(o.learningRates()));
    }
}
