package dev.vnlab.cli;

import dev.vnlab.experiment.Names;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;

/** The options that describe the networks of Fig. 3.1 and their theory: shared by depth, demo and theory. */
final class ModelOptions {
    private ModelOptions() {}

    static final Option ACTIVATION = Option.value("activation", "PHI", "hard-tanh", "hidden activation: " + Names.all(Activation.class));
    static final Option INIT = Option.value("init", "SCHEME", "gaussian", "weight distribution: " + Names.all(Init.Scheme.class) + " (variance sigma_w^2 / fan_in)");
    static final Option SIGMA_W2 = Option.value("sigma-w2", "X", "1", "weight scale sigma_w^2");
    static final Option SIGMA_B2 = Option.value("sigma-b2", "X", "0", "bias variance sigma_b^2");
    static final Option WIDTHS = Option.value("widths", "LIST", "200,500", "widths N, comma-separated (ranges FROM:TO:STEP too)");
    static final Option DEPTHS = Option.value("depths", "LIST", "10:100:10", "depths L, comma-separated or FROM:TO:STEP");
    static final Option INPUT_VARIANCE = Option.value("input-variance", "Q", "0.1", "variance of the i.i.d. Gaussian inputs (q_x of the finite-depth theory)");

    static Activation activation(ParsedArgs a) {
        return Names.parse(Activation.class, "--activation", a.string("activation"));
    }

    static Init.Scheme scheme(ParsedArgs a) {
        return Names.parse(Init.Scheme.class, "--init", a.string("init"));
    }

    /** The hidden layers' Init from --init, --sigma-w2, --sigma-b2. */
    static Init init(ParsedArgs a) {
        double w = a.real("sigma-w2"), b = a.real("sigma-b2");
        if (w < 0) throw new UsageException("--sigma-w2 " + w + " is invalid; expected a value >= 0");
        if (b < 0) throw new UsageException("--sigma-b2 " + b + " is invalid; expected a value >= 0");
        return new Init(scheme(a), w, b);
    }
}
