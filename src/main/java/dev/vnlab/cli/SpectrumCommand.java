package dev.vnlab.cli;

import dev.vnlab.experiment.SpectrumExperiment;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./vnlab spectrum}: the eigenvalues of J J^T and its moments against the theory
 * (SpectrumExperiment), as a resumable, shardable sweep. The defaults are the experiment's quick
 * and paper presets.
 */
final class SpectrumCommand implements Command {
    private static final SpectrumExperiment.Settings QUICK = SpectrumExperiment.Settings.quick(), PAPER = SpectrumExperiment.Settings.paper();
    private static final Option WIDTHS = ModelOptions.widths(QUICK.widths(), PAPER.widths());
    private static final Option DEPTHS = ModelOptions.depths(QUICK.depths(), PAPER.depths());
    private static final Option NETS = ModelOptions.nets(QUICK.nets(), PAPER.nets());
    private static final Option INPUTS = Option.preset("inputs", "M", QUICK.inputs(), PAPER.inputs(),
            "inputs the covariance VNI and the inputs' mean square q_x are taken over");
    private static final Option JACOBIAN_INPUTS = Option.preset("jacobian-inputs", "K", QUICK.jacobianInputs(), PAPER.jacobianInputs(),
            "inputs the Jacobian is taken at, the first K of the input set");
    private static final Option EXACT_WIDTH_LIMIT = Option.preset("exact-width-limit", "N", QUICK.exactWidthLimit(), PAPER.exactWidthLimit(),
            "widths up to this are measured exactly (J formed, eigenvalues and histograms), wider ones by probes");
    private static final Option PROBES = Option.preset("probes", "P", QUICK.probes(), PAPER.probes(), "Gaussian probes per input for widths above --exact-width-limit");
    private static final Option BINS = Option.preset("bins", "B", QUICK.bins(), PAPER.bins(), "logarithmic bins of the eigenvalue histograms");
    private static final Option BATCH = ModelOptions.batch(QUICK.batch(), PAPER.batch());

    @Override public String name() { return SpectrumExperiment.COMMAND; }

    @Override public String summary() {
        return "the Jacobian spectrum: eigenvalue histograms of J J^T, m1, m2/m1^2 and the Jacobian VNI against depth, measured and predicted; a sweep";
    }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/spectrum"));
        o.addAll(List.of(ModelOptions.ACTIVATION, ModelOptions.INIT, ModelOptions.SIGMA_W2, ModelOptions.SIGMA_B2, ModelOptions.CRITICAL, ModelOptions.Q_STAR,
                WIDTHS, DEPTHS, NETS, INPUTS,
                JACOBIAN_INPUTS, EXACT_WIDTH_LIMIT, PROBES, ModelOptions.INPUT_VARIANCE, BINS, BATCH));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        return Sweeps.run(new SpectrumExperiment(settings(args)), args, out, err);
    }

    /** The experiment's settings from the options. */
    static SpectrumExperiment.Settings settings(ParsedArgs a) {
        return new SpectrumExperiment.Settings(ModelOptions.activation(a), ModelOptions.init(a), a.integers("widths"), a.integers("depths"),
                a.integer("nets", 1, Integer.MAX_VALUE), a.integer("inputs", 2, Integer.MAX_VALUE), a.integer("jacobian-inputs", 1, Integer.MAX_VALUE),
                a.integer("exact-width-limit", 0, Integer.MAX_VALUE), a.integer("probes", 2, Integer.MAX_VALUE), a.real("input-variance"),
                a.integer("bins", 1, 10_000), a.integer("batch", 1, 1 << 20), a.longValue("seed"));
    }
}
