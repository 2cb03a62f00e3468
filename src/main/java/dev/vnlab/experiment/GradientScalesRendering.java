package dev.vnlab.experiment;

import dev.vnlab.settings.ConfigFields;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.RerunCommand;
import dev.vnlab.sweep.Sweep;
import dev.vnlab.sweep.Experiment;
import static dev.vnlab.experiment.CellRecords.text;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import dev.vnlab.spectrum.HiddenJacobian;
import dev.vnlab.spectrum.TheoryAlongDepth;
import dev.vnlab.spectrum.TheoryValue;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.MeanField;
import dev.vnlab.theory.Predictions;
import dev.vnlab.theory.SignalScales;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import dev.vnlab.experiment.GradientScales.Settings;

/**
 * The outputs of the gradient-scales experiment, made from its cells' records alone: the tables
 * of forward, backward and weight-gradient variances and the VNI against depth, their figures
 * beside the theory, report.md with a reading of them, and the console table.
 */
final class GradientScalesRendering {
    /** chi within this of 1 is critical (the critical scale is found to a few ulp). */
    private static final double CRITICAL_SLACK = 1e-9;
    /** Layers marked in the across-layers figure; every layer is in gradients-layers.csv. */
    private static final int LAYERS_SHOWN = 26;

    private final Settings settings;

    GradientScalesRendering(Settings settings) {
        this.settings = settings;
    }

    /** The command line that runs the same sweep again. */
    String rerun() {
        return Settings.SCHEMA.rerun(GradientScales.COMMAND, settings);
    }

    /** A measured quantity over the networks of a point. */
    private record Spread(double mean, double sd, double min) {
        static Spread of(double[] v) { return new Spread(CellRecords.mean(v), CellRecords.sd(v), CellRecords.min(v)); }

        /** The lower end of an error bar on a log axis: mean - sd, or the smallest network's value where that is not positive. */
        double logLower() { return mean - sd > 0 ? mean - sd : min; }
    }

