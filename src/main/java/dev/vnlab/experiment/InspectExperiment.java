package dev.vnlab.experiment;

import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.data.Mnist;
import dev.vnlab.data.Npy;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.LayerDiagnostics;
import dev.vnlab.metrics.NodeOrdering;
import dev.vnlab.metrics.WeightStatistics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedPass;
import dev.vnlab.random.Rng;
import dev.vnlab.report.Colormap;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Heatmap;
import dev.vnlab.report.Marker;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.settings.Names;
import dev.vnlab.spectrum.JacobianMethod;
import dev.vnlab.spectrum.JacobianMoments;
import dev.vnlab.spectrum.TheoryAlongDepth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An inspection of one given network (a trained MLP read from a file, or any {@link Layers}):
 * per hidden layer what the inputs make of it ({@link LayerDiagnostics}: VNI, participation
 * ratio, effective rank, redundant pairs, dead and saturated units, CKA with the layer before),
 * what its weights say alone ({@link WeightStatistics}: sigma_w^2, sigma_b^2, stable rank), the
 * Jacobian of the first l layers at a few inputs (m1, m2, VNI), and beside them the
 * free-probability predictions for a random network with the weights' own scales, so that the
 * report can say where the network has left the random-network regime.
 */
public final class InspectExperiment {
    /** The command name. */
    public static final String COMMAND = "inspect";
    /** A measured VNI this many times the prediction, or less than its inverse, departs from the random-network regime. */
    static final double VNI_DEPARTURE = 2;
    /** A stable rank below this fraction of a random matrix's marks structure training has put into W. */
    static final double LOW_RANK = 0.5;

    /**
     * Where the inputs come from.
     *
     * @param description how the report names them, e.g. "10000 Gaussian inputs of variance 1"
     * @param rows the inputs, M x n_0
     */
    public record Inputs(String description, RowSource rows) {
        /**
         * M i.i.d. Gaussian inputs of the given variance.
         */
        public static Inputs gaussian(long seed, int count, int width, double variance, Blas blas) {
            return new Inputs(count + " i.i.d. Gaussian inputs of variance " + text(variance) + " (seed " + seed + ")",
                    RowSource.gaussian(Rng.seeded(seed), count, width, variance, blas));
        }

        /**
         * The first {@code count} rows of a two-dimensional .npy file (or all of them, count &lt;= 0).
         *
         * @throws IOException if the file is not a readable float .npy
         * @throws IllegalArgumentException if it is not two-dimensional or has fewer rows than asked for
         */
        public static Inputs npy(Path file, int count) throws IOException {
            Npy.Array a = Npy.read(file);
            int[] shape = a.shape();
            if (shape.length != 2) throw new IllegalArgumentException("--inputs " + file + " has shape " + Arrays.toString(shape) + "; expected two dimensions, one input per row");
            int m = count > 0 ? count : shape[0];
            if (m > shape[0]) throw new IllegalArgumentException("--samples " + m + " exceeds the " + shape[0] + " rows of " + file + "; expected at most " + shape[0]);
            FloatMatrix x = new FloatMatrix(m, shape[1]);
            double[] v = a.values();
            for (int i = 0; i < m; i++) for (int j = 0; j < shape[1]; j++) x.set(i, j, (float) v[i * shape[1] + j]);
            return new Inputs("the first " + m + " rows of " + file.getFileName(), RowSource.of(x));
        }

        /**
         * The first {@code count} training images of an MNIST-style directory, pixels / 255.
         *
         * @throws IOException if the images cannot be read
         * @throws IllegalArgumentException if there are fewer than {@code count}
         */
        public static Inputs images(Path dir, int count) throws IOException {
            RowSource all = Mnist.trainImages(dir);
            if (all.rows() < count) throw new IllegalArgumentException("--samples " + count + " exceeds the " + all.rows() + " training images in " + dir + "; expected at most " + all.rows());
            return new Inputs("the first " + count + " training images of " + dir + " (pixels / 255)", all.head(count));
        }
    }

    /**
     * What to measure.
     *
     * @param name how the report names the network (its file)
     * @param jacobianInputs K &gt;= 1: the Jacobian is taken at the first K inputs
     * @param heatmapDepth the layer whose rho^2 heatmap is drawn (1..L)
     * @param export the layers (1..L) whose activations are written to .npy
     * @param batch inputs per forward pass
     */
    public record Settings(String name, int jacobianInputs, int heatmapDepth, int[] export, int batch) {
        public Settings {
            if (jacobianInputs < 1) throw new IllegalArgumentException("--jacobian-inputs " + jacobianInputs + " is invalid; expected at least 1");
            if (batch < 1) throw new IllegalArgumentException("--batch " + batch + " is invalid; expected at least 1");
            export = export.clone();
        }

