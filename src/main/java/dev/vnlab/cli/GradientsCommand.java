package dev.vnlab.cli;

import dev.vnlab.experiment.GradientScales;
import dev.vnlab.nn.Activation;
import dev.vnlab.theory.Criticality;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./vnlab gradients}: Section 4, the forward, backward and weight-gradient variance
 * scales against depth beside the VNI (GradientScales), as a resumable, shardable sweep. The
 * defaults are the experiment's quick and paper presets.
 */
final class GradientsCommand implements Command {
    /** The word in --sigma-w2 that stands for the critical weight scale of --activation and --sigma-b2. */
    static final String CRITICAL = "critical";

    private static final GradientScales.Settings QUICK = GradientScales.Settings.quick(), PAPER = GradientScales.Settings.paper();
    private static final Option ACTIVATION = ModelOptions.activation(QUICK.activation());
    private static final Option SIGMA_W2 = Option.value("sigma-w2", "LIST", "0.9," + CRITICAL + ",2",
            "weight scales sigma_w^2, comma-separated, swept in ascending order, a repeat counted once; '" + CRITICAL
                    + "' is the one with sigma_w^2 mu_1(q*) = 1 for --activation and --sigma-b2");
    private static final Option WIDTH = Option.preset("width", "N", QUICK.width(), PAPER.width(), "width N of the inputs and every hidden layer");
    private static final Option DEPTHS = ModelOptions.depths(QUICK.depths(), PAPER.depths());
    private static final Option NETS = ModelOptions.nets(QUICK.nets(), PAPER.nets());
    private static final Option INPUTS = Option.preset("inputs", "M", QUICK.inputs(), PAPER.inputs(), "inputs the forward variance and the VNI are taken over");
    private static final Option GRADIENT_INPUTS = Option.preset("gradient-inputs", "K", QUICK.gradientInputs(), PAPER.gradientInputs(),
            "inputs the gradients are taken at, the first K of the input set");
    private static final Option COTANGENT_VARIANCE = Option.preset("cotangent-variance", "Q", QUICK.cotangentVariance(), PAPER.cotangentVariance(),
            "variance sigma_y^2 of the random cotangents dCost/dx_L back-propagated");
    private static final Option BATCH = ModelOptions.batch(QUICK.batch(), PAPER.batch());

    @Override public String name() { return GradientScales.COMMAND; }

    @Override public String summary() {
        return "Section 4: forward, backward and weight-gradient variances against depth below, at and above criticality, "
                + "beside eq. 4.1-4.3 and the VNI; a sweep";
    }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/gradients"));
        o.addAll(List.of(ACTIVATION, ModelOptions.INIT, SIGMA_W2, ModelOptions.SIGMA_B2, WIDTH, DEPTHS, NETS, INPUTS, GRADIENT_INPUTS, ModelOptions.INPUT_VARIANCE,
                COTANGENT_VARIANCE, BATCH));
        return o;
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        return Sweeps.run(new GradientScales(settings(args)), args, out, err);
    }

    /** The experiment's settings from the options. */
    static GradientScales.Settings settings(ParsedArgs a) {
        Activation phi = ModelOptions.activation(a);
        double sigmaB2 = a.real("sigma-b2");
        return new GradientScales.Settings(phi, ModelOptions.scheme(a), sigmaB2, weightScales(a, phi, sigmaB2), a.integer("width", 1, Integer.MAX_VALUE),
                a.integers("depths"), a.integer("nets", 1, Integer.MAX_VALUE), a.integer("inputs", 2, Integer.MAX_VALUE),
                a.integer("gradient-inputs", 1, Integer.MAX_VALUE), a.real("input-variance"), a.real("cotangent-variance"), a.integer("batch", 1, 1 << 20),
                a.longValue("seed"));
    }

    /** --sigma-w2: numbers and {@value #CRITICAL}, ascending and distinct (for ReLU the critical scale is 2, one of the defaults). */
    private static double[] weightScales(ParsedArgs a, Activation phi, double sigmaB2) {
        String text = a.string("sigma-w2");
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.equals(CRITICAL)) {
                if (sigmaB2 < 0) throw new UsageException("--sigma-b2 " + sigmaB2 + " is invalid; expected a value >= 0");
                out.add(Criticality.forBias(phi, sigmaB2).sigmaW2());
                continue;
            }
            try {
                double v = Double.parseDouble(p);
                if (!Double.isFinite(v)) throw new NumberFormatException();
                out.add(v);
            } catch (NumberFormatException e) {
                throw new UsageException("--sigma-w2 '" + text + "' is invalid at '" + p + "'; expected comma-separated numbers or '" + CRITICAL + "', e.g. 0.9,critical,2");
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }
}
