package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.BATCH;
import static dev.vnlab.experiment.SharedSettings.DATA;
import static dev.vnlab.experiment.SharedSettings.DEPTHS;
import static dev.vnlab.experiment.SharedSettings.INPUT_VARIANCE;
import static dev.vnlab.experiment.SharedSettings.NETS;
import static dev.vnlab.experiment.SharedSettings.SEED;
import static dev.vnlab.experiment.SharedSettings.WIDTHS;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.spectrum.JacobianMethod;
import dev.vnlab.spectrum.JacobianMoments;
import dev.vnlab.spectrum.VanishingAlongDepth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fig. 3.1 of the paper: the VNI against depth L for networks of width N (docs/theory.md section 7).
 * One cell is one network of a width: a single draw of depth max(L), whose first L hidden layers
 * are the depth-L network for every L of the sweep (layer l's weights come from its own random
 * stream, so they do not depend on the depth drawn). One streamed forward pass over the M inputs
 * keeps just the layers at the sweep's depths and gives the covariance VNI of each (eq. 3.3,
 * 3.4); the Jacobian of the first L layers at the first K inputs gives the Jacobian VNI (eq. 3.5),
 * stochastically from P probes per input or exactly (P = 0). The fixed-point (eq. 3.6) and
 * finite-depth predictions stand beside them; nothing is fitted. The inputs' own covariance is
 * measured too (its VNI and participation ratio): correlated inputs, such as images, raise the
 * covariance VNI at every depth, which the Jacobian VNI and the theory do not see. A network
 * that has collapsed at a depth (every node constant, the VNI 0/0) is counted apart there.
 *
 * <p>Randomness: the synthetic inputs of width N come from {@code seeded(seed).child(0).child(N)}
 * (the same M points for every network of that width, as the paper feeds one input set to all
 * its networks), network {@code k} of width N from {@code seeded(seed).child(1).child(N).child(k)}
 * (its weights from child 0, its Jacobian probes from child 1). Thread-safe.
 */
