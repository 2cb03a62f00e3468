package dev.vnlab.experiment;

import dev.vnlab.sweep.Sweep;
import dev.vnlab.sweep.Experiment;
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
import dev.vnlab.report.OutputDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return new HeatmapRendering(settings, cells.size(), config()).finish(version, records, out);
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
        Covariance c = LayerMetrics.covariance(net, panel.depth, inputs, settings.batch, blas);
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

    /**
     * Writes {@code heatmap.csv} (one row per panel of each figure row), the figures
     * {@code heatmap-depth} and {@code heatmap-width} (SVG and PNG) and {@code report.md} from
     * every cell's record (in any order; as {@link #run} returns them or as read back from JSON).
     *
     * @throws IllegalArgumentException if a panel's record is missing or malformed
     */
    public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new HeatmapRendering(settings, cells.size(), config()).render(records, out);
    }
}
