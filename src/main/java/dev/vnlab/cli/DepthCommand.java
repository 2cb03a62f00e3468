package dev.vnlab.cli;

import dev.vnlab.experiment.DepthExperiment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./vnlab depth}: Fig. 3.1, the VNI against depth (DepthExperiment), as a resumable,
 * shardable sweep. The same class serves {@code ./vnlab demo}, the quick synthetic preset with
 * its own output directory.
 */
final class DepthCommand implements Command {
    private static final Option NETS = ModelOptions.nets(20, 100);
    private static final Option INPUTS = Option.value("inputs", "M", null,
            "inputs the covariance is taken over (default: 1000; paper: 1000 synthetic, 50000 with --data)");
    private static final Option JACOBIAN_INPUTS = Option.preset("jacobian-inputs", "K", "4", "10",
            "inputs the Jacobian VNI is measured at, the first K of the input set (0: none)");
    private static final Option PROBES = Option.preset("probes", "P", "16", "32", "Gaussian probes per input for the Jacobian VNI; 0 for the exact Jacobian");
    private static final Option BATCH = ModelOptions.batch(1000, 1000);

    private final String name, summary, defaultOut;

    DepthCommand(String name, String summary, String defaultOut) {
        this.name = name;
        this.summary = summary;
        this.defaultOut = defaultOut;
    }

    @Override public String name() { return name; }

    @Override public String summary() { return summary; }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep(defaultOut));
        o.addAll(List.of(ModelOptions.ACTIVATION, ModelOptions.INIT, ModelOptions.SIGMA_W2, ModelOptions.SIGMA_B2, ModelOptions.CRITICAL, ModelOptions.Q_STAR,
                ModelOptions.WIDTHS,
                ModelOptions.DEPTHS, NETS, INPUTS, DataOptions.DATA, ModelOptions.INPUT_VARIANCE, JACOBIAN_INPUTS, PROBES, BATCH));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        DepthExperiment experiment = new DepthExperiment(settings(args));
        if (experiment.settings().data() != null && !args.flag("dry-run")) DataOptions.load(experiment.settings().data(), experiment::loadData);
        return Sweeps.run(experiment, args, out, err);
    }

    /** The experiment's settings from the options. */
    static DepthExperiment.Settings settings(ParsedArgs a) {
        Path data = DataOptions.directory(a);
        int inputs = a.has("inputs") ? a.integer("inputs", 2, Integer.MAX_VALUE) : a.paper() && data != null ? 50_000 : 1000;
        return new DepthExperiment.Settings(ModelOptions.activation(a), ModelOptions.init(a), a.integers("widths"), a.integers("depths"),
                a.integer("nets", 1, Integer.MAX_VALUE), inputs, data, data == null ? a.real("input-variance") : Double.NaN,
                a.integer("jacobian-inputs", 0, Integer.MAX_VALUE), a.integer("probes", 0, Integer.MAX_VALUE), a.integer("batch", 1, 1 << 20),
                a.longValue("seed"));
    }
}