public final class DepthExperiment extends SweepExperiment<DepthExperiment.Settings, DepthExperiment.Params> implements UsesDataSet {
    /** The command name. */
    public static final String COMMAND = "depth";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, DepthExperiment::new);
    private static final long INPUT_STREAM = 0, NETWORK_STREAM = 1;

    /**
     * What the sweep measures.
     *
     * @param activation phi of every hidden layer
     * @param init the hidden layers' weights and biases (scheme, sigma_w^2, sigma_b^2)
     * @param widths the widths N, ascending
     * @param depths the depths L, ascending
     * @param nets random networks per width (and so per point)
     * @param inputs M, the inputs the covariance is taken over
     * @param data a directory of MNIST-style IDX files whose first M training images (pixels / 255)
     *        are the inputs, or null for synthetic inputs
     * @param inputVariance the variance of the synthetic i.i.d. Gaussian inputs (NaN with data)
     * @param jacobianInputs K, the first inputs the Jacobian is taken at (0: no Jacobian)
     * @param probes P, probes per input of the stochastic estimate; 0 for the exact Jacobian
     * @param batch inputs per forward pass
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init init, int[] widths, int[] depths, int nets, int inputs, Path data,
                           double inputVariance, int jacobianInputs, int probes, int batch, long seed) {
        static final Setting<Integer> JACOBIAN_INPUTS = SharedSettings.JACOBIAN_INPUTS
                .help("inputs the Jacobian VNI is measured at, the first K of the input set (0: none)").rechecked(Checks.atLeast(0));
        static final Setting<Integer> PROBES = SharedSettings.PROBES.help("Gaussian probes per input for the Jacobian VNI; 0 for the exact Jacobian")
                .rechecked((option, p) -> {
                    if (p < 0 || p == 1) throw new IllegalArgumentException(option + " " + p + " is invalid; expected 0 (exact Jacobian) or at least 2");
                    return p;
                });
        private static final Setting<Integer> INPUTS = SharedSettings.INPUTS.help("inputs the covariance is taken over (paper preset with --data: 50000)");

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.withPresetsFrom(List.of(ModelSettings.of(Settings::activation, Settings::init),
                new Field<>(WIDTHS, Settings::widths), new Field<>(DEPTHS, Settings::depths), new Field<>(NETS, Settings::nets),
                new Field<>(INPUTS, Settings::inputs), new SyntheticOrImages<>(Settings::data, Settings::inputVariance),
                new Field<>(JACOBIAN_INPUTS, Settings::jacobianInputs), new Field<>(PROBES, Settings::probes), new Field<>(BATCH, Settings::batch),
                new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ACTIVATION), ModelSettings.init(v), v.get(WIDTHS), v.get(DEPTHS), v.get(NETS), v.get(INPUTS), v.get(DATA),
                        v.get(INPUT_VARIANCE), v.get(JACOBIAN_INPUTS), v.get(PROBES), v.get(BATCH), v.get(SEED)),
                a -> quick(), a -> SyntheticOrImages.images(a) ? paper().withInputs(50_000) : paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range */
        public Settings {
            ModelSettings.require(activation, init);
            widths = WIDTHS.check(widths);
            depths = DEPTHS.check(depths);
            NETS.check(nets);
            INPUTS.check(inputs);
            if (data == null) INPUT_VARIANCE.check(inputVariance);
            else inputVariance = Double.NaN;
            JACOBIAN_INPUTS.check(jacobianInputs);
            if (jacobianInputs > inputs) {
                throw new IllegalArgumentException(JACOBIAN_INPUTS.flag() + " " + jacobianInputs + " is invalid; expected 0 (no Jacobian) to " + inputs + " (" + INPUTS.flag() + ")");
            }
            PROBES.check(probes);
            BATCH.check(batch);
        }

        /**
         * Seconds on two cores: Fig. 3.1's networks (hard-tanh, scaled-Gaussian weights,
         * sigma_w^2 = 1, zero biases) at widths 200 and 500 and depths 10 to 100, 20 networks per
         * width, 1000 synthetic inputs of variance 0.1, the Jacobian VNI from 16 probes at 4 of them.
         */
        public static Settings quick() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), new int[] {200, 500}, new int[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                    20, 1000, null, 0.1, 4, 16, 1000, 1);
        }

        /**
         * Fig. 3.1: as {@link #quick} with 100 networks per width and the Jacobian VNI from 32
         * probes at 10 inputs; on images (the paper's MNIST), over 50,000 of them.
         */
        public static Settings paper() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), new int[] {200, 500}, new int[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                    100, 1000, null, 0.1, 10, 32, 1000, 1);
        }

        /** This configuration over another number of inputs. */
        public Settings withInputs(int m) {
            return new Settings(activation, init, widths, depths, nets, m, data, inputVariance, jacobianInputs, probes, batch, seed);
        }

        /** The deepest L: the depth of every network drawn. */
        int maxDepth() {
            return depths[depths.length - 1];
        }
    }

    /**
     * One cell: network {@code net} of width {@code width}.
     *
     * @param width N
     * @param net the network's number, 0 to nets - 1
     */
    public record Params(int width, int net) {}

    private final ImageInputs images; // null for synthetic inputs
    /** The inputs' own statistics by width (0 for images, the same at every width): one input set serves every network of a width. */
    private final Map<Integer, InputStatistics> inputStatistics = new java.util.concurrent.ConcurrentHashMap<>();

    /** The VNI, participation ratio and feature count of the inputs' own covariance. */
    private record InputStatistics(double vni, double participationRatio, int features) {
        static InputStatistics of(Covariance c) {
            return new InputStatistics(c.vni(), c.participationRatio(), c.nodes());
        }
    }

    /** The experiment of these settings. */
    public DepthExperiment(Settings settings) {
        super(KIND, settings, cells(settings), p -> "width=" + p.width + ",net=" + p.net);
        this.images = settings.data == null ? null : new ImageInputs(settings.data, settings.inputs);
    }

    /** Network by network within each width. */
    private static List<Params> cells(Settings settings) {
        List<Params> cells = new ArrayList<>();
        for (int n : settings.widths) for (int k = 0; k < settings.nets; k++) cells.add(new Params(n, k));
        return cells;
    }

    @Override public long memory(Params cell) {
        double n = cell.width, n0 = images == null ? n : images.columnsOr(cell.width), m = settings.inputs, d = settings.depths.length;
        double batch = Math.min(settings.batch, m), k = settings.jacobianInputs, depth = settings.maxDepth();
        double jacobian = k == 0 ? 0 : CellMemory.trainingPass(k, n0, n, depth, 1)
                + (settings.probes == 0 ? CellMemory.exactJacobian(n, n0) + CellMemory.jacobianTangents(k, n, n0) : CellMemory.probedJacobian(k, settings.probes, n, n0));
        return CellMemory.bytes(CellMemory.drawnNetwork(n0, n) + CellMemory.forwardPass(batch, n0, n)
                + CellMemory.covarianceStatistics(n, m, batch, d) + CellMemory.covarianceScratch(n, m) + jacobian
                + CellMemory.covariance(n0, m, batch) + CellMemory.covarianceScratch(n0, m)); // the inputs' own covariance
    }

    @Override public double flops(Params cell) {
        double n = cell.width, m = settings.inputs, n0 = images == null ? cell.width : images.columnsOr(cell.width);
        double forward = 2 * m * n * (n0 + (settings.maxDepth() - 1) * n);
        double covariance = settings.depths.length * m * n * n + m * n0 * n0; // the layers' and the inputs' own
        double k = settings.jacobianInputs; // exact: J carried through every layer once, then J J^T at each depth
        double jacobian = settings.probes == 0 ? 2 * k * n0 * n * (n0 + (settings.maxDepth() - 1) * n) : 0;
        for (int l : settings.depths) {
            jacobian += settings.probes == 0 ? k * 2 * n * n * n0 : 2 * (2 * k * settings.probes * n * (n0 + (l - 1) * n));
        }
        return forward + covariance + jacobian;
    }

    @Override public Path dataDirectory() {
        return settings.data;
    }

    /**
     * Loads the data inputs now (a no-op for synthetic ones), so that a missing or short data
     * set is reported before any cell runs.
     *
     * @throws IOException if the files are missing or malformed
     * @throws IllegalArgumentException if the data set has fewer images than --inputs
     */
    @Override public void loadData() throws IOException {
        if (images != null) images.get();
    }

    @Override public Map<String, Object> run(Params cell, Blas blas) throws IOException {
        long start = System.nanoTime();
        int n = cell.width;
        Rng root = Rng.seeded(settings.seed);
        RowSource in = images != null ? images.get().rows()
                : RowSource.gaussian(root.child(INPUT_STREAM).child(n), settings.inputs, n, settings.inputVariance, blas);
        Rng network = root.child(NETWORK_STREAM).child(n).child(cell.net);
        DrawnNetwork net = DrawnNetwork.of(in.columns(), n, settings.maxDepth(), 1, settings.activation, settings.init, settings.init, network.child(0), blas);

        int[] depths = settings.depths;
        InputStatistics inputs = inputStatistics.computeIfAbsent(images != null ? 0 : n,
                key -> InputStatistics.of(LayerMetrics.inputCovariance(in, settings.batch, blas)));
        JacobianMethod method = settings.jacobianInputs == 0 ? null : settings.probes == 0 ? JacobianMethod.exact(settings.jacobianInputs)
                : JacobianMethod.stochastic(settings.jacobianInputs, settings.probes, network.child(1));
        VanishingAlongDepth measured = VanishingAlongDepth.measure(net, in, settings.batch, depths, method, settings.jacobianInputs, blas);
        double[] covVni = new double[depths.length], variance = new double[depths.length];
        for (int k = 0; k < depths.length; k++) {
            covVni[k] = measured.covariances().get(k).vni();
            variance[k] = measured.covariances().get(k).meanVariance();
        }
        double[] jacVni = new double[depths.length], jacSe = new double[depths.length], jacM1 = new double[depths.length];
        Arrays.fill(jacVni, Double.NaN);
        Arrays.fill(jacSe, Double.NaN);
        Arrays.fill(jacM1, Double.NaN);
        if (method != null) {
            for (int k = 0; k < depths.length; k++) {
                JacobianMoments mean = measured.meanJacobian(k);
                jacVni[k] = mean.vni().value();
                jacSe[k] = mean.vni().standardError();
                jacM1[k] = mean.m1().value();
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", n);
        r.put("net", cell.net);
        r.put("covariance_vni", covVni);
        r.put("node_variance", variance);
        r.put("jacobian_vni", jacVni);
        r.put("jacobian_vni_se", jacSe);
        r.put("jacobian_m1", jacM1);
        if (images != null) r.put("input_second_moment", images.get().secondMoment());
        r.put("input_vni", inputs.vni());
        r.put("input_participation_ratio", inputs.participationRatio());
        r.put("input_features", inputs.features());
        r.put("seconds", (System.nanoTime() - start) / 1e9);
        return r;
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new DepthRendering(settings).render(records, out);
    }
}
