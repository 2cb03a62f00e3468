package dev.vnlab.cli;

import dev.vnlab.experiment.TrainingVni;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.theory.Criticality;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code ./vnlab train}: Section 3.2, the VNI of every hidden layer during SGD training (TrainingVni), as a resumable, shardable sweep. */
final class TrainCommand implements Command {
    private static final Option TRAIN_IMAGES = Option.preset("train-images", "N", "5000", "50000", "train on the first N training images");
    private static final Option TEST_IMAGES = Option.preset("test-images", "M", "1000", "10000", "test on the first M test images after every epoch (0: none)");
    private static final Option PROBE_IMAGES = Option.preset("probe-images", "P", "1000", "10000",
            "measure the VNI over the first P training images after every epoch");
    private static final Option DEPTH = Option.preset("depth", "L", "20", "100", "hidden layers");
    private static final Option WIDTH = Option.preset("width", "N", "100", "500", "nodes per hidden layer");
    private static final Option SIGMA_W2 = Option.value("sigma-w2", "X", null,
            "weight scale sigma_w^2 of every layer (default: critical for the activation and sigma_b^2, sigma_w^2 mu_1(q*) = 1; tanh: 1)");
    private static final Option LEARNING_RATES = Option.preset("learning-rates", "LIST", "1e-3,1e-2,1e-1", "1e-4,1e-3,1e-2",
            "SGD learning rates, ascending: " + TrainingOptions.RATES_SYNTAX);
    private static final Option RUNS = Option.preset("runs", "K", "3", "20", "runs per learning rate (run k starts from the same network at every rate)");
    private static final Option EPOCHS = Option.preset("epochs", "E", "5", "100", "epochs per run");

    @Override public String name() { return TrainingVni.COMMAND; }

    @Override public String summary() {
        return "Section 3.2: the VNI of every hidden layer during SGD training on MNIST-style images, quartiles over runs; a sweep";
    }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/train"));
        o.addAll(List.of(TrainingOptions.DATA, TRAIN_IMAGES, TEST_IMAGES, PROBE_IMAGES, DEPTH, WIDTH, TrainingOptions.ACTIVATION, ModelOptions.INIT,
                SIGMA_W2, ModelOptions.SIGMA_B2, ModelOptions.CRITICAL, ModelOptions.Q_STAR, LEARNING_RATES, RUNS, EPOCHS, TrainingOptions.BATCH));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        TrainingVni experiment = new TrainingVni(settings(args));
        if (!args.flag("dry-run")) DataOptions.load(experiment.settings().data(), experiment::loadData);
        return Sweeps.run(experiment, args, out, err);
    }

    /** The experiment's settings from the options. */
    static TrainingVni.Settings settings(ParsedArgs a) {
        Activation phi = ModelOptions.activation(a);
        // Without --sigma-w2 the scales are critical, as with --critical; --q-star chooses both.
        Init init = a.has("sigma-w2") || a.has("q-star") || a.flag("critical") ? ModelOptions.init(a)
                : Criticality.init(ModelOptions.scheme(a), phi, a.real("sigma-b2"));
        int max = Integer.MAX_VALUE;
        return new TrainingVni.Settings(TrainingOptions.data(a), a.integer("train-images", 1, max), a.integer("test-images", 0, max),
                a.integer("probe-images", 2, max), a.integer("depth", 1, 100_000), a.integer("width", 1, 1 << 20), phi, init,
                TrainingOptions.learningRates(a, "learning-rates"), a.integer("runs", 1, max), a.integer("epochs", 1, max),
                a.integer("batch", 1, max), a.longValue("seed"));
    }
}
