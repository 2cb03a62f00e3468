package dev.vnlab.experiment;

import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.experiment.GradientScales.Settings;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import dev.vnlab.settings.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The outputs of the gradient-scales experiment, made from its cells' records alone: the tables
 * of forward, backward and weight-gradient variances and the VNI against depth, their figures
 * beside the theory, report.md with a reading of them, and the console table.
 */
record GradientScalesRendering(Settings settings) {
    /** Layers marked in the across-layers figure; every layer is in gradients-layers.csv. */
    private static final int LAYERS_SHOWN = 26;

    /**
     * Writes {@code gradients.csv} (one row per weight scale and depth), {@code gradients-layers.csv}
     * (one row per layer of each), the figures {@code gradients-forward}, {@code gradients-backward},
     * {@code gradients-weights}, {@code gradients-layers} and {@code gradients-vni} (SVG and PNG) and
     * {@code report.md} from every cell's record (in any order; as {@link GradientScales#run} returns them or as
     * read back from JSON).
     *
     * @throws IllegalArgumentException if a cell's record is missing or malformed
     */
    public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        List<List<GradientPoint>> byScale = GradientPoint.of(settings, records);
        Table csv = new Table("sigma_w2", "chi", "depth", "nets", "collapsed", "chi_to_L",
                "forward_variance_mean", "forward_variance_sd", "forward_fixed_point", "forward_finite_depth",
                "backward_variance_mean", "backward_variance_sd", "backward_fixed_point", "backward_finite_depth",
                "weight_gradient_first_mean", "weight_gradient_first_sd", "weight_gradient_first_finite_depth",
                "weight_gradient_last_mean", "weight_gradient_last_sd", "weight_gradient_last_finite_depth", "weight_gradient_fixed_point",
                "vni_mean", "vni_sd", "vni_fixed_point", "vni_finite_depth");
        Table layers = new Table("sigma_w2", "depth", "layer", "nets", "weight_gradient_mean", "weight_gradient_sd", "weight_gradient_fixed_point",
                "weight_gradient_finite_depth");
        Table shown = new Table("σ_w²", "χ", "L", "χ^L", "Var x_L", "x_L theory", "Var ∂x_0", "∂x_0 theory", "Var ∂W_1", "∂W_1 theory",
                "Var ∂W_L", "∂W_L theory", "collapsed", "VNI", "VNI eq. 3.6", "VNI finite L");
        for (List<GradientPoint> scale : byScale) {
            for (GradientPoint p : scale) {
                int last = p.depth() - 1;
                Spread w1 = p.weights()[0], wl = p.weights()[last];
                csv.add(p.sigmaW2(), p.chi(), p.depth(), settings.nets(), p.collapsed(), p.chiToL(),
                        p.forward().mean(), p.forward().sd(), p.fixedForward(), p.finiteForward(),
                        p.backward().mean(), p.backward().sd(), p.fixedBackward(), p.finiteBackward(),
                        w1.mean(), w1.sd(), p.finiteWeight(0), wl.mean(), wl.sd(), p.finiteWeight(last), p.fixedWeight(0),
                        p.vni().mean(), p.vni().sd(), p.fixedVni(), p.finiteVni());
                shown.add(p.sigmaW2(), p.chi(), p.depth(), p.chiToL(), p.forward().mean(), p.finiteForward(), p.backward().mean(), p.finiteBackward(),
                        w1.mean(), p.finiteWeight(0), wl.mean(), p.finiteWeight(last), p.collapsed(), p.vni().mean(), p.fixedVni(), p.finiteVni());
                for (int l = 0; l < p.depth(); l++) {
                    layers.add(p.sigmaW2(), p.depth(), l + 1, settings.nets(), p.weights()[l].mean(), p.weights()[l].sd(), p.fixedWeight(l), p.finiteWeight(l));
                }
            }
        }
        out.writeCsv("gradients.csv", csv);
        out.writeCsv("gradients-layers.csv", layers);
        out.writeFigure("gradients-forward", alongDepth(byScale, "Forward variance Var[x_L] (eq. 4.1)", "Var[x_L]", true,
                p -> p.forward(), GradientPoint::fixedForward, GradientPoint::finiteForward));
        out.writeFigure("gradients-backward", alongDepth(byScale, "Backward variance Var[∂Cost/∂x_0] (eq. 4.2)", "Var[∂Cost/∂x_0]", true,
                p -> p.backward(), GradientPoint::fixedBackward, GradientPoint::finiteBackward));
        out.writeFigure("gradients-weights", alongDepth(byScale, "Weight-gradient variance of layer 1 (eq. 4.3)", "Var[∂Cost/∂W_1]", true,
                p -> p.weights()[0], p -> p.fixedWeight(0), p -> p.finiteWeight(0)));
        out.writeFigure("gradients-layers", alongLayers(byScale));
        out.writeFigure("gradients-vni", alongDepth(byScale, "VNI of the last hidden layer", "VNI", false,
                p -> p.vni(), p -> p.fixedVni(), p -> p.finiteVni()));

