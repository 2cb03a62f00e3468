package dev.vnlab.experiment;

import dev.vnlab.sweep.Sweep;
import dev.vnlab.sweep.Experiment;
import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.metrics.NodeOrdering;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.random.Rng;
import dev.vnlab.report.Colormap;
import dev.vnlab.report.Heatmap;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import dev.vnlab.theory.Predictions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Fig. 3.2 of the paper: heatmaps of the squared correlations {@code rho_ij^2} between the nodes
 * of the last hidden layer (the paper's output layer) over an input set, nodes re-ordered so that
 * correlated ones sit together ({@link NodeOrdering#cluster}); one row of panels at a fixed width
 * and growing depth, one at a fixed depth and growing width, each panel titled with its VNI.
 *
 * <p>The thesis does not name the activation or the initialisation of Fig. 3.2; the presets
 * take those of Fig. 3.1 in the same section: hard-tanh, scaled-Gaussian weights (sigma_w^2 = 1,
 * variance 1/fan_in), zero biases.
 *
 * <p>A cell is one network, a distinct (depth, width) pair (a pair in both rows is computed
 * once). Randomness: synthetic inputs of width N come from {@code seeded(seed).child(0).child(N)}
 * (one input set per width, shared by its networks); the networks of width N from
 * {@code seeded(seed).child(1).child(N)}, whose layer l is drawn from its own stream, so the
 * depth-L network is the first L hidden layers of one draw and the depth row shows one network
 * growing deeper. Thread-safe: cells may run concurrently.
 */
public final class HeatmapExperiment implements Experiment<HeatmapExperiment.Panel> {
    /** The command name. */
    public static final String COMMAND = "heatmap";
    private static final long INPUT_STREAM = 0, NETWORK_STREAM = 1;
    /**
     * rho^2 is recorded rounded to 1 / this (4 decimals): a colour resolves 1/256 of the scale,
     * and the record of a 1000-node panel stays near 7 MB of JSON.
     */
    static final double RECORDED_SCALE = 1e4;
    /** The paper's colours: white for rho^2 = 0, black for rho^2 = 1. */
    private static final Colormap WHITE_TO_BLACK = Colormap.of(0xffffff, 0x000000);

    /**
     * What the heatmaps show.
     *
     * @param activation phi of every hidden layer
     * @param init the hidden layers' weights and biases
     * @param depthRowWidth N of the depth row
     * @param depthRowDepths the depths L of the depth row, ascending (the panel order)
     * @param widthRowDepth L of the width row
     * @param widthRowWidths the widths N of the width row, ascending (the panel order)
     * @param inputs M, the inputs the correlations are taken over
     * @param data a directory of MNIST-style IDX files whose first M training images (pixels
     *        / 255, not centred) are the inputs, or null for synthetic inputs
     * @param inputVariance the variance of the synthetic i.i.d. Gaussian inputs (whose width is
     *        N); NaN when data is given
     * @param batch inputs per forward pass
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init init, int depthRowWidth, int[] depthRowDepths, int widthRowDepth,
                           int[] widthRowWidths, int inputs, Path data, double inputVariance, int batch, long seed) {
        /** @throws IllegalArgumentException naming the value out of range and what is expected */
        public Settings {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(init, "init");
            ConfigChecks.width("--depth-row-width", depthRowWidth);
            ConfigChecks.atLeast("--width-row-depth", widthRowDepth, 1);
            depthRowDepths = ConfigChecks.ascendingDistinct("--depth-row-depths", "depth", depthRowDepths);
            widthRowWidths = ConfigChecks.widths("--width-row-widths", widthRowWidths);
            ConfigChecks.atLeast("--inputs", inputs, 2);
            if (data == null) ConfigChecks.positiveFinite("--input-variance", inputVariance);
            else inputVariance = Double.NaN;
            ConfigChecks.atLeast("--batch", batch, 1);
        }

        /**
         * Seconds to a minute on two cores: width 100 at depths 5, 20, 50, 100 and depth 50 at
         * widths 5, 20, 50, 100, over 2,000 synthetic inputs of variance 0.1 (MNIST with
         * {@link #withData}), hard-tanh, scaled-Gaussian weights.
         */
        public static Settings quick() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), 100, new int[] {5, 20, 50, 100}, 50,
                    new int[] {5, 20, 50, 100}, 2_000, null, 0.1, 500, 1);
        }

        /**
         * Fig. 3.2: width 200 at depths 5, 50, 300, 1000 and depth 100 at widths 5, 50, 200, 1000,
         * hard-tanh, scaled-Gaussian weights, over 50,000 inputs. The paper's inputs are the MNIST
         * training images: give their directory with {@link #withData}; without it the inputs are
         * 50,000 synthetic Gaussian points of variance 0.1 (those of Fig. 3.1).
         */
        public static Settings paper() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), 200, new int[] {5, 50, 300, 1000}, 100,
                    new int[] {5, 50, 200, 1000}, 50_000, null, 0.1, 1_000, 1);
        }

        /** This configuration on the first M training images of an MNIST-style directory. */
        public Settings withData(Path dir) {
            return new Settings(activation, init, depthRowWidth, depthRowDepths, widthRowDepth, widthRowWidths, inputs,
                    Objects.requireNonNull(dir, "dir"), Double.NaN, batch, seed);
        }

        /** This configuration with another root seed. */
        public Settings withSeed(long seed) {
            return new Settings(activation, init, depthRowWidth, depthRowDepths, widthRowDepth, widthRowWidths, inputs, data, inputVariance,
                    batch, seed);
        }

        /** The depths of the depth row (a copy). */
        @Override public int[] depthRowDepths() { return depthRowDepths.clone(); }

        /** The widths of the width row (a copy). */
        @Override public int[] widthRowWidths() { return widthRowWidths.clone(); }
    }

    /**
     * One cell: the network of depth L and width N.
     *
     * @param depth L
     * @param width N
     */
    public record Panel(int depth, int width) {
        /** The stable key, e.g. {@code depth=50,width=200}. */
        public String key() { return "depth=" + depth + ",width=" + width; }
    }

    private final Settings settings;
    private final List<Panel> cells;
    private final Sweep<Panel> sweep;
    private final ImageInputs images; // null for synthetic inputs

    /** The experiment of this configuration. */
    public HeatmapExperiment(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        List<Panel> c = new ArrayList<>();
        for (int l : settings.depthRowDepths) addOnce(c, new Panel(l, settings.depthRowWidth));
        for (int n : settings.widthRowWidths) addOnce(c, new Panel(settings.widthRowDepth, n));
        this.cells = List.copyOf(c);
        this.sweep = Sweep.of(cells, Panel::key);
        this.images = settings.data == null ? null : new ImageInputs(settings.data, settings.inputs);
    }

    private static void addOnce(List<Panel> cells, Panel p) {
        if (!cells.contains(p)) cells.add(p);
    }

    /** The settings. */
    public Settings settings() { return settings; }

    /** The cells: the depth row's networks, then the width row's not already among them. */
    public List<Panel> cells() { return cells; }

    @Override public String command() { return COMMAND; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        ConfigFields.putModel(c, settings.activation, settings.init);
        c.put("depth_row_width", settings.depthRowWidth);
        c.put("depth_row_depths", settings.depthRowDepths);
        c.put("width_row_depth", settings.widthRowDepth);
        c.put("width_row_widths", settings.widthRowWidths);
        c.put("inputs", settings.inputs);
        c.put("data", settings.data == null ? null : settings.data.toString());
        c.put("input_variance", settings.inputVariance); // NaN, written as null, with data
        c.put("batch", settings.batch);
        c.put("seed", settings.seed);
        return c;
    }

    /**
     * The experiment a configuration ({@link #config()} in its JSON form) describes.
     *
     * @throws IllegalArgumentException naming a missing or malformed field
     */
    public static HeatmapExperiment fromConfig(Map<String, Object> c) {
        String data = ConfigFields.string(c, "data");
        return new HeatmapExperiment(new Settings(ConfigFields.activation(c), ConfigFields.init(c),
                ConfigFields.int32(c, "depth_row_width"), ConfigFields.ints(c, "depth_row_depths"), ConfigFields.int32(c, "width_row_depth"),
                ConfigFields.ints(c, "width_row_widths"), ConfigFields.int32(c, "inputs"), data == null ? null : Path.of(data),
                ConfigFields.real(c, "input_variance"), ConfigFields.int32(c, "batch"), ConfigFields.integer(c, "seed")));
    }

    @Override public Sweep<Panel> sweep() { return sweep; }

    /** The forward pass over the M inputs, the covariance of the last layer and the clustering (about N^3). */
    @Override public long memory(Panel cell) {
        double n = cell.width, n0 = images == null ? n : images.columnsOr(cell.width), m = settings.inputs, batch = Math.min(settings.batch, m);
        // The correlations, their distances while clustering, the permuted copy and the recorded rows, each N x N.
        double own = images == null ? 0 : CellMemory.covariance(n0, m, batch) + CellMemory.covarianceScratch(n0, m); // the images' own covariance
        return CellMemory.bytes(CellMemory.network(n0, n, cell.depth, 1) + CellMemory.forwardPass(batch, n0, n, 1) + CellMemory.covariance(n, m, batch)
                + CellMemory.covarianceScratch(n, m) + 4 * CellMemory.doubleSquare(n) + CellMemory.record(n * n) + own);
    }

    @Override public double flops(Panel cell) {
        double n = cell.width, m = settings.inputs, n0 = images == null ? n : images.columnsOr(cell.width);
        return 2 * m * n * (n0 + (cell.depth - 1) * n) + m * n * n + n * n * n + (images == null ? 0 : m * n0 * n0);
    }

    @Override public String finish(String version, List<Map<String, Object>> records, OutputDir out) throws IOException {
        return render(records, out).finish(COMMAND, version, config(), rerun(), out);
    }

    /**
     * Computes one panel: the covariance of the last hidden layer over the M inputs, its
     * squared correlations, their clustered order and the vanishing-node statistics.
     *
     * @return {@code depth}, {@code width}, {@code inputs} (M), {@code input_second_moment}
     *         (q_x: measured on the images, the nominal variance for synthetic inputs), {@code vni},
     *         {@code participation_ratio}, {@code dead_fraction}, {@code mean_variance},
     *         {@code order} (node shown at each position) and {@code rho2} (N rows of N values in
     *         that order, rounded to 4 decimals); with data, also the images' own
     *         {@code input_vni}, {@code input_participation_ratio} and {@code input_features}
     * @throws IOException if the data files cannot be read
     * @throws IllegalArgumentException if the data set has fewer than M images
     */
    @Override
    public Map<String, Object> run(Panel panel, Blas blas) throws IOException {
        Rng root = Rng.seeded(settings.seed);
        RowSource inputs;
        double qx;
        Covariance own = null; // the images' own covariance
        if (images != null) {
            ImageInputs.Loaded im = images.get();
            inputs = im.rows();
            qx = im.secondMoment();
            own = LayerMetrics.inputCovariance(inputs, settings.batch, blas);
        } else {
            inputs = RowSource.gaussian(root.child(INPUT_STREAM).child(panel.width), settings.inputs, panel.width, settings.inputVariance, blas);
            qx = settings.inputVariance;
        }
        Mlp net = Mlp.create(inputs.columns(), panel.width, panel.depth, 1, settings.activation, settings.init, settings.init,
                root.child(NETWORK_STREAM).child(panel.width), blas);
        Covariance c = LayerMetrics.covariance(net, panel.depth - 1, inputs, settings.batch, blas);
        DoubleMatrix rho2 = c.correlationSquared();
        int[] order = NodeOrdering.cluster(rho2);
        DoubleMatrix ordered = NodeOrdering.permute(rho2, order);
        double[][] rows = new double[panel.width][panel.width];
        for (int i = 0; i < panel.width; i++) {
            for (int j = 0; j < panel.width; j++) rows[i][j] = Math.round(ordered.get(i, j) * RECORDED_SCALE) / RECORDED_SCALE;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("depth", panel.depth);
        r.put("width", panel.width);
        r.put("inputs", settings.inputs);
        r.put("input_second_moment", qx);
        r.put("vni", c.vni());
        r.put("participation_ratio", c.participationRatio());
        r.put("dead_fraction", c.deadFraction());
        r.put("mean_variance", c.meanVariance());
        r.put("order", order);
        r.put("rho2", rows);
        if (own != null) {
            r.put("input_vni", own.vni());
            r.put("input_participation_ratio", own.participationRatio());
            r.put("input_features", own.nodes());
        }
        return r;
    }

    /**
     * Loads the data inputs now (a no-op for synthetic ones), so that a missing or short data set
     * is reported before any cell runs.
     *
     * @throws IOException if the files are missing or malformed
     * @throws IllegalArgumentException if the data set has fewer than M training images
     */
    public void loadData() throws IOException {
        if (images != null) images.get();
    }

    /** A panel's record with its place in the figure, its theory and whether its network collapsed. */
    private record Shown(String row, Map<String, Object> record, int depth, int width, double meanOffDiagonal, double fixedPoint,
                         double finiteDepth, boolean collapsed) {
        double vni() { return ConfigFields.real(record, "vni"); }

        /** The VNI as the text prints it: "collapsed" where it is undefined for that reason. */
        String vniText() { return collapsed ? "collapsed" : text(vni()); }
    }

    /**
     * Writes {@code heatmap.csv} (one row per panel of each figure row), the figures
     * {@code heatmap-depth} and {@code heatmap-width} (SVG and PNG) and {@code report.md} from
     * every cell's record (in any order; as {@link #run} returns them or as read back from JSON).
     *
     * @throws IllegalArgumentException if a panel's record is missing or malformed
     */
    public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        Map<Panel, Map<String, Object>> byPanel = new HashMap<>();
        for (Map<String, Object> r : records) {
            byPanel.put(new Panel(ConfigFields.int32(r, "depth"), ConfigFields.int32(r, "width")), r);
        }
        List<Shown> depthRow = new ArrayList<>(), widthRow = new ArrayList<>();
        for (int l : settings.depthRowDepths) depthRow.add(shown("depth", byPanel, new Panel(l, settings.depthRowWidth)));
        for (int n : settings.widthRowWidths) widthRow.add(shown("width", byPanel, new Panel(settings.widthRowDepth, n)));

        List<String> columns = new ArrayList<>(List.of("figure_row", "depth", "width", "inputs", "collapsed", "vni", "participation_ratio", "dead_fraction",
                "mean_variance", "mean_offdiagonal_rho2", "vni_fixed_point", "vni_finite_depth"));
        if (settings.data != null) columns.addAll(List.of("input_vni", "input_participation_ratio"));
        Table csv = new Table(columns);
        Table shownTable = new Table("row", "L", "N", "collapsed", "VNI", "1/VNI", "mean ρ²", "dead", "eq. 3.6", "finite L");
        List<Shown> all = new ArrayList<>(depthRow);
        all.addAll(widthRow);
        for (Shown s : all) {
            Map<String, Object> r = s.record;
            List<Object> row = new ArrayList<>(List.of(s.row, s.depth, s.width, ConfigFields.int32(r, "inputs"), s.collapsed, s.vni(),
                    ConfigFields.real(r, "participation_ratio"), ConfigFields.real(r, "dead_fraction"), ConfigFields.real(r, "mean_variance"),
                    s.meanOffDiagonal, s.fixedPoint, s.finiteDepth));
            if (settings.data != null) {
                row.add(ConfigFields.optionalReal(r, "input_vni"));
                row.add(ConfigFields.optionalReal(r, "input_participation_ratio"));
            }
            csv.add(row.toArray());
            shownTable.add(s.row, s.depth, s.width, s.collapsed, s.vni(), ConfigFields.real(r, "participation_ratio"),
                    s.meanOffDiagonal, ConfigFields.real(r, "dead_fraction"), s.fixedPoint, s.finiteDepth);
        }
        out.writeCsv("heatmap.csv", csv);
        out.writeFigure("heatmap-depth", figure("width N = " + settings.depthRowWidth + ", growing depth", depthRow, true));
        out.writeFigure("heatmap-width", figure("depth L = " + settings.widthRowDepth + ", growing width", widthRow, false));

        Report report = new Report("Squared correlations between output nodes (Fig. 3.2)")
                .paragraph(setup(all))
                .table(shownTable)
                .paragraph("Columns: row, the figure row (depth: width fixed, depth growing; width: depth fixed, width growing); L depth; N width; "
                        + "collapsed: whether the panel's network has collapsed (" + Collapse.MEANING + "; its ρ² are shown as 0); "
                        + "VNI, the Vanishing Node Indicator of the last hidden layer (eq. 3.3); 1/VNI, its participation ratio (effective number of nodes); "
                        + "mean ρ², the unweighted mean of the off-diagonal squared correlations the panel shows; dead, the fraction of nodes constant over every input; "
                        + "eq. 3.6, the fixed-point prediction of the VNI; finite L, the finite-depth prediction at the inputs' mean square. Every number exactly in heatmap.csv"
                        + (settings.data != null ? ", with the VNI and participation ratio of the images' own covariance." : "."))
                .figure("ρ² between the nodes of the last hidden layer, width " + settings.depthRowWidth + " at growing depth (white 0, black 1; nodes clustered)",
                        "heatmap-depth")
                .figure("ρ² between the nodes of the last hidden layer, depth " + settings.widthRowDepth + " at growing width (white 0, black 1; nodes clustered)",
                        "heatmap-width")
                .section("Reading")
                .paragraph(reading(depthRow, widthRow));
        out.writeReport(report);
        return new Rendering(report, csv, shownTable.toConsole());
    }

    private Shown shown(String row, Map<Panel, Map<String, Object>> byPanel, Panel p) {
        Map<String, Object> r = byPanel.get(p);
        if (r == null) throw new IllegalArgumentException("no record for cell " + p.key() + "; expected one record per cell");
        double qx = ConfigFields.real(r, "input_second_moment");
        double fixed = CellRecords.predicted(() -> Predictions.fixedPoint(settings.activation, settings.init, p.depth, p.width).vni());
        double finite = CellRecords.predicted(() -> Predictions.finiteDepth(settings.activation, settings.init, p.depth, p.width, qx).vni());
        boolean collapsed = Collapse.of(ConfigFields.real(r, "vni"), ConfigFields.real(r, "mean_variance"));
        return new Shown(row, r, p.depth, p.width, meanOffDiagonal(matrix(r, p.width)), fixed, finite, collapsed);
    }

    private static double[][] matrix(Map<String, Object> r, int n) {
        double[][] m = ConfigFields.realRows(r, "rho2");
        if (m.length != n) throw new IllegalArgumentException("cell record field 'rho2' has " + m.length + " rows; expected " + n + ", the width");
        for (double[] row : m) {
            if (row.length != n) throw new IllegalArgumentException("cell record field 'rho2' has a row of " + row.length + " values; expected " + n);
        }
        return m;
    }

    /** The mean of rho_ij^2 over i != j (NaN for a single node). */
    private static double meanOffDiagonal(double[][] m) {
        int n = m.length;
        if (n < 2) return Double.NaN;
        double s = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) s += m[i][j];
        return s / ((double) n * (n - 1));
    }

    private Heatmap figure(String what, List<Shown> row, boolean depthVaries) {
        Heatmap h = new Heatmap("ρ² between output nodes, " + what).colorLabel("ρ²").colormap(WHITE_TO_BLACK)
                .axisLabels("node (clustered order)", "node").columns(row.size());
        for (Shown s : row) {
            String which = depthVaries ? "L = " + s.depth : "N = " + s.width;
            h.panel(which + (s.collapsed ? ", collapsed" : ", VNI = " + s.vniText()), matrix(s.record, s.width));
        }
        return h;
    }

    private String setup(List<Shown> all) {
        String inputs = settings.data == null
                ? String.format(Locale.ROOT, "%d i.i.d. Gaussian inputs of variance %s and width N (one input set per width)", settings.inputs,
                        text(settings.inputVariance))
                : String.format(Locale.ROOT, "the first %d training images of %s (pixels / 255, not centred; mean square q_x = %s)", settings.inputs,
                        settings.data, text(ConfigFields.real(all.get(0).record, "input_second_moment")));
        return String.format(Locale.ROOT, "Squared correlation coefficients ρ²_ij between the nodes of the last hidden layer over %s; "
                        + "%s activation, %s weights (variance σ_w²/fan_in) with σ_w² = %s and σ_b² = %s%s (the thesis does not state the activation and initialisation of "
                        + "Fig. 3.2; the presets take Fig. 3.1's). Nodes are re-ordered by average-linkage clustering of 1 − ρ² so correlated ones sit together. "
                        + "The networks of one width are one draw each: the depth-L network is the first L hidden layers of it. Seed %d.",
                inputs, Names.of(settings.activation), Names.of(settings.init.scheme()), text(settings.init.sigmaW2()),
                text(settings.init.sigmaB2()), InitText.criticalNote(settings.activation, settings.init), settings.seed);
    }

    /** What the numbers show, row by row, whichever way they go. */
    private String reading(List<Shown> depthRow, List<Shown> widthRow) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "At width %d the VNI is %s at depths %s", settings.depthRowWidth, values(depthRow),
                CellRecords.list(settings.depthRowDepths)));
        s.append(trend(depthRow, "depth", true)).append(' ');
        Shown shallow = depthRow.get(0), deep = depthRow.get(depthRow.size() - 1);
        s.append(String.format(Locale.ROOT, "The effective number of nodes 1/VNI goes from %s to %s of %d.", participation(shallow), participation(deep),
                settings.depthRowWidth));
        s.append(String.format(Locale.ROOT, " At depth %d the VNI is %s at widths %s", settings.widthRowDepth, values(widthRow),
                CellRecords.list(settings.widthRowWidths)));
        s.append(trend(widthRow, "width", false)).append(' ');
        List<Shown> all = new ArrayList<>(depthRow);
        all.addAll(widthRow);
        List<String> within = new ArrayList<>(), off = new ArrayList<>(), beyond = new ArrayList<>(), collapsed = new ArrayList<>();
        for (Shown x : all) {
            String at = "L = " + x.depth + ", N = " + x.width;
            if (x.collapsed) {
                if (!collapsed.contains(at)) collapsed.add(at);
                continue;
            }
            double relative = x.fixedPoint / x.vni() - 1;
            if (Math.abs(relative) <= 0.1) within.add(at);
            else off.add(at + " (" + text(x.fixedPoint) + ", " + CellRecords.signedPercent(relative) + ")");
            if (x.fixedPoint > 1) beyond.add(at);
        }
        s.append("Eq. 3.6 is within 10% of the measured VNI at ").append(within.isEmpty() ? "no panel" : String.join("; ", within));
        s.append(off.isEmpty() ? "." : " and off it at " + String.join("; ", off) + ".");
        if (!beyond.isEmpty()) {
            s.append(" It exceeds 1, which no VNI can, at ").append(String.join("; ", beyond))
                    .append(": the formula is first order in L/N and meant for N ≫ L.");
        }
        if (!collapsed.isEmpty()) {
            s.append(' ').append(Collapse.sentence(collapsed.size() + " of " + cells.size() + " networks collapsed, at " + String.join("; ", collapsed),
                    "they are shown, and counted apart from the comparisons with the theory"));
        }
        if (settings.data != null) {
            double ownVni = ConfigFields.optionalReal(shallow.record, "input_vni");
            String own = Double.isNaN(ownVni) ? "" : String.format(Locale.ROOT, " (the images' own covariance has VNI %s and participation ratio %s of their %d pixels, "
                            + "where independent pixels of equal variance would give about 1/n0 = %s)", text(ownVni),
                    text(ConfigFields.optionalReal(shallow.record, "input_participation_ratio")), (int) ConfigFields.optionalReal(shallow.record, "input_features"),
                    text(1 / ConfigFields.optionalReal(shallow.record, "input_features")));
            s.append(String.format(Locale.ROOT, " The predictions assume zero-mean inputs with independent features of equal variance (eq. 3.2); "
                            + "image pixels are none of these%s, as the shallowest panel shows: VNI %s at L = %d against eq. 3.6's %s.",
                    own, shallow.vniText(), shallow.depth, text(shallow.fixedPoint)));
        }
        double dead = 0;
        for (Shown x : all) dead = Math.max(dead, ConfigFields.real(x.record, "dead_fraction"));
        s.append(dead == 0 ? " No node is constant over the inputs in any panel." : " Up to " + text(100 * dead) + "% of a panel's nodes are constant over the inputs.");
        s.append(String.format(Locale.ROOT, " Over M = %d inputs a sample VNI is biased upward by about 1/M = %s.", settings.inputs, text(1.0 / settings.inputs)));
        return s.toString();
    }

    /** A panel's participation ratio 1/VNI, or "undefined (collapsed)". */
    private static String participation(Shown s) {
        return s.collapsed ? "undefined (collapsed)" : text(ConfigFields.real(s.record, "participation_ratio"));
    }

    private String rerun() {
        RerunCommand c = RerunCommand.of(COMMAND).option("activation", settings.activation).option("init", settings.init.scheme())
                .option("sigma-w2", settings.init.sigmaW2()).option("sigma-b2", settings.init.sigmaB2())
                .option("depth-row-width", settings.depthRowWidth).option("depth-row-depths", settings.depthRowDepths)
                .option("width-row-depth", settings.widthRowDepth).option("width-row-widths", settings.widthRowWidths)
                .option("inputs", settings.inputs);
        if (settings.data != null) c.option("data", settings.data);
        else c.option("input-variance", settings.inputVariance);
        return c.option("batch", settings.batch).option("seed", settings.seed).toString();
    }

    private static String values(List<Shown> row) {
        List<String> v = new ArrayList<>();
        for (Shown s : row) v.add(s.vniText());
        return String.join(", ", v);
    }

    /**
     * ": rising with depth" or where it does not, for a row whose VNI is expected to rise
     * ({@code rising}) or fall; a step from or to a panel without a VNI (collapsed) is not judged.
     */
    private static String trend(List<Shown> row, String along, boolean rising) {
        double[] v = row.stream().mapToDouble(Shown::vni).toArray();
        List<String> against = new ArrayList<>();
        for (int i = 1; i < v.length; i++) {
            if (rising ? v[i] < v[i - 1] : v[i] > v[i - 1]) {
                Shown a = row.get(i - 1), b = row.get(i);
                against.add(along.equals("depth") ? "L = " + a.depth + " to " + b.depth : "N = " + a.width + " to " + b.width);
            }
        }
        String dir = rising ? "rises" : "falls";
        boolean gaps = java.util.Arrays.stream(v).anyMatch(Double::isNaN);
        if (against.isEmpty()) return ": it " + dir + " with " + along + " at every step" + (gaps ? " between panels with a VNI." : ".");
        return ": it does not " + (rising ? "rise" : "fall") + " monotonically with " + along + " (" + String.join(", ", against) + " go the other way).";
    }
}
