package dev.vnlab.experiment;

import dev.vnlab.sweep.Sweep;
import dev.vnlab.sweep.Experiment;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
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
public final class DepthExperiment implements Experiment<DepthExperiment.Params> {
    /** The command name. */
    public static final String COMMAND = "depth";
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
        /** @throws IllegalArgumentException naming the option whose value is out of range */
        public Settings {
            widths = ConfigChecks.widths("--widths", widths);
            depths = ConfigChecks.ascendingDistinct("--depths", "depth", depths);
            if (nets < 1) throw new IllegalArgumentException("--nets " + nets + " is invalid; expected at least 1 network per point");
            if (inputs < 2) throw new IllegalArgumentException("--inputs " + inputs + " is invalid; expected at least 2 (a covariance needs two inputs)");
            if (data == null && !(inputVariance > 0 && inputVariance < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("--input-variance " + inputVariance + " is invalid; expected a finite value > 0");
            }
            if (data != null) inputVariance = Double.NaN;
            if (jacobianInputs < 0 || jacobianInputs > inputs) {
                throw new IllegalArgumentException("--jacobian-inputs " + jacobianInputs + " is invalid; expected 0 (no Jacobian) to " + inputs + " (--inputs)");
            }
            if (probes < 0 || probes == 1) throw new IllegalArgumentException("--probes " + probes + " is invalid; expected 0 (exact Jacobian) or at least 2");
            if (batch < 1) throw new IllegalArgumentException("--batch " + batch + " is invalid; expected at least 1");
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

    private final Settings settings;
    private final Sweep<Params> sweep;
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
        this.settings = settings;
        this.images = settings.data == null ? null : new ImageInputs(settings.data, settings.inputs);
        List<Params> cells = new ArrayList<>();
        for (int n : settings.widths) for (int k = 0; k < settings.nets; k++) cells.add(new Params(n, k));
        this.sweep = Sweep.of(cells, p -> "width=" + p.width + ",net=" + p.net);
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    @Override public String command() {
        return COMMAND;
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        ConfigFields.putModel(c, settings.activation, settings.init);
        c.put("widths", settings.widths);
        c.put("depths", settings.depths);
        c.put("nets", settings.nets);
        c.put("inputs", settings.inputs);
        c.put("data", settings.data == null ? null : settings.data.toString());
        c.put("input_variance", settings.inputVariance); // NaN, written as null, with data
        c.put("jacobian_inputs", settings.jacobianInputs);
        c.put("probes", settings.probes);
        c.put("batch", settings.batch);
        c.put("seed", settings.seed);
        return c;
    }

    /**
     * The experiment a configuration ({@link #config()} in its JSON form) describes.
     *
     * @throws IllegalArgumentException naming a missing or malformed field
     */
    public static DepthExperiment fromConfig(Map<String, Object> c) {
        String data = ConfigFields.string(c, "data");
        return new DepthExperiment(new Settings(ConfigFields.activation(c), ConfigFields.init(c),
                ConfigFields.ints(c, "widths"), ConfigFields.ints(c, "depths"), ConfigFields.int32(c, "nets"), ConfigFields.int32(c, "inputs"),
                data == null ? null : Path.of(data), ConfigFields.real(c, "input_variance"), ConfigFields.int32(c, "jacobian_inputs"),
                ConfigFields.int32(c, "probes"), ConfigFields.int32(c, "batch"), ConfigFields.integer(c, "seed")));
    }

    @Override public Sweep<Params> sweep() {
        return sweep;
    }

    @Override public long memory(Params cell) {
        double n = cell.width, n0 = images == null ? n : images.columnsOr(cell.width), m = settings.inputs, d = settings.depths.length;
        double batch = Math.min(settings.batch, m), k = settings.jacobianInputs, depth = settings.maxDepth();
        double jacobian = k == 0 ? 0 : CellMemory.trainingPass(k, n0, n, depth, 1)
                + (settings.probes == 0 ? CellMemory.exactJacobian(n, n0) + CellMemory.jacobianTangents(k, n, n0) : CellMemory.probedJacobian(k, settings.probes, n, n0));
        return CellMemory.bytes(CellMemory.network(n0, n, depth, 1) + CellMemory.forwardPass(batch, n0, n, d)
                + d * CellMemory.covariance(n, m, batch) + CellMemory.covarianceScratch(n, m) + jacobian
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

    /**
     * Loads the data inputs now (a no-op for synthetic ones), so that a missing or short data
     * set is reported before any cell runs.
     *
     * @throws IOException if the files are missing or malformed
     * @throws IllegalArgumentException if the data set has fewer images than --inputs
     */
    public void loadData() throws IOException {
        if (images != null) images.get();
    }

    @Override public Map<String, Object> run(Params cell, Blas blas) throws IOException {
        long start = System.nanoTime();
        int n = cell.width;
        Rng root = Rng.seeded(settings.seed);
        RowSource in = images != null ? images.get().rows()
                : RowSource.gaussian(root.child(INPUT_STREAM).child(n), settings.inputs, n, settings.inputVariance, blas);
        Rng network = root.child(NETWORK_STREAM).child(n).child(cell.net);
        Mlp net = Mlp.create(in.columns(), n, settings.maxDepth(), 1, settings.activation, settings.init, settings.init, network.child(0), blas);

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

    @Override public String finish(String version, List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new DepthRendering(settings, config()).finish(version, records, out);
    }
}
