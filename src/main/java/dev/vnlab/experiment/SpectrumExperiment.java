package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.BATCH;
import static dev.vnlab.experiment.SharedSettings.DEPTHS;
import static dev.vnlab.experiment.SharedSettings.INPUT_VARIANCE;
import static dev.vnlab.experiment.SharedSettings.NETS;
import static dev.vnlab.experiment.SharedSettings.SEED;
import static dev.vnlab.experiment.SharedSettings.WIDTHS;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.Mlp;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.spectrum.HiddenJacobian;
import dev.vnlab.spectrum.JacobianMethod;
import dev.vnlab.spectrum.JacobianMoments;
import dev.vnlab.spectrum.JacobianSpectrum;
import dev.vnlab.spectrum.SpectralQuadrature;
import dev.vnlab.spectrum.StochasticLanczos;
import dev.vnlab.spectrum.VanishingReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spectrum of {@code J J^T}, J the input-output Jacobian of the hidden stack, against the
 * free-probability theory (docs/theory.md sections 3-5): per network, the eigenvalues at a few inputs,
 * m1, m2 and the Jacobian VNI {@code m2 / (N m1^2)} beside their fixed-point (eq. 3.6) and
 * finite-depth predictions and the covariance VNI of the last hidden layer, all from
 * {@link VanishingReport}. Widths up to a limit are measured exactly (J formed; their
 * eigenvalues give the histograms), wider ones by stochastic Lanczos quadrature (never forming
 * J: the moments with standard errors, the extreme eigenvalues and the whole spectral measure,
 * whose smoothed density stands in for the histogram).
 *
 * <p>Cost: the exact route forms J twice per input (once for the report's moments, once for the
 * eigenvalues), L GEMMs of N x N x N each, plus an N^3 eigen-decomposition, and draws each layer
 * as the passes reach it. The Lanczos route walks the stack 2 m times, so it holds the network
 * (L N^2 floats: 6.4 GB at N = 4000, L = 100) and sends every start vector of every input
 * through each layer in one GEMM: memory-bound, about as fast for 16 rows as for one.
 *
 * <p>Randomness: the inputs of width N come from {@code seeded(seed).child(0).child(N)} (one
 * input set per width); network k of width N from {@code child(1).child(N).child(k)}, layer l
 * from its own stream, so the depth-L network is the first L layers of the deepest; its probes
 * from {@code child(2).child(N).child(k).child(L)}. Thread-safe: cells may run concurrently.
 */