    /**
     * One (sigma_w^2, depth) point: the measurements over its networks and the theory beside
     * them; the VNI over the networks that have not collapsed, {@code collapsed} counting the others.
     */
    private record Point(double sigmaW2, double chi, int depth, Spread forward, Spread backward, Spread[] weights, Spread vni, int collapsed,
                         SignalScales fixed, SignalScales finite, double chiToL, double fixedVni, double finiteVni) {
        double fixedWeight(int l) { return fixed == null ? Double.NaN : fixed.weightGradientVariances().get(l); }

        double finiteWeight(int l) { return finite == null ? Double.NaN : finite.weightGradientVariances().get(l); }

        double fixedForward() { return fixed == null ? Double.NaN : fixed.forwardVariance(); }

        double finiteForward() { return finite == null ? Double.NaN : finite.forwardVariance(); }

        double fixedBackward() { return fixed == null ? Double.NaN : fixed.backwardVariance(); }

        double finiteBackward() { return finite == null ? Double.NaN : finite.backwardVariance(); }
    }

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
        List<List<Point>> byScale = summarise(records);
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
        for (List<Point> scale : byScale) {
            for (Point p : scale) {
                int last = p.depth - 1;
                Spread w1 = p.weights[0], wl = p.weights[last];
                csv.add(p.sigmaW2, p.chi, p.depth, settings.nets(), p.collapsed, p.chiToL,
                        p.forward.mean, p.forward.sd, p.fixedForward(), p.finiteForward(),
                        p.backward.mean, p.backward.sd, p.fixedBackward(), p.finiteBackward(),
                        w1.mean, w1.sd, p.finiteWeight(0), wl.mean, wl.sd, p.finiteWeight(last), p.fixedWeight(0),
                        p.vni.mean, p.vni.sd, p.fixedVni, p.finiteVni);
                shown.add(p.sigmaW2, p.chi, p.depth, p.chiToL, p.forward.mean, p.finiteForward(), p.backward.mean, p.finiteBackward(),
                        w1.mean, p.finiteWeight(0), wl.mean, p.finiteWeight(last), p.collapsed, p.vni.mean, p.fixedVni, p.finiteVni);
                for (int l = 0; l < p.depth; l++) {
                    layers.add(p.sigmaW2, p.depth, l + 1, settings.nets(), p.weights[l].mean, p.weights[l].sd, p.fixedWeight(l), p.finiteWeight(l));
                }
            }
        }
        out.writeCsv("gradients.csv", csv);
        out.writeCsv("gradients-layers.csv", layers);
        out.writeFigure("gradients-forward", alongDepth(byScale, "Forward variance Var[x_L] (eq. 4.1)", "Var[x_L]", true,
                p -> p.forward, Point::fixedForward, Point::finiteForward));
        out.writeFigure("gradients-backward", alongDepth(byScale, "Backward variance Var[∂Cost/∂x_0] (eq. 4.2)", "Var[∂Cost/∂x_0]", true,
                p -> p.backward, Point::fixedBackward, Point::finiteBackward));
        out.writeFigure("gradients-weights", alongDepth(byScale, "Weight-gradient variance of layer 1 (eq. 4.3)", "Var[∂Cost/∂W_1]", true,
                p -> p.weights[0], p -> p.fixedWeight(0), p -> p.finiteWeight(0)));
        out.writeFigure("gradients-layers", alongLayers(byScale));
        out.writeFigure("gradients-vni", alongDepth(byScale, "VNI of the last hidden layer", "VNI", false,
                p -> p.vni, p -> p.fixedVni, p -> p.finiteVni));

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
                .paragraph(reading(byScale));
        out.writeReport(report);
        return new Rendering(report, csv, shown.toConsole());
    }

    private List<List<Point>> summarise(List<Map<String, Object>> records) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            GradientScales.Network cell = new GradientScales.Network(ConfigFields.real(r, "sigma_w2"), ConfigFields.int32(r, "depth"), ConfigFields.int32(r, "net"));
            byKey.put(cell.key(), r);
        }
        List<List<Point>> out = new ArrayList<>();
        for (double w : settings.sigmaW2()) {
            Init init = settings.init(w);
            double chi = TheoryValue.attempt(() -> Criticality.chi(settings.activation(), w, settings.sigmaB2())).value();
            List<Point> scale = new ArrayList<>();
            for (int depth : settings.depths()) {
                double[] fwd = new double[settings.nets()], bwd = new double[settings.nets()], vni = new double[settings.nets()];
                boolean[] collapsed = new boolean[settings.nets()];
                double[][] wg = new double[depth][settings.nets()];
                for (int k = 0; k < settings.nets(); k++) {
                    GradientScales.Network cell = new GradientScales.Network(w, depth, k);
                    Map<String, Object> r = byKey.get(cell.key());
                    if (r == null) throw new IllegalArgumentException("no record for cell " + cell.key() + "; expected one record per cell");
                    fwd[k] = ConfigFields.real(r, "forward_variance");
                    bwd[k] = ConfigFields.real(r, "backward_variance");
                    vni[k] = ConfigFields.real(r, "vni");
                    collapsed[k] = Collapse.of(vni[k], fwd[k]); // the forward variance is the last layer's mean node variance
                    double[] g = ConfigFields.reals(r, "weight_gradient_variance");
                    if (g.length != depth) {
                        throw new IllegalArgumentException("cell " + cell.key() + " records " + g.length + " weight-gradient variances; expected " + depth + ", one per layer");
                    }
                    for (int l = 0; l < depth; l++) wg[l][k] = g[l];
                }
                Spread[] weights = new Spread[depth];
                for (int l = 0; l < depth; l++) weights[l] = Spread.of(wg[l]);
                SignalScales fixed = scales(() -> Predictions.fixedPointScales(settings.activation(), init, depth, settings.inputVariance(), settings.cotangentVariance()));
                SignalScales finite = scales(() -> Predictions.finiteDepthScales(settings.activation(), init, depth, settings.inputVariance(),
                        settings.inputVariance(), settings.cotangentVariance()));
                TheoryAlongDepth vniTheory = TheoryAlongDepth.of(settings.activation(), init, new int[] {depth}, settings.width(), settings.inputVariance());
                scale.add(new Point(w, chi, depth, Spread.of(fwd), Spread.of(bwd), weights, Spread.of(Collapse.kept(vni, collapsed)), Collapse.count(collapsed),
                        fixed, finite, vniTheory.fixedPoint().get(0).m1(), vniTheory.fixedPointVni()[0], vniTheory.finiteDepthVni()[0]));
            }
            out.add(scale);
        }
        return out;
    }

    /** The theory's scales, or null where it rules the configuration out. */
    private static SignalScales scales(Supplier<SignalScales> theory) {
        try {
            return theory.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private String scaleName(double sigmaW2, double chi) {
        return "σ_w² = " + text(sigmaW2) + (Math.abs(chi - 1) <= CRITICAL_SLACK ? " (critical)" : " (χ = " + text(chi) + ")");
    }

    /** One quantity against depth: per weight scale, the measured means with ±sd bars and the two theory curves. */
    private Plot alongDepth(List<List<Point>> byScale, String title, String yLabel, boolean log, Function<Point, Spread> measured,
                            ToDoubleFunction<Point> fixedOf, ToDoubleFunction<Point> finiteOf) {
        ComparisonPlot plot = new ComparisonPlot(title, "depth L", yLabel, log, fixedName(log), "finite-depth theory");
        double[] x = Arrays.stream(settings.depths()).asDoubleStream().toArray();
        for (List<Point> scale : byScale) {
            Spread[] m = scale.stream().map(measured).toArray(Spread[]::new);
            plot.group(scaleName(scale.get(0).sigmaW2, scale.get(0).chi), x, means(m), lowers(m, log), uppers(m),
                    scale.stream().mapToDouble(fixedOf).toArray(), scale.stream().mapToDouble(finiteOf).toArray());
        }
        return plot.plot();
    }

    /** The weight-gradient variance across the layers of the deepest networks, per weight scale, at {@link #shownLayers} layers. */
    private Plot alongLayers(List<List<Point>> byScale) {
        int depth = settings.depths()[settings.depths().length - 1];
        int[] layers = shownLayers(depth);
        ComparisonPlot plot = new ComparisonPlot("Weight-gradient variance across the layers, depth L = " + depth, "layer l", "Var[∂Cost/∂W_l]", true,
                fixedName(true), "finite-depth theory");
        double[] x = new double[layers.length], fixed = new double[layers.length], finite = new double[layers.length];
        for (int i = 0; i < layers.length; i++) x[i] = layers[i] + 1;
        for (List<Point> scale : byScale) {
            Point p = scale.get(scale.size() - 1);
            Spread[] m = new Spread[layers.length];
            for (int i = 0; i < layers.length; i++) {
                m[i] = p.weights[layers[i]];
                fixed[i] = p.fixedWeight(layers[i]);
                finite[i] = p.finiteWeight(layers[i]);
            }
            plot.group(scaleName(p.sigmaW2, p.chi), x, means(m), lowers(m, true), uppers(m), fixed, finite);
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
        return Arrays.stream(s).mapToDouble(x -> log ? x.logLower() : x.mean - x.sd).toArray();
    }

    private static double[] uppers(Spread[] s) {
        return Arrays.stream(s).mapToDouble(x -> x.mean + x.sd).toArray();
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
    private String reading(List<List<Point>> byScale) {
        StringBuilder s = new StringBuilder("Theory is set against measurement below as theory / measured − 1, or as the factor theory / measured "
                + "where that is beyond 2. ");
        int lo = settings.depths()[0], hi = settings.depths()[settings.depths().length - 1];
        for (List<Point> scale : byScale) {
            Point a = scale.get(0), b = scale.get(scale.size() - 1);
            if (lo == hi) {
                s.append(String.format(Locale.ROOT, "At %s and L = %d the backward variance is %s (χ^L = %s), the forward variance %s, the weight-gradient "
                                + "variance of layer 1 %s, and the VNI %s. ", scaleName(a.sigmaW2, a.chi), lo, text(a.backward.mean), text(a.chiToL),
                        text(a.forward.mean), text(a.weights[0].mean), vniText(a)));
            } else {
                s.append(String.format(Locale.ROOT, "At %s, from L = %d to %d the backward variance goes from %s to %s (×%s; χ^L predicts ×%s), "
                                + "the forward variance from %s to %s (×%s), the weight-gradient variance of layer 1 from %s to %s (×%s), and the VNI from %s to %s. ",
                        scaleName(a.sigmaW2, a.chi), lo, hi, text(a.backward.mean), text(b.backward.mean), text(b.backward.mean / a.backward.mean),
                        text(b.chiToL / a.chiToL), text(a.forward.mean), text(b.forward.mean), text(b.forward.mean / a.forward.mean),
                        text(a.weights[0].mean), text(b.weights[0].mean), text(b.weights[0].mean / a.weights[0].mean), vniText(a), vniText(b)));
            }
            List<String> collapsed = new ArrayList<>();
            for (Point p : scale) if (p.collapsed > 0) collapsed.add(p.collapsed + " of " + settings.nets() + " networks collapsed at L = " + p.depth);
            if (!collapsed.isEmpty()) {
                s.append(Collapse.sentence(String.join(", ", collapsed), "their VNI is counted apart, not averaged (their variances, which are defined, are)"))
                        .append(' ');
            }
            s.append(String.format(Locale.ROOT, "Theory against the measured means at the worst depth: finite-depth %s (forward), %s (backward), %s (layer-1 weights); fixed point %s, %s, %s. Between networks the backward variance at L = %d has sd %s of its mean. ",
                    worst(scale, p -> p.forward.mean, Point::finiteForward), worst(scale, p -> p.backward.mean, Point::finiteBackward),
                    worst(scale, p -> p.weights[0].mean, p -> p.finiteWeight(0)), worst(scale, p -> p.forward.mean, Point::fixedForward),
                    worst(scale, p -> p.backward.mean, Point::fixedBackward), worst(scale, p -> p.weights[0].mean, p -> p.fixedWeight(0)),
                    hi, text(b.backward.sd / b.backward.mean)));
        }
        for (List<Point> scale : byScale) {
            Point b = scale.get(scale.size() - 1);
            if (b.chi > 1 + CRITICAL_SLACK && b.forward.mean < 0.1 * b.fixedForward()) {
                s.append(String.format(Locale.ROOT, "At %s the forward variance stays at %s where σ_x² χ^L is %s: the activation's outputs cannot grow "
                                + "with the linearised signal, so eq. 4.1 and the weight-gradient form of eq. 4.3 (which takes Var[x_{l−1}] from it) do not apply; "
                                + "eq. 4.2 involves only derivatives. ",
                        scaleName(b.sigmaW2, b.chi), text(b.forward.mean), text(b.fixedForward())));
            }
        }
        s.append(pointOfThePaper(byScale));
        double critical = criticalScaleOrNaN(byScale);
        double qStar = TheoryValue.attempt(() -> MeanField.fixedPoint(settings.activation(), critical, settings.sigmaB2())).value();
        if (qStar == 0 && MeanField.isIdentity(settings.activation(), critical, settings.sigmaB2())) {
            s.append("At the critical scale the variance map is the identity (every q is a fixed point), so q_l stays at q_1 = σ_w² σ_x² and the "
                    + "finite-depth scales are the fixed-point ones. ");
        } else if (qStar == 0) {
            s.append("The critical scale's fixed point is q* = 0, which q_l approaches only slowly" + (settings.activation() == Activation.TANH ? " (like 1/l)" : "")
                    + ", so along the actual variance sequence χ_l stays below 1 and the finite-depth scales decay with L where the fixed-point form is constant. ");
        }
        s.append("The VNI predictions (eq. 3.6 and its finite-depth form) are first order in L/N and not bounded by 1; the covariance VNI equals the "
                + "Jacobian ratio they predict only where x_L − mean ≈ J x_0 holds (docs/theory.md section 5), and over M = " + settings.inputs()
                + " inputs it is biased upward by about 1/M = " + text(1.0 / settings.inputs()) + ".");
        return s.toString();
    }

    /**
     * The comparison the paper's point rests on: the backward variance's change over the depths at
     * the critical scale against the other scales', and whether the VNI still grows there.
     */
    private String pointOfThePaper(List<List<Point>> byScale) {
        List<String> others = new ArrayList<>();
        List<Point> critical = null;
        for (List<Point> scale : byScale) {
            double change = scale.get(scale.size() - 1).backward.mean / scale.get(0).backward.mean;
            if (critical == null && Math.abs(scale.get(0).chi - 1) <= CRITICAL_SLACK) critical = scale;
            else others.add("×" + text(change) + " at " + scaleName(scale.get(0).sigmaW2, scale.get(0).chi));
        }
        if (critical == null || critical.size() < 2) return "";
        Point a = critical.get(0), b = critical.get(critical.size() - 1);
        String vni = b.vni.mean > a.vni.mean ? "rises from " + text(a.vni.mean) + " to " + text(b.vni.mean)
                : b.vni.mean <= a.vni.mean ? "does not rise (" + text(a.vni.mean) + " to " + text(b.vni.mean) + ")"
                : "goes from " + vniText(a) + " to " + vniText(b);
        return "Over the same depths the backward variance changes by ×" + text(b.backward.mean / a.backward.mean) + " at the critical scale"
                + (others.isEmpty() ? "" : " against " + String.join(" and ", others)) + ", while the VNI there " + vni + ". ";
    }

    /** A point's mean VNI, or "undefined (all collapsed)" where every network collapsed. */
    private String vniText(Point p) {
        return p.collapsed == settings.nets() ? "undefined (all " + p.collapsed + " collapsed)" : text(p.vni.mean);
    }

    /** The first critical weight scale swept, or NaN. */
    private static double criticalScaleOrNaN(List<List<Point>> byScale) {
        for (List<Point> scale : byScale) if (Math.abs(scale.get(0).chi - 1) <= CRITICAL_SLACK) return scale.get(0).sigmaW2;
        return Double.NaN;
    }

    /**
     * The theory's largest departure from the measured means over the depths of a scale (the
     * largest |log(theory / measured)|): a signed percentage within a factor 2, else the factor.
     */
    private static String worst(List<Point> scale, ToDoubleFunction<Point> measured, ToDoubleFunction<Point> theory) {
        double worst = Double.NaN, far = -1;
        for (Point p : scale) {
            double r = theory.applyAsDouble(p) / measured.applyAsDouble(p);
            if (!(r > 0 && r < Double.POSITIVE_INFINITY)) return "NaN";
            if (Math.abs(Math.log(r)) > far) {
                far = Math.abs(Math.log(r));
                worst = r;
            }
        }
        return worst >= 0.5 && worst <= 2 ? CellRecords.signedPercent(worst - 1) : "×" + text(worst);
    }
}
