package dev.vnlab.cli;

import dev.vnlab.experiment.Names;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;

/** The options that describe the networks measured and their theory, shared by the commands that build networks. */
final class ModelOptions {
    private ModelOptions() {}

    static final Option ACTIVATION = activation(Activation.HARD_TANH);
    static final Option INIT = Option.value("init", "SCHEME", "gaussian", "weight distribution: " + Names.all(Init.Scheme.class) + " (variance sigma_w^2 / fan_in)");
    static final Option SIGMA_W2 = Option.value("sigma-w2", "X", "1", "weight scale sigma_w^2");
    static final Option SIGMA_B2 = Option.value("sigma-b2", "X", "0", "bias variance sigma_b^2");
    private static final String WIDTHS_HELP = "widths N, comma-separated (ranges FROM:TO:STEP too)", DEPTHS_HELP = "depths L, comma-separated or FROM:TO:STEP";
    static final Option WIDTHS = Option.value("widths", "LIST", "200,500", WIDTHS_HELP);
    static final Option DEPTHS = Option.value("depths", "LIST", "10:100:10", DEPTHS_HELP);
    static final Option INPUT_VARIANCE = Option.value("input-variance", "Q", "0.1", "variance of the i.i.d. Gaussian inputs (q_x of the finite-depth theory)");

    /** --activation with a command's own default. */
    static Option activation(Activation defaultValue) {
        return Option.value("activation", "PHI", Names.of(defaultValue), "hidden activation: " + Names.all(Activation.class));
    }

    /** --widths with the quick and paper presets' widths. */
    static Option widths(int[] quick, int[] paper) {
        return Option.preset("widths", "LIST", quick, paper, WIDTHS_HELP);
    }

    /** --depths with the quick and paper presets' depths. */
    static Option depths(int[] quick, int[] paper) {
        return Option.preset("depths", "LIST", quick, paper, DEPTHS_HELP);
    }

    /** --nets K with the presets' numbers of networks. */
    static Option nets(int quick, int paper) {
        return Option.preset("nets", "K", quick, paper, "random networks per point");
    }

    /** --batch B with the presets' batch sizes. */
    static Option batch(int quick, int paper) {
        return Option.preset("batch", "B", quick, paper, "inputs per forward pass");
    }

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