public final class SpectrumExperiment extends SweepExperiment<SpectrumExperiment.Settings, SpectrumExperiment.Network> {
    /** The command name. */
    public static final String COMMAND = "spectrum";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, SpectrumExperiment::new);
    private static final long INPUT_STREAM = 0, NETWORK_STREAM = 1, PROBE_STREAM = 2;
    /**
     * Histograms start this far below the largest eigenvalue: J is float32, so an eigenvalue of
     * J J^T below about (1e-7)^2 of the largest is rounding, not spectrum.
     */
    static final double HISTOGRAM_DYNAMIC_RANGE = 1e-14;

    /**
     * What the sweep measures.
     *
     * @param activation phi of every hidden layer
     * @param init the hidden layers' weights and biases
     * @param widths the widths N (of the inputs and every hidden layer), ascending
     * @param depths the depths L, ascending
     * @param nets random networks per point
     * @param inputs M, the inputs the covariance VNI and the inputs' mean square q_x are taken over
     * @param jacobianInputs K &lt;= M, the first inputs the Jacobian is taken at
     * @param exactWidthLimit widths up to this are measured exactly (with eigenvalues), wider
     *        ones by stochastic Lanczos quadrature
     * @param probes P &gt;= 2, Gaussian start vectors per input of the Lanczos route
     * @param lanczosSteps m &gt;= 1, Lanczos steps per start vector
     * @param lanczosNets random networks per point above the exact limit (in place of {@code nets}):
     *        a wide network's spectrum is nearly the same from draw to draw, its spread falling as
     *        1/N, while each costs a full draw and 2 m walks of L N^2 weights
     * @param inputVariance the variance of the i.i.d. Gaussian inputs
     * @param bins the histograms' logarithmic bins
     * @param batch inputs per forward pass
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init init, int[] widths, int[] depths, int nets, int inputs, int jacobianInputs,
                           int exactWidthLimit, int probes, int lanczosSteps, int lanczosNets, double inputVariance, int bins, int batch, long seed) {
        static final Setting<Integer> JACOBIAN_INPUTS = SharedSettings.JACOBIAN_INPUTS;
        static final Setting<Integer> EXACT_WIDTH_LIMIT = Setting.of("exact_width_limit", "N", ValueType.INT,
                "widths up to this are measured exactly (J formed, eigenvalues and histograms), wider ones by stochastic Lanczos quadrature").checked(Checks.atLeast(0));
        static final Setting<Integer> PROBES = SharedSettings.PROBES.help("Gaussian start vectors per input of the Lanczos quadrature above --exact-width-limit");
        static final Setting<Integer> LANCZOS_STEPS = Setting.of("lanczos_steps", "m", ValueType.INT,
                "Lanczos steps per start vector above --exact-width-limit (each walks the network twice)").checked(Checks.range(1, 1_000));
        static final Setting<Integer> LANCZOS_NETS = Setting.of("lanczos_nets", "K", ValueType.INT,
                "random networks per point above --exact-width-limit, in place of --nets (a wide network's spectrum varies little between draws)").checked(Checks.atLeast(1));
        static final Setting<Integer> BINS = Setting.of("bins", "B", ValueType.INT, "logarithmic bins of the eigenvalue histograms").checked(Checks.range(1, 10_000));
        private static final Setting<Integer> INPUTS = SharedSettings.INPUTS.help("inputs the covariance VNI and the inputs' mean square q_x are taken over");

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(ModelSettings.of(Settings::activation, Settings::init),
                new Field<>(WIDTHS, Settings::widths), new Field<>(DEPTHS, Settings::depths), new Field<>(NETS, Settings::nets),
                new Field<>(INPUTS, Settings::inputs), new Field<>(JACOBIAN_INPUTS, Settings::jacobianInputs),
                new Field<>(EXACT_WIDTH_LIMIT, Settings::exactWidthLimit), new Field<>(PROBES, Settings::probes), new Field<>(LANCZOS_STEPS, Settings::lanczosSteps),
                new Field<>(LANCZOS_NETS, Settings::lanczosNets),                 new Field<>(INPUT_VARIANCE, Settings::inputVariance), new Field<>(BINS, Settings::bins), new Field<>(BATCH, Settings::batch),
                new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ACTIVATION), ModelSettings.init(v), v.get(WIDTHS), v.get(DEPTHS), v.get(NETS), v.get(INPUTS),
                        v.get(JACOBIAN_INPUTS), v.get(EXACT_WIDTH_LIMIT), v.get(PROBES), v.get(LANCZOS_STEPS), v.get(LANCZOS_NETS), v.get(INPUT_VARIANCE), v.get(BINS), v.get(BATCH),
                        v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            ModelSettings.require(activation, init);
            widths = WIDTHS.check(widths);
            depths = DEPTHS.check(depths);
            NETS.check(nets);
            INPUTS.check(inputs);
            JACOBIAN_INPUTS.check(jacobianInputs);
            if (jacobianInputs > inputs) {
                throw new IllegalArgumentException(JACOBIAN_INPUTS.flag() + " " + jacobianInputs + " is invalid; expected at most " + inputs + " (" + INPUTS.flag() + ")");
            }
            EXACT_WIDTH_LIMIT.check(exactWidthLimit);
            PROBES.check(probes);
            LANCZOS_STEPS.check(lanczosSteps);
            LANCZOS_NETS.check(lanczosNets);
            INPUT_VARIANCE.check(inputVariance);
            BINS.check(bins);
            BATCH.check(batch);
        }

        /**
         * Seconds on two cores: Fig. 3.1's networks (hard-tanh, scaled-Gaussian weights,
         * sigma_w^2 = 1, zero biases, inputs of variance 0.1) at widths 50 and 100 and depths 10,
         * 50, 100; 3 networks per point, the Jacobian exactly at 4 inputs, the covariance over 1000.
         * Wider than 500: one network per point, by Lanczos quadrature from 3 start vectors of 20
         * steps per input (at width 4000, depth 100, three networks' m1 and m2/m1² spread no more
         * than one network's start vectors do, and each network costs about 40 s).
         */
        public static Settings quick() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), new int[] {50, 100}, new int[] {10, 50, 100}, 3,
                    1_000, 4, 500, 3, 20, 1, 0.1, 40, 500, 1);
        }

        /**
         * The thesis shows no spectrum; this takes the networks of its Fig. 3.1 (hard-tanh,
         * scaled-Gaussian weights, sigma_w^2 = 1, zero biases, widths 200 and 500, 1000 inputs of
         * variance 0.1) at depths 10, 50, 100, 20 networks per point, the Jacobian exactly at 10
         * inputs. Wider than 500: 3 networks per point, by Lanczos quadrature from 3 start vectors
         * of 30 steps per input.
         */
        public static Settings paper() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), new int[] {200, 500}, new int[] {10, 50, 100}, 20,
                    1_000, 10, 500, 3, 30, 3, 0.1, 40, 500, 1);
        }

        /** This configuration with another root seed. */
        public Settings withSeed(long seed) {
            return new Settings(activation, init, widths, depths, nets, inputs, jacobianInputs, exactWidthLimit, probes, lanczosSteps, lanczosNets, inputVariance, bins, batch, seed);
        }

        /** The widths, ascending (a copy). */
        @Override public int[] widths() { return widths.clone(); }

        /** The depths, ascending (a copy). */
        @Override public int[] depths() { return depths.clone(); }

        /** True when width N is measured exactly. */
        public boolean exact(int width) { return width <= exactWidthLimit; }

        /** The random networks per point of width N: {@code nets} where it is measured exactly, {@code lanczosNets} above. */
        public int netsAt(int width) { return exact(width) ? nets : lanczosNets; }
    }

    /**
     * One cell: network {@code net} of width N, depth L.
     *
     * @param width N
     * @param depth L
     * @param net the network's number, 0 to nets - 1
     */
    public record Network(int width, int depth, int net) {
        /** The stable key, e.g. {@code width=200,depth=50,net=3}. */
        public String key() { return "width=" + width + ",depth=" + depth + ",net=" + net; }
    }

    /** The experiment of this configuration: width by width, depth by depth, network by network. */
    public SpectrumExperiment(Settings settings) {
        super(KIND, settings, NetworkGrid.of(Arrays.stream(settings.widths).boxed().toList(), settings.depths, settings::netsAt, Network::new), Network::key);
    }

    /**
     * The forward pass over the M inputs and the covariance; at each of the K Jacobian inputs,
     * exactly: J formed twice (L GEMMs of N^3) and J J^T and its eigenvalues (about 3 N^3) on a
     * network drawn as the passes reach it; and by Lanczos (on the held network above the exact
     * limit, beside the eigenvalues below it): m steps of a forward and a transposed product of
     * the P + 1 rows of every input, and the reorthogonalisation of each row against its basis.
     */
    @Override public long memory(Network cell) {
        double n = cell.width, m = settings.inputs, batch = Math.min(settings.batch, m), k = settings.jacobianInputs;
        boolean exact = settings.exact(cell.width);
        double lanczos = CellMemory.lanczosJacobian(Math.min(k, settings.batch), settings.probes, settings.lanczosSteps, n, cell.depth)
                + CellMemory.record(2.0 * k * (settings.probes + 1) * (settings.lanczosSteps + 1));
        double jacobian = exact
                ? CellMemory.trainingPass(k, n, n, cell.depth, 1) + CellMemory.exactJacobian(n, n) + CellMemory.jacobianTangents(Math.min(k, settings.batch), n, n)
                        + CellMemory.record(k * n) + lanczos
                : lanczos;
        return CellMemory.bytes((exact ? CellMemory.drawnNetwork(n, n) : CellMemory.network(n, n, cell.depth, 1)) + CellMemory.forwardPass(batch, n, n)
                + CellMemory.covariance(n, m, batch) + CellMemory.covarianceScratch(n, m) + jacobian);
    }

    /**
     * The network a Lanczos width holds is read twice at every step; above {@link #STREAMED_BYTES}
     * it no longer sits in the caches, so the steps run at the memory's speed.
     */
    @Override public boolean memoryBound(Network cell) {
        return !settings.exact(cell.width) && CellMemory.network(cell.width, cell.width, cell.depth, 1) > STREAMED_BYTES;
    }

    /** A network this large (float32 weights) is streamed from memory, not the caches. */
    static final double STREAMED_BYTES = 64e6;

    @Override public double flops(Network cell) {
        double n = cell.width, l = cell.depth, m = settings.inputs, k = settings.jacobianInputs, rows = k * (settings.probes + 1), steps = settings.lanczosSteps;
        double lanczos = steps * rows * (4 * n * n * l + 8 * steps * n);
        double jacobian = settings.exact(cell.width) ? k * (4 * l + 3) * n * n * n + lanczos : lanczos;
        return 2 * m * n * n * l + m * n * n + jacobian;
    }

    /**
     * Measures one network.
     *
     * @return {@code width}, {@code depth}, {@code net}, {@code exact}, {@code input_second_moment}
     *         (q_x), {@code covariance_vni}, {@code node_variance} (the last hidden layer's mean
     *         node variance: 0 when it has collapsed), the Jacobian's {@code m1}, {@code m2},
     *         {@code jacobian_vni} and {@code m2_over_m1_squared} (means over the K inputs) each
     *         with its standard error ({@code _se}: 0 when exact), the {@code fixed_point_} and
     *         {@code finite_depth_} predictions of {@code m1}, {@code m2_over_m1_squared} and
     *         {@code vni}, {@code theory_note} (why a prediction is missing, or null),
     *         {@code largest} (the largest eigenvalue of J J^T over the K inputs: a lower bound on
     *         the Lanczos route), {@code eigenvalues} (K N values, each input's ascending; empty on
     *         the Lanczos route) and {@code spectrum_nodes} and {@code spectrum_masses} (the
     *         Lanczos estimate of the spectral measure over the K inputs,
     *         {@link SpectralQuadrature#measure}: on the exact route too, beside the eigenvalues)
     *         with its {@code spectrum_floor} ({@link SpectralQuadrature#resolutionFloor})
     */
    @Override
    public Map<String, Object> run(Network cell, Blas blas) {
        Rng root = Rng.seeded(settings.seed);
        int n = cell.width;
        boolean exact = settings.exact(n);
        RowSource inputs = RowSource.gaussian(root.child(INPUT_STREAM).child(n), settings.inputs, n, settings.inputVariance, blas);
        Rng draw = root.child(NETWORK_STREAM).child(n).child(cell.net);
        // the same numbers either way; the Lanczos route walks the stack 2 m times, so it holds every layer
        Layers net = exact ? DrawnNetwork.of(n, n, cell.depth, 1, settings.activation, settings.init, settings.init, draw, blas)
                : Mlp.create(n, n, cell.depth, 1, settings.activation, settings.init, settings.init, draw, blas);
        List<SpectralQuadrature> spectra = new ArrayList<>();
        Rng probes = root.child(PROBE_STREAM).child(n).child(cell.net).child(cell.depth);
        JacobianMethod method = exact ? JacobianMethod.exact(settings.jacobianInputs)
                : JacobianMethod.lanczos(settings.jacobianInputs, settings.probes, settings.lanczosSteps, probes).reportingSpectra(spectra::add);
        VanishingReport report = VanishingReport.measure(net, settings.init, inputs, method, settings.batch, blas);

        double[] eigenvalues = new double[0], nodes = new double[0], masses = new double[0];
        double largest = Double.NEGATIVE_INFINITY, floor = 0;
        if (exact) {
            FloatMatrix x = new FloatMatrix(settings.jacobianInputs, n);
            inputs.read(0, x);
            HiddenJacobian jac = HiddenJacobian.at(net, x, blas);
            eigenvalues = new double[settings.jacobianInputs * n];
            for (int i = 0; i < settings.jacobianInputs; i++) System.arraycopy(JacobianSpectrum.at(jac, i).eigenvalues(), 0, eigenvalues, i * n, n);
            for (double e : eigenvalues) largest = Math.max(largest, e);
            spectra.add(StochasticLanczos.ofGram(jac, settings.probes, settings.lanczosSteps, probes)); // beside the eigenvalues: what the estimate sees of them
        }
        SpectralQuadrature.Measure pooled = pooled(spectra, settings.jacobianInputs);
        nodes = pooled.nodes();
        masses = pooled.masses();
        for (SpectralQuadrature q : spectra) {
            if (!exact) largest = Math.max(largest, q.largest());
            floor = Math.max(floor, q.resolutionFloor());
        }
        JacobianMoments j = report.jacobian();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", n);
        r.put("depth", cell.depth);
        r.put("net", cell.net);
        r.put("exact", exact);
        r.put("input_second_moment", report.inputSecondMoment());
        r.put("covariance_vni", report.covarianceVni());
        r.put("m1", j.m1().value());
        r.put("m1_se", j.m1().standardError());
        r.put("m2", j.m2().value());
        r.put("m2_se", j.m2().standardError());
        r.put("jacobian_vni", j.vni().value());
        r.put("jacobian_vni_se", j.vni().standardError());
        r.put("m2_over_m1_squared", j.m2OverM1Squared().value());
        r.put("m2_over_m1_squared_se", j.m2OverM1Squared().standardError());
        r.put("fixed_point_m1", report.fixedPoint().m1());
        r.put("fixed_point_m2_over_m1_squared", report.fixedPoint().m2OverM1Squared());
        r.put("fixed_point_vni", report.fixedPoint().vni());
        r.put("finite_depth_m1", report.finiteDepth().m1());
        r.put("finite_depth_m2_over_m1_squared", report.finiteDepth().m2OverM1Squared());
        r.put("finite_depth_vni", report.finiteDepth().vni());
        String note = report.fixedPoint().failure() != null ? report.fixedPoint().failure() : report.finiteDepth().failure();
        r.put("theory_note", note);
        r.put("largest", largest);
        r.put("eigenvalues", eigenvalues);
        r.put("spectrum_nodes", nodes);
        r.put("spectrum_masses", masses);
        r.put("spectrum_floor", floor);
        r.put("node_variance", report.nodeVariance());
        return r;
    }

    /** The measures of the batches of inputs as one over all K inputs: each batch's masses weighted by its share of them. */
    private static SpectralQuadrature.Measure pooled(List<SpectralQuadrature> batches, int inputs) {
        List<double[]> nodes = new ArrayList<>(), masses = new ArrayList<>();
        for (SpectralQuadrature q : batches) {
            SpectralQuadrature.Measure m = q.measure();
            double share = (double) q.groups().size() / inputs;
            double[] w = m.masses();
            for (int i = 0; i < w.length; i++) w[i] *= share;
            nodes.add(m.nodes());
            masses.add(w);
        }
        return new SpectralQuadrature.Measure(CellRecords.concat(nodes), CellRecords.concat(masses));
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new SpectrumRendering(settings).render(records, out);
    }
}