        int deepest = settings.depths()[settings.depths().length - 1];
        Report report = new Report("Forward and backward scales against the VNI (Section 4)")
                .paragraph(setup())
                .table(shown)
                .paragraph("Columns: σ_w², the weight scale; χ = σ_w² μ_1 at the fixed point q* of the variance map; L depth; χ^L, the fixed-point "
                        + "factor of eq. 4.1-4.3 (their predictions are σ_x² χ^L, σ_y² χ^L and σ_x² σ_y² χ^(L−1)); Var x_L, Var ∂x_0, Var ∂W_1, Var ∂W_L: "
                        + "the means over the " + settings.nets() + " networks of the forward variance, the backward variance and the weight-gradient variance of "
                        + "the first and last hidden layers; each 'theory' column: the finite-depth form, layer by layer along the variance sequence "
                        + "from q_x = σ_x²; collapsed: how many networks have collapsed at the last hidden layer (" + Collapse.MEANING + "), whose VNI is "
                        + "counted apart; VNI: the mean of the others' covariance VNI of the last hidden layer, beside eq. 3.6 and its finite-depth form. Standard deviations "
                        + "and the fixed-point predictions are in gradients.csv, every layer in gradients-layers.csv.")
                .figure("Var[x_L] against depth: mean ± sd over networks (markers), finite-depth theory (solid), σ_x² χ^L (dashed)", "gradients-forward")
                .figure("Var[∂Cost/∂x_0] against depth: mean ± sd over networks (markers), finite-depth theory (solid), σ_y² χ^L (dashed)",
                        "gradients-backward")
                .figure("Var[∂Cost/∂W_1] against depth: mean ± sd over networks (markers), finite-depth theory (solid), σ_x² σ_y² χ^(L−1) (dashed)",
                        "gradients-weights")
                .figure("Var[∂Cost/∂W_l] across the layers of the depth-" + deepest + " networks (" + shownLayers(deepest).length + " of its "
                        + deepest + " layers marked): mean ± sd over networks, theory as above", "gradients-layers")
                .figure("Covariance VNI against depth: mean ± sd over networks, eq. 3.6 (dashed), finite-depth theory (solid)", "gradients-vni")
                .section("Reading")
                .paragraph(new GradientScalesReading(settings).reading(byScale));
        out.writeReport(report);
        return new Rendering(report, csv, shown.toConsole());
    }

    /** One quantity against depth: per weight scale, the measured means with ±sd bars and the two theory curves. */
    private Plot alongDepth(List<List<GradientPoint>> byScale, String title, String yLabel, boolean log, Function<GradientPoint, Spread> measured,
                            ToDoubleFunction<GradientPoint> fixedOf, ToDoubleFunction<GradientPoint> finiteOf) {
        ComparisonPlot plot = new ComparisonPlot(title, "depth L", yLabel, log, fixedName(log), "finite-depth theory");
        double[] x = Arrays.stream(settings.depths()).asDoubleStream().toArray();
        for (List<GradientPoint> scale : byScale) {
            Spread[] m = scale.stream().map(measured).toArray(Spread[]::new);
            plot.group(GradientScalesReading.scaleName(scale.get(0).sigmaW2(), scale.get(0).chi()), x, means(m), lowers(m, log), uppers(m),
                    scale.stream().mapToDouble(fixedOf).toArray(), scale.stream().mapToDouble(finiteOf).toArray());
        }
        return plot.plot();
    }

    /** The weight-gradient variance across the layers of the deepest networks, per weight scale, at {@link #shownLayers} layers. */
    private Plot alongLayers(List<List<GradientPoint>> byScale) {
        int depth = settings.depths()[settings.depths().length - 1];
        int[] layers = shownLayers(depth);
        ComparisonPlot plot = new ComparisonPlot("Weight-gradient variance across the layers, depth L = " + depth, "layer l", "Var[∂Cost/∂W_l]", true,
                fixedName(true), "finite-depth theory");
        double[] x = new double[layers.length], fixed = new double[layers.length], finite = new double[layers.length];
        for (int i = 0; i < layers.length; i++) x[i] = layers[i] + 1;
        for (List<GradientPoint> scale : byScale) {
            GradientPoint p = scale.get(scale.size() - 1);
            Spread[] m = new Spread[layers.length];
            for (int i = 0; i < layers.length; i++) {
                m[i] = p.weights()[layers[i]];
                fixed[i] = p.fixedWeight(layers[i]);
                finite[i] = p.finiteWeight(layers[i]);
            }
            plot.group(GradientScalesReading.scaleName(p.sigmaW2(), p.chi()), x, means(m), lowers(m, true), uppers(m), fixed, finite);
        }
        return plot.plot();
    }

    /** At most {@value #LAYERS_SHOWN} layers (0-based), evenly spread, the first and last among them: markers stay apart. */
    static int[] shownLayers(int depth) {
        if (depth <= LAYERS_SHOWN) return IntStream.range(0, depth).toArray();
        int[] out = new int[LAYERS_SHOWN];
        for (int i = 0; i < LAYERS_SHOWN; i++) out[i] = (int) Math.round((double) i * (depth - 1) / (LAYERS_SHOWN - 1));
        return out;
    }

    private static String fixedName(boolean variance) {
        return variance ? "fixed point: σ² χ^L (eq. 4.1-4.3)" : "fixed point (eq. 3.6)";
    }

    private static double[] means(Spread[] s) {
        return Arrays.stream(s).mapToDouble(Spread::mean).toArray();
    }

    /** mean - sd, or on a log axis {@link Spread#logLower}. */
    private static double[] lowers(Spread[] s, boolean log) {
        return Arrays.stream(s).mapToDouble(x -> log ? x.logLower() : x.mean() - x.sd()).toArray();
    }

    private static double[] uppers(Spread[] s) {
        return Arrays.stream(s).mapToDouble(x -> x.mean() + x.sd()).toArray();
    }

    private String setup() {
        return String.format(Locale.ROOT, "%s activation, %s weights (variance σ_w²/fan_in) at σ_w² = %s, σ_b² = %s; width %d, depths %s; "
                        + "%d random networks per point. Var[x_L] and the VNI are taken over %d i.i.d. Gaussian inputs of variance σ_x² = %s; "
                        + "the gradients at the first %d of them, each with a random cotangent ∂Cost/∂x_L ~ N(0, σ_y² I) with σ_y² = %s, "
                        + "back-propagated through the hidden layers. The networks of one number are the same standard draws at every weight scale "
                        + "and depth (the depth-L one is the first L layers of the deepest). Seed %d.",
                Names.of(settings.activation()), Names.of(settings.scheme()), joined(settings.sigmaW2()), text(settings.sigmaB2()), settings.width(),
                CellRecords.list(settings.depths()), settings.nets(), settings.inputs(), text(settings.inputVariance()), settings.gradientInputs(),
                text(settings.cotangentVariance()), settings.seed());
    }

    private static String joined(double[] v) {
        List<String> s = new ArrayList<>();
        for (double x : v) s.add(text(x));
        return String.join(", ", s);
    }

    /** What the numbers show per weight scale, and whether the paper's point holds here, whichever way it goes. */
}