        @Override public int[] export() { return export.clone(); }
    }

    /**
     * One hidden layer, everything measured and predicted of it.
     *
     * @param data what the inputs make of it
     * @param weights its W_l and b_l alone
     * @param jacobian the Jacobian of the first l layers, mean over the K inputs
     * @param fixedPointVni the fixed-point (eq. 3.6) VNI at the weights' mean scales, NaN where none
     * @param finiteDepthVni the finite-depth VNI there
     * @param finiteDepthM1 the finite-depth m1 there
     */
    public record LayerReading(LayerDiagnostics.Layer data, WeightStatistics weights, JacobianMoments jacobian, double fixedPointVni, double finiteDepthVni,
                               double finiteDepthM1) {}

    private final Layers net;
    private final Inputs inputs;
    private final Settings settings;

    /**
     * @throws IllegalArgumentException if the inputs do not fit the network, there are fewer than
     *         2 or fewer than K, or a layer named for the heatmap or export does not exist
     */
    public InspectExperiment(Layers net, Inputs inputs, Settings settings) {
        if (inputs.rows().columns() != net.width(0)) {
            throw new IllegalArgumentException("the inputs have " + inputs.rows().columns() + " columns; the network takes " + net.width(0));
        }
        if (inputs.rows().rows() < Math.max(2, settings.jacobianInputs())) {
            throw new IllegalArgumentException(inputs.rows().rows() + " inputs are too few; expected at least " + Math.max(2, settings.jacobianInputs())
                    + " (2 for a covariance, --jacobian-inputs for the Jacobian)");
        }
        checkLayer("--heatmap-layer", settings.heatmapDepth(), net.depth());
        for (int l : settings.export()) checkLayer("--export", l, net.depth());
        this.net = net;
        this.inputs = inputs;
        this.settings = settings;
    }

    private static void checkLayer(String option, int l, int depth) {
        if (l < 1 || l > depth) throw new IllegalArgumentException(option + " " + l + " names no hidden layer; expected 1 to " + depth);
    }

    /** What {@link #measure} found: per layer, the heatmap layer's rho^2, the inputs' q_x and why the theory is missing, if it is. */
    public record Measured(List<LayerReading> layers, DoubleMatrix correlationSquared, double inputSecondMoment, Init meanScales, String theoryNote) {}

