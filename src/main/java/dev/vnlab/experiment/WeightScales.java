package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.settings.Arguments;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.Part;
import dev.vnlab.settings.RerunCommand;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.settings.Values;
import dev.vnlab.theory.Criticality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The weight scales sigma_w^2 a sweep runs through, as a setting whose command line may name the
 * critical scale: {@code --sigma-w2 0.9,critical,2}, where {@value #CRITICAL} is sigma_w^2 with
 * sigma_w^2 mu_1(q*) = 1 for the activation and sigma_b^2 gathered before it. Sorted, a repeat
 * counted once (for ReLU the critical scale is 2).
 *
 * @param <S> the settings record
 */
final class WeightScales<S> implements Part<S> {
    /** The word for the critical scale. */
    static final String CRITICAL = "critical";
    /** The default: below, at and above the critical scale. */
    static final String AROUND_CRITICAL = "0.9," + CRITICAL + ",2";
    static final Setting<double[]> SETTING = Setting.of(SharedSettings.SIGMA_W2.key(), "LIST", ValueType.REALS,
            "weight scales sigma_w^2, comma-separated, swept in ascending order, a repeat counted once; '" + CRITICAL
                    + "' is the one with sigma_w^2 mu_1(q*) = 1 for --activation and --sigma-b2").checked(Checks.distinctPositive());

    private final Function<S, double[]> get;

    WeightScales(Function<S, double[]> get) {
        this.get = get;
    }

    /** The scales of a text such as {@value #AROUND_CRITICAL}, sorted and distinct. */
    static double[] of(String text, Activation phi, double sigmaB2) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.trim().equals(CRITICAL)) out.add(Criticality.forBias(phi, sigmaB2).sigmaW2());
            else out.add(number(part));
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }

    private static double number(String part) {
        try {
            return ValueType.REAL.parse(part);
        } catch (IllegalArgumentException e) {
            throw new ValueType.WrongPart(part.trim());
        }
    }

    @Override public List<Option> options(S quick, S paper) {
        return List.of(new Option(SETTING.optionName(), "LIST", AROUND_CRITICAL, null, SETTING.option(get.apply(quick), get.apply(paper)).help()));
    }

    @Override public void parse(Arguments a, S preset, Values into) {
        String text = a.given(SETTING.optionName()) ? a.string(SETTING.optionName()) : AROUND_CRITICAL;
        double sigmaB2 = SharedSettings.SIGMA_B2.check(into.get(SharedSettings.SIGMA_B2));
        try {
            into.put(SETTING, of(text, into.get(SharedSettings.ACTIVATION), sigmaB2));
        } catch (ValueType.WrongPart e) {
            throw new IllegalArgumentException(SETTING.flag() + " '" + text + "' is invalid at '" + e.part() + "'; expected comma-separated numbers or '" + CRITICAL
                    + "', e.g. " + AROUND_CRITICAL);
        }
    }

    @Override public void read(Map<String, Object> config, Values into) {
        into.put(SETTING, SETTING.read(config));
    }

    @Override public void write(S settings, Map<String, Object> config) {
        SETTING.write(get.apply(settings), config);
    }

    @Override public void rerun(S settings, RerunCommand command) {
        command.option(SETTING.optionName(), SETTING.text(get.apply(settings)));
    }
}
