package dev.vnlab.cli;

import dev.vnlab.experiment.Names;
import dev.vnlab.experiment.OptimizerKind;
import dev.vnlab.experiment.TrainingGrid;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./vnlab grid}: Fig. 5.1 and its supplementary, the probability of successful training
 * over depth and learning rate (TrainingGrid), as a resumable, shardable sweep.
 */
final class GridCommand implements Command {
    private static final Option TRAIN_IMAGES = Option.preset("train-images", "N", "2000", "50000",
            "train on the first N training images; success is judged by a full pass over them");
    private static final Option PROBE_IMAGES = Option.preset("probe-images", "P", "500", "1000", "measure the output-layer VNI over the first P training images");
    private static final Option DEPTHS = Option.preset("depths", "LIST", "5,10,20", "25,36,53,77,112,163,236,344,500",
            "depths L, ascending: comma-separated or FROM:TO:STEP");
    private static final Option WIDTH = Option.preset("width", "N", "64", "500", "nodes per hidden layer");
    private static final Option ACTIVATIONS = Option.value("activations", "LIST", "tanh,relu",
            "hidden activations, each at its critical sigma_w^2 (zero biases): " + Names.all(Activation.class));
    private static final Option INITS = Option.value("inits", "LIST", "gaussian,orthogonal", "weight distributions: " + Names.all(Init.Scheme.class));
    private static final Option OPTIMIZERS = Option.preset("optimizers", "LIST", "sgd", "sgd,momentum,adam,rmsprop",
            "update rules: " + Names.all(OptimizerKind.class) + " (momentum 0.9; Adam and RMSProp with MXNet's defaults)");
    /** The learning rates of each optimizer: the paper's spans, shifted by the feasible rates its supplementary reports. */
    private static final List<Option> RATES = List.of(
            Option.preset("lr-sgd", "LIST", "0.01,0.1,1", "1e-4:1e-2:9", "SGD learning rates, ascending: " + TrainingOptions.RATES_SYNTAX),
            Option.preset("lr-momentum", "LIST", "10^-2.5:10^-0.5:3", "10^-4.5:10^-2.5:9", "momentum learning rates, as --lr-sgd"),
            Option.preset("lr-adam", "LIST", "1e-4,1e-3,1e-2", "1e-6:1e-4:9", "Adam learning rates, as --lr-sgd"),
            Option.preset("lr-rmsprop", "LIST", "1e-4,1e-3,1e-2", "1e-6:1e-4:9", "RMSProp learning rates, as --lr-sgd"));
    private static final Option RUNS = Option.preset("runs", "K", "2", "20", "runs per depth and learning rate");
    private static final Option EPOCHS = Option.preset("epochs", "E", "10", "100", "the epoch budget: a run that has not reached the target by then failed");
    private static final Option TARGET = Option.preset("target-accuracy", "A", "0.8", "0.9", "the training accuracy (a fraction) that counts as success");

    @Override public String name() { return TrainingGrid.COMMAND; }

    @Override public String summary() {
        return "Fig. 5.1: probability of reaching the target training accuracy over depth x learning rate, per activation, weights and optimizer; a sweep";
    }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/grid"));
        o.addAll(List.of(TrainingOptions.DATA, TRAIN_IMAGES, PROBE_IMAGES, DEPTHS, WIDTH, ACTIVATIONS, INITS, OPTIMIZERS));
        o.addAll(RATES);
        o.addAll(List.of(RUNS, EPOCHS, TARGET, TrainingOptions.BATCH));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        TrainingGrid experiment = new TrainingGrid(settings(args));
        if (!args.flag("dry-run")) DataOptions.load(experiment.settings().data(), experiment::loadData);
        return Sweeps.run(experiment, args, out, err);
    }

    /** The experiment's settings from the options. */
    static TrainingGrid.Settings settings(ParsedArgs a) {
        List<OptimizerKind> optimizers = TrainingOptions.names(a, "optimizers", OptimizerKind.class);
        List<TrainingGrid.OptimizerRates> rates = new ArrayList<>();
        for (OptimizerKind k : optimizers) rates.add(new TrainingGrid.OptimizerRates(k, TrainingOptions.learningRates(a, rateOption(k))));
        for (OptimizerKind k : OptimizerKind.values()) {
            if (a.given(rateOption(k)) && !optimizers.contains(k)) {
                throw new UsageException("--" + rateOption(k) + " is given but --optimizers '" + a.string("optimizers") + "' leaves out " + k.id()
                        + "; expected " + k.id() + " among --optimizers, or no --" + rateOption(k));
            }
        }
        int max = Integer.MAX_VALUE;
        return new TrainingGrid.Settings(TrainingOptions.data(a), a.integer("train-images", 1, max), a.integer("probe-images", 2, max), a.integers("depths"),
                a.integer("width", 1, 1 << 20), TrainingOptions.names(a, "activations", Activation.class), TrainingOptions.names(a, "inits", Init.Scheme.class),
                rates, a.integer("runs", 1, max), a.integer("epochs", 1, max), a.real("target-accuracy"), a.integer("batch", 1, max), a.longValue("seed"));
    }

    private static String rateOption(OptimizerKind k) {
        return "lr-" + k.id();
    }
}
