package dev.vnlab.cli;

import dev.vnlab.experiment.HeatmapExperiment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./vnlab heatmap}: Fig. 3.2, heatmaps of the squared correlations between the nodes of
 * the last hidden layer (HeatmapExperiment), as a resumable, shardable sweep; synthetic or
 * {@code --data} inputs. The defaults are the experiment's quick and paper presets.
 */
final class HeatmapCommand implements Command {
    private static final HeatmapExperiment.Settings QUICK = HeatmapExperiment.Settings.quick(), PAPER = HeatmapExperiment.Settings.paper();
    private static final Option DEPTH_ROW_WIDTH = Option.preset("depth-row-width", "N", QUICK.depthRowWidth(), PAPER.depthRowWidth(),
            "width of the first row of panels, whose depth grows");
    private static final Option DEPTH_ROW_DEPTHS = Option.preset("depth-row-depths", "LIST", QUICK.depthRowDepths(), PAPER.depthRowDepths(),
            "depths L of the first row's panels, comma-separated or FROM:TO:STEP");
    private static final Option WIDTH_ROW_DEPTH = Option.preset("width-row-depth", "L", QUICK.widthRowDepth(), PAPER.widthRowDepth(),
            "depth of the second row of panels, whose width grows");
    private static final Option WIDTH_ROW_WIDTHS = Option.preset("width-row-widths", "LIST", QUICK.widthRowWidths(), PAPER.widthRowWidths(),
            "widths N of the second row's panels, comma-separated or FROM:TO:STEP");
    private static final Option INPUTS = Option.preset("inputs", "M", QUICK.inputs(), PAPER.inputs(), "inputs the correlations are taken over");
    private static final Option BATCH = ModelOptions.batch(QUICK.batch(), PAPER.batch());

    @Override public String name() { return HeatmapExperiment.COMMAND; }

    @Override public String summary() {
        return "Fig. 3.2: heatmaps of rho^2 between last-layer nodes, a row growing in depth and one in width, with VNI and theory; "
                + "synthetic or --data inputs; a sweep";
    }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/heatmap"));
        o.addAll(List.of(ModelOptions.ACTIVATION, ModelOptions.INIT, ModelOptions.SIGMA_W2, ModelOptions.SIGMA_B2, ModelOptions.CRITICAL, ModelOptions.Q_STAR,
                DEPTH_ROW_WIDTH, DEPTH_ROW_DEPTHS,
                WIDTH_ROW_DEPTH, WIDTH_ROW_WIDTHS, INPUTS, DataOptions.DATA, ModelOptions.INPUT_VARIANCE, BATCH));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        HeatmapExperiment experiment = new HeatmapExperiment(settings(args));
        Path data = experiment.settings().data();
        if (data != null && !args.flag("dry-run")) DataOptions.load(data, experiment::loadData);
        return Sweeps.run(experiment, args, out, err);
    }

    /** The experiment's settings from the options. */
    static HeatmapExperiment.Settings settings(ParsedArgs a) {
        Path data = DataOptions.directory(a);
        return new HeatmapExperiment.Settings(ModelOptions.activation(a), ModelOptions.init(a), a.integer("depth-row-width", 1, Integer.MAX_VALUE),
                a.integers("depth-row-depths"), a.integer("width-row-depth", 1, Integer.MAX_VALUE), a.integers("width-row-widths"),
                a.integer("inputs", 2, Integer.MAX_VALUE), data, data == null ? a.real("input-variance") : Double.NaN, a.integer("batch", 1, 1 << 20),
                a.longValue("seed"));
    }
}
