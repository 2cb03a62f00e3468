package dev.vnlab.cli;

import dev.vnlab.experiment.Names;
import dev.vnlab.experiment.OptimizerKind;
import dev.vnlab.experiment.XorExperiment;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./vnlab xor}: the walking-dead gradients, critical networks learning XOR (XorExperiment),
 * as a resumable, shardable sweep. Synthetic data: the four points of {-1, +1}^2.
 */
final class XorCommand implements Command {
    private static final Option DEPTHS = Option.preset("depths", "LIST", "2,5,10,20,50,100", "2,3,5,10,20,30,50,100",
            "depths L, ascending: comma-separated or FROM:TO:STEP");
    private static final Option WIDTHS = Option.preset("widths", "LIST", "8,16", "8,16,32", "widths N, ascending");
    private static final Option RUNS = Option.preset("runs", "K", "5", "20", "runs per width and depth");
    private static final Option STEPS = Option.preset("steps", "S", "1000", "5000", "full-batch steps at most; a run that has not classified all four points by then failed");
    private static final Option OPTIMIZER = Option.value("optimizer", "NAME", "adam", "update rule: " + Names.all(OptimizerKind.class));
    private static final Option LEARNING_RATE = Option.value("learning-rate", "LR", "1e-3", "the optimizer's constant learning rate");

    @Override public String name() { return XorExperiment.COMMAND; }

    @Override public String summary() {
        return "walking-dead gradients: critical networks learning XOR; failures, VNI and gradient norms against depth; a sweep";
    }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/xor"));
        o.addAll(List.of(TrainingOptions.ACTIVATION, ModelOptions.INIT, DEPTHS, WIDTHS, RUNS, STEPS, OPTIMIZER, LEARNING_RATE));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        return Sweeps.run(new XorExperiment(settings(args)), args, out, err);
    }

    /** The experiment's settings from the options; every layer at the activation's critical sigma_w^2 (zero biases). */
    static XorExperiment.Settings settings(ParsedArgs a) {
        return new XorExperiment.Settings(ModelOptions.activation(a), ModelOptions.scheme(a), a.integers("depths"), a.integers("widths"),
                a.integer("runs", 1, Integer.MAX_VALUE), a.integer("steps", 1, Integer.MAX_VALUE),
                Names.parse(OptimizerKind.class, "--optimizer", a.string("optimizer")), a.real("learning-rate"), a.longValue("seed"));
    }
}
