package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.BATCH;
import static dev.vnlab.experiment.SharedSettings.DATA;
import static dev.vnlab.experiment.SharedSettings.INPUT_VARIANCE;
import static dev.vnlab.experiment.SharedSettings.SEED;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.metrics.NodeOrdering;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
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
public final class HeatmapExperiment extends SweepExperiment<HeatmapExperiment.Settings, HeatmapExperiment.Panel> implements UsesDataSet {
    /** The command name. */
    public static final String COMMAND = "heatmap";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, HeatmapExperiment::new);
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
        static final Setting<Integer> DEPTH_ROW_WIDTH = Setting.of("depth_row_width", "N", ValueType.INT, "width of the first row of panels, whose depth grows")
                .checked(Checks.width());
        static final Setting<int[]> DEPTH_ROW_DEPTHS = Setting.of("depth_row_depths", "LIST", ValueType.INTS,
                "depths L of the first row's panels, comma-separated or FROM:TO:STEP").checked(Checks.ascendingDistinct("depth"));
        static final Setting<Integer> WIDTH_ROW_DEPTH = Setting.of("width_row_depth", "L", ValueType.INT, "depth of the second row of panels, whose width grows")
                .checked(Checks.atLeast(1));
        static final Setting<int[]> WIDTH_ROW_WIDTHS = Setting.of("width_row_widths", "LIST", ValueType.INTS,
                "widths N of the second row's panels, comma-separated or FROM:TO:STEP").checked(Checks.widths());
        private static final Setting<Integer> INPUTS = SharedSettings.INPUTS.help("inputs the correlations are taken over");

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(ModelSettings.of(Settings::activation, Settings::init),
                new Field<>(DEPTH_ROW_WIDTH, Settings::depthRowWidth), new Field<>(DEPTH_ROW_DEPTHS, Settings::depthRowDepths),
                new Field<>(WIDTH_ROW_DEPTH, Settings::widthRowDepth), new Field<>(WIDTH_ROW_WIDTHS, Settings::widthRowWidths),
                new Field<>(INPUTS, Settings::inputs), new SyntheticOrImages<>(Settings::data, Settings::inputVariance),
                new Field<>(BATCH, Settings::batch), new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ACTIVATION), ModelSettings.init(v), v.get(DEPTH_ROW_WIDTH), v.get(DEPTH_ROW_DEPTHS), v.get(WIDTH_ROW_DEPTH),
                        v.get(WIDTH_ROW_WIDTHS), v.get(INPUTS), v.get(DATA), v.get(INPUT_VARIANCE), v.get(BATCH), v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            ModelSettings.require(activation, init);
            DEPTH_ROW_WIDTH.check(depthRowWidth);
            WIDTH_ROW_DEPTH.check(widthRowDepth);
            depthRowDepths = DEPTH_ROW_DEPTHS.check(depthRowDepths);
            widthRowWidths = WIDTH_ROW_WIDTHS.check(widthRowWidths);
            INPUTS.check(inputs);
            if (data == null) INPUT_VARIANCE.check(inputVariance);
            else inputVariance = Double.NaN;
            BATCH.check(batch);
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

    private final ImageInputs images; // null for synthetic inputs

    /** The experiment of this configuration. */
    public HeatmapExperiment(Settings settings) {
        super(KIND, settings, cells(settings), Panel::key);
        this.images = settings.data == null ? null : new ImageInputs(settings.data, settings.inputs);
    }

    /** The depth row's networks, then the width row's not already among them. */
    private static List<Panel> cells(Settings settings) {
        List<Panel> c = new ArrayList<>();
        for (int l : settings.depthRowDepths) addOnce(c, new Panel(l, settings.depthRowWidth));
        for (int n : settings.widthRowWidths) addOnce(c, new Panel(settings.widthRowDepth, n));
        return c;
    }

    private static void addOnce(List<Panel> cells, Panel p) {
        if (!cells.contains(p)) cells.add(p);
    }

    @Override public Path dataDirectory() { return settings.data; }

    /** The forward pass over the M inputs, the covariance of the last layer and the clustering (about N^3). */
    @Override public long memory(Panel cell) {
        double n = cell.width, n0 = images == null ? n : images.columnsOr(cell.width), m = settings.inputs, batch = Math.min(settings.batch, m);
        // The correlations, their distances while clustering, the permuted copy and the recorded rows, each N x N.
        double own = images == null ? 0 : CellMemory.covariance(n0, m, batch) + CellMemory.covarianceScratch(n0, m); // the images' own covariance
        return CellMemory.bytes(CellMemory.drawnNetwork(n0, n) + CellMemory.forwardPass(batch, n0, n) + CellMemory.covariance(n, m, batch)
                + CellMemory.covarianceScratch(n, m) + 4 * CellMemory.doubleSquare(n) + CellMemory.record(n * n) + own);
    }

    @Override public double flops(Panel cell) {
        double n = cell.width, m = settings.inputs, n0 = images == null ? n : images.columnsOr(cell.width);
        return 2 * m * n * (n0 + (cell.depth - 1) * n) + m * n * n + n * n * n + (images == null ? 0 : m * n0 * n0);
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
        DrawnNetwork net = DrawnNetwork.of(inputs.columns(), panel.width, panel.depth, 1, settings.activation, settings.init, settings.init,
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
    @Override public void loadData() throws IOException {
        if (images != null) images.get();
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new HeatmapRendering(settings, cells().size()).render(records, out);
    }
}