    /** Measures every hidden layer (the network is not modified). */
    public Measured measure(Blas blas) {
        int depth = net.depth();
        LayerDiagnostics.Result data = LayerDiagnostics.measure(net, inputs.rows(), settings.batch(), settings.heatmapDepth(), blas);
        int[] depths = new int[depth];
        for (int l = 1; l <= depth; l++) depths[l - 1] = l;
        List<List<JacobianMoments>> jac = JacobianMethod.exact(settings.jacobianInputs()).measure(net, inputs.rows(), Math.min(settings.batch(), settings.jacobianInputs()), depths, blas);
        WeightStatistics[] w = new WeightStatistics[depth];
        blas.workers().forEach(depth, i -> w[i] = WeightStatistics.of(net.weight(i + 1), net.bias(i + 1), blas)); // a layer per thread, as LayerDiagnostics
        double sw = 0, sb = 0;
        for (WeightStatistics x : w) {
            sw += x.sigmaW2() / depth;
            sb += x.sigmaB2() / depth;
        }
        double qx = data.inputSecondMoment();
        Init scales = new Init(Init.Scheme.GAUSSIAN, sw, sb);
        TheoryAlongDepth theory;
        String note = null;
        int width = net.width(1);
        boolean uniform = true;
        for (int l = 2; l <= depth; l++) uniform &= net.width(l) == width;
        if (!uniform) {
            note = "the hidden layers differ in width; the predictions assume one width N";
            theory = TheoryAlongDepth.failed(depths, note);
        } else {
            theory = TheoryAlongDepth.of(net.activation(), scales, depths, width, qx);
            for (int k = 0; k < depth && note == null; k++) note = theory.note(k);
        }
        List<LayerReading> out = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            out.add(new LayerReading(data.layers()[l - 1], w[l - 1], JacobianMoments.mean(jac.get(l - 1)), theory.fixedPoint().get(l - 1).vni(),
                    theory.finiteDepth().get(l - 1).vni(), theory.finiteDepth().get(l - 1).m1()));
        }
        return new Measured(out, data.correlationSquared(), qx, scales, note);
    }

    /**
     * Measures, then writes summary.json, inspect.csv, the figures, report.md and the exported
     * activations into {@code out}.
     *
     * @param config the configuration summary.json records and the re-run command it came from
     * @return what the command prints: the table and the reading
     */
    public String write(String version, Map<String, Object> config, String rerun, OutputDir out, Blas blas) throws IOException {
        Measured m = measure(blas);
        Table csv = new Table("depth", "width", "inputs", "vni", "participation_ratio", "effective_rank", "redundant_pairs_0.9", "redundant_pairs_0.99", "pairs",
                "dead_fraction", "saturated_fraction", "cka_with_previous", "mean_variance", "sigma_w2", "sigma_b2", "stable_rank", "random_stable_rank",
                "jacobian_m1", "jacobian_m2", "jacobian_vni", "predicted_vni_fixed_point", "predicted_vni_finite_depth", "predicted_m1_finite_depth");
        Table shown = new Table("l", "n", "VNI", "PR", "eff. rank", "|ρ|>0.9", "|ρ|>0.99", "dead", "saturated", "CKA prev", "σ_w²", "σ_b²", "stable rank",
                "random", "Jac VNI", "VNI theory");
        for (LayerReading r : m.layers()) {
            LayerDiagnostics.Layer d = r.data();
            WeightStatistics w = r.weights();
            csv.add(d.depth(), d.width(), d.inputs(), d.vni(), d.participationRatio(), d.effectiveRank(), d.redundant90(), d.redundant99(), d.pairs(),
                    d.deadFraction(), d.saturatedFraction(), d.ckaWithPrevious(), d.meanVariance(), w.sigmaW2(), w.sigmaB2(), w.stableRank(),
                    w.randomStableRank(), r.jacobian().m1().value(), r.jacobian().m2().value(), r.jacobian().vni().value(), r.fixedPointVni(),
                    r.finiteDepthVni(), r.finiteDepthM1());
            shown.add(d.depth(), d.width(), d.vni(), d.participationRatio(), d.effectiveRank(), d.redundant90(), d.redundant99(), d.deadFraction(),
                    d.saturatedFraction(), d.ckaWithPrevious(), w.sigmaW2(), w.sigmaB2(), w.stableRank(), w.randomStableRank(), r.jacobian().vni().value(),
                    r.finiteDepthVni());
        }
        out.writeSummary(COMMAND, version, config, csv.toRecords());
        out.writeCsv("inspect.csv", csv);
        out.writeFigure("inspect-vni", vniPlot(m));
        out.writeFigure("inspect-participation", participationPlot(m));
        String heat = "inspect-heatmap-layer-" + settings.heatmapDepth();
        out.writeFigure(heat, heatmap(m));
        List<String> exported = export(out, blas);
        String reading = reading(m);
        Report report = new Report("Inspection of " + settings.name())
                .paragraph(setup(m))
                .table(shown)
                .paragraph("Columns: l the hidden layer; n its width; VNI the covariance VNI of x_l over the inputs, PR its inverse (the participation ratio) and "
                        + "eff. rank the entropy effective rank of the covariance; |ρ|>0.9 and |ρ|>0.99 the node pairs that correlated (of n(n−1)/2); dead the "
                        + "fraction of nodes constant over every input; saturated the fraction of node-input pairs where φ'(h) is below "
                        + text(100 * LayerDiagnostics.SATURATION) + "% of φ's peak slope; CKA prev the linear CKA of x_l with x_(l−1) (with the inputs for "
                        + "l = 1); σ_w² = fan_in × mean(W²) and σ_b² = mean(b²) of the layer's own weights; stable rank ‖W‖_F²/‖W‖_2² beside what a random "
                        + "Gaussian matrix of that shape has; Jac VNI m2/(N m1²) of J J^T, J the Jacobian of x_l at the first "
                        + settings.jacobianInputs() + " inputs; VNI theory the finite-depth prediction for a random network with σ_w² and σ_b² the layers' "
                        + "means. Every number exactly in inspect.csv.")
                .figure("VNI per layer: covariance and Jacobian VNI measured, the random-network predictions at the weights' own scales", "inspect-vni")
                .figure("Participation ratio and entropy effective rank of each layer's covariance, with the width", "inspect-participation")
                .figure("ρ² between the nodes of layer " + settings.heatmapDepth() + ", clustered order", heat)
                .section("Reading")
                .paragraph(reading);
        if (!exported.isEmpty()) report.paragraph("Activations written for numpy (`np.load`), one row per input: " + String.join(", ", exported) + ".");
        report.section("Re-run").code("sh", rerun);
        out.writeReport(report);
        return shown.toConsole() + reading + "\n";
    }

    private String setup(Measured m) {
        StringBuilder widths = new StringBuilder();
        for (int l = 0; l <= net.depth() + 1; l++) widths.append(l == 0 ? "" : " → ").append(net.width(l));
        return String.format(Locale.ROOT, "%s: %d hidden layers (%s), %s after each hidden layer, a linear output layer. Inputs: %s, mean square q_x = %s. "
                        + "The predictions are for a random network with Gaussian weights of the layers' mean scales, σ_w² = %s and σ_b² = %s%s.",
                settings.name(), net.depth(), widths, Names.of(net.activation()), inputs.description(), text(m.inputSecondMoment()),
                text(m.meanScales().sigmaW2()), text(m.meanScales().sigmaB2()), m.theoryNote() == null ? "" : " (" + m.theoryNote() + ")");
    }

    /** Where the network stands against a random one, layer by layer. */
    private String reading(Measured m) {
        List<String> above = new ArrayList<>(), below = new ArrayList<>(), lowRank = new ArrayList<>();
        double minW = Double.POSITIVE_INFINITY, maxW = Double.NEGATIVE_INFINITY;
        int minAt = 0, maxAt = 0;
        for (LayerReading r : m.layers()) {
            int l = r.data().depth();
            double ratio = r.jacobian().vni().value() / r.finiteDepthVni(); // the theory predicts the Jacobian's VNI
            if (ratio > VNI_DEPARTURE) above.add(l + " (" + text(ratio) + "×)");
            else if (ratio < 1 / VNI_DEPARTURE) below.add(l + " (" + text(ratio) + "×)");
            if (r.weights().stableRank() < LOW_RANK * r.weights().randomStableRank()) {
                lowRank.add(l + " (" + text(r.weights().stableRank()) + " against " + text(r.weights().randomStableRank()) + ")");
            }
            if (r.weights().sigmaW2() < minW) {
                minW = r.weights().sigmaW2();
                minAt = l;
            }
            if (r.weights().sigmaW2() > maxW) {
                maxW = r.weights().sigmaW2();
                maxAt = l;
            }
        }
        StringBuilder s = new StringBuilder();
        LayerReading last = m.layers().get(m.layers().size() - 1);
        s.append(String.format(Locale.ROOT, "Over these inputs the last hidden layer's VNI is %s (participation ratio %s of %d nodes). Its Jacobian VNI is %s; "
                + "a random network with these scales would give %s. ", text(last.data().vni()), text(last.data().participationRatio()), last.data().width(),
                text(last.jacobian().vni().value()), text(last.finiteDepthVni())));
        if (m.theoryNote() != null && Double.isNaN(last.finiteDepthVni())) {
            String note = m.theoryNote().startsWith("no prediction") ? m.theoryNote() : "no prediction: " + m.theoryNote();
            s.append(Character.toUpperCase(note.charAt(0))).append(note.substring(1)).append(". ");
        }
        else if (above.isEmpty() && below.isEmpty()) {
            s.append("Every layer's Jacobian VNI is within a factor ").append(text(VNI_DEPARTURE))
                    .append(" of the prediction: in this respect the network is still in the random-network regime. ");
        } else {
            if (!above.isEmpty()) s.append("The Jacobian VNI exceeds a random network's at layer ").append(String.join(", ", above))
                    .append(" of the prediction: the layers map inputs onto fewer directions than chance would, as training makes them. ");
            if (!below.isEmpty()) s.append("It is below a random network's at layer ").append(String.join(", ", below)).append(" of the prediction. ");
        }
        s.append(lowRank.isEmpty() ? "No weight matrix has a stable rank below " + text(LOW_RANK) + " of a random matrix's. "
                : "The weights of layer " + String.join(", ", lowRank) + " have a stable rank below " + text(LOW_RANK)
                        + " of a random matrix's: a few directions dominate them, as training makes. ");
        s.append(String.format(Locale.ROOT, "σ_w² ranges from %s (layer %d) to %s (layer %d)%s.", text(minW), minAt, text(maxW), maxAt,
                maxW > 1.5 * minW ? "; the theory takes their mean, so its predictions are rougher where they differ" : ""));
        double dead = 0, saturated = 0;
        for (LayerReading r : m.layers()) {
            dead = Math.max(dead, r.data().deadFraction());
            saturated = Math.max(saturated, r.data().saturatedFraction());
        }
        if (dead > 0) s.append(" Up to ").append(text(100 * dead)).append("% of a layer's nodes are dead (constant over every input).");
        s.append(saturated > 0 ? " Up to " + text(100 * saturated) + "% of a layer's node-input pairs are saturated." : " No unit is saturated on any input.");
        return s.toString();
    }

    private Plot vniPlot(Measured m) {
        double[] x = new double[m.layers().size()], cov = new double[x.length], jac = new double[x.length], fixed = new double[x.length], finite = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            LayerReading r = m.layers().get(i);
            x[i] = r.data().depth();
            cov[i] = CellRecords.loggable(r.data().vni());
            jac[i] = CellRecords.loggable(r.jacobian().vni().value());
            fixed[i] = CellRecords.loggable(r.fixedPointVni());
            finite[i] = CellRecords.loggable(r.finiteDepthVni());
        }
        Plot p = new Plot("VNI per hidden layer, " + settings.name()).xLabel("layer l").yLabel("VNI").yScale(Scale.LOG)
                .legend(Plot.Legend.OUTSIDE_RIGHT).size(760, 420);
        p.add(Series.of("finite-depth theory", x, finite).color(Plot.PALETTE.get(2)).lineWidth(1.3));
        p.add(Series.of("fixed point (eq. 3.6)", x, fixed).color(Plot.PALETTE.get(2)).dash(Dash.DASHED).lineWidth(1.3));
        p.add(Series.of("covariance VNI", x, cov).color(Plot.PALETTE.get(0)).marker(Marker.CIRCLE));
        p.add(Series.of("Jacobian VNI", x, jac).color(Plot.PALETTE.get(1)).marker(Marker.SQUARE));
        return p;
    }

    private Plot participationPlot(Measured m) {
        double[] x = new double[m.layers().size()], pr = new double[x.length], rank = new double[x.length], width = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            LayerDiagnostics.Layer d = m.layers().get(i).data();
            x[i] = d.depth();
            pr[i] = CellRecords.loggable(d.participationRatio());
            rank[i] = CellRecords.loggable(d.effectiveRank());
            width[i] = d.width();
        }
        Plot p = new Plot("Effective number of nodes per hidden layer, " + settings.name()).xLabel("layer l").yLabel("nodes").yScale(Scale.LOG)
                .legend(Plot.Legend.OUTSIDE_RIGHT).size(760, 420);
        p.add(Series.of("width n_l", x, width).color(Plot.PALETTE.get(2)).dash(Dash.DASHED).lineWidth(1.3));
        p.add(Series.of("participation ratio (1 / VNI)", x, pr).color(Plot.PALETTE.get(0)).marker(Marker.CIRCLE));
        p.add(Series.of("entropy effective rank", x, rank).color(Plot.PALETTE.get(1)).marker(Marker.SQUARE));
        return p;
    }

    private Heatmap heatmap(Measured m) {
        DoubleMatrix r2 = m.correlationSquared();
        LayerDiagnostics.Layer d = m.layers().get(settings.heatmapDepth() - 1).data();
        return new Heatmap("ρ² between the nodes of layer " + settings.heatmapDepth() + ", " + settings.name()).colorLabel("ρ²").colormap(Colormap.of(0xffffff, 0x000000))
                .range(0, 1).axisLabels("node (clustered order)", "node")
                .panel("VNI = " + text(d.vni()), NodeOrdering.permute(r2, NodeOrdering.cluster(r2)));
    }

    /** Writes the chosen layers' activations over every input, M x n_l float32 each; returns the file names. */
    private List<String> export(OutputDir out, Blas blas) throws IOException {
        int[] layers = settings.export();
        if (layers.length == 0) return List.of();
        long m = inputs.rows().rows();
        Map<Integer, FloatMatrix> kept = new LinkedHashMap<>();
        ObservedPass pass = new ObservedPass(net, blas);
        for (int l : layers) {
            FloatMatrix all = kept.computeIfAbsent(l, k -> new FloatMatrix(Math.toIntExact(m), net.width(k)));
            pass.observe(l, layer -> all.rowsView((int) layer.first(), layer.rows()).copyFrom(layer.outputs()));
        }
        pass.run(inputs.rows(), settings.batch());
        List<String> names = new ArrayList<>();
        for (Map.Entry<Integer, FloatMatrix> e : kept.entrySet()) {
            String name = "activations-layer-" + e.getKey() + ".npy";
            Npy.write(out.resolve(name), e.getValue());
            names.add(name);
        }
        return names;
    }
}
