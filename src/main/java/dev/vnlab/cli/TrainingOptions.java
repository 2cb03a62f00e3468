package dev.vnlab.cli;

import dev.vnlab.data.Mnist;
import dev.vnlab.experiment.Labels;
import dev.vnlab.experiment.Names;
import dev.vnlab.nn.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the training commands (train, grid, xor) share: the data directory,
 * their activation default, lists of learning rates with log-spaced ranges, and lists of names.
 */
final class TrainingOptions {
    private TrainingOptions() {}

    static final Option DATA = Option.value("data", "DIR", Mnist.FASHION_MNIST_DEBIAN.toString(),
            "directory of MNIST-style IDX files (train and t10k images and labels, raw or .gz); the paper used MNIST");
    static final Option ACTIVATION = Option.value("activation", "PHI", "tanh", "hidden activation: " + Names.all(Activation.class));
    static final Option BATCH = Option.value("batch", "B", "100", "examples per step");
    /** How a learning-rate list is written, for help texts. */
    static final String RATES_SYNTAX = "comma-separated, or FROM:TO:N for N values log-spaced from FROM to TO (4 significant digits; 10^-4.5 is a value too)";

    /**
     * --data, checked to be a directory.
     *
     * @throws UsageException naming the directory, with how to get a data set
     */
    static Path data(ParsedArgs a) {
        Path d = a.path("data");
        if (!Files.isDirectory(d)) {
            throw new UsageException("--data " + d + (a.given("data") ? " is not a directory; " : " (the default) does not exist; ") + DataOptions.HINT);
        }
        return d;
    }

    /**
     * A list of learning rates: comma-separated values, each a number (0.01, 1e-3) or a power
     * of ten (10^-4.5), or a range FROM:TO:N of N values equally spaced in log10 and rounded as
     * the presets' are ({@link Labels#logSpaced}), so that 1e-4:1e-2:9 is the paper's grid.
     * Whether they ascend is the experiment's check.
     */
    static double[] learningRates(ParsedArgs a, String option) {
        String s = a.string(option);
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
                throw new UsageException("--" + option + " '" + s + "' is invalid at '" + p + "'; expected learning rates > 0, " + RATES_SYNTAX
                        + ", e.g. 1e-4:1e-2:9");
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

    /** A comma-separated list of enum names ({@link Names#parse}), in the order given. */
    static <E extends Enum<E>> List<E> names(ParsedArgs a, String option, Class<E> type) {
        List<E> out = new ArrayList<>();
        for (String part : a.string(option).split(",", -1)) out.add(Names.parse(type, "--" + option, part));
        return out;
    }
}
