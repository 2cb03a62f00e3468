package dev.vnlab.experiment;

import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists of learning rates as the training experiments' settings write them: comma-separated
 * values, each a number (0.01, 1e-3) or a power of ten (10^-4.5), or a range FROM:TO:N of N values
 * equally spaced in log10 and rounded as the presets' are ({@link Labels#logSpaced}), so that
 * 1e-4:1e-2:9 is the paper's grid. Finite, positive and strictly ascending.
 */
final class LearningRates {
    private LearningRates() {}

    /** How a list is written, for help texts. */
    static final String SYNTAX = "comma-separated, or FROM:TO:N for N values log-spaced from FROM to TO (4 significant digits; 10^-4.5 is a value too)";

    /** The value type: parsed as above, printed and written as plain numbers. */
    static final ValueType<double[]> TYPE = new ValueType.Simple<>("learning rates > 0, " + SYNTAX + ", e.g. 1e-4:1e-2:9", LearningRates::parse,
            ValueType.REALS::text, ValueType.REALS::json, ValueType.REALS::read);

    /** The SGD learning rates of the train command. */
    static final Setting<double[]> SETTING = Setting.of("learning_rates", "LIST", TYPE, "SGD learning rates, ascending: " + SYNTAX)
            .checked(Checks.ascendingPositive());

    private static double[] parse(String s) {
        List<Double> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            String p = part.trim();
            try {
                String[] r = p.split(":", -1);
                if (r.length == 3) {
                    int n = Integer.parseInt(r[2].trim());
                    if (n < 1 || n > 1000) throw new NumberFormatException();
                    for (double v : Labels.logSpaced(rate(r[0]), rate(r[1]), n)) out.add(v);
                } else if (r.length == 1) {
                    out.add(rate(p));
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ValueType.WrongPart(p);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A value > 0 and finite: a number or 10^E. */
    private static double rate(String text) {
        String t = text.trim();
        double v = t.startsWith("10^") ? Math.pow(10, Double.parseDouble(t.substring(3))) : Double.parseDouble(t);
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) throw new NumberFormatException();
        return v;
    }
}
