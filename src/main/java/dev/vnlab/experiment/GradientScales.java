package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.BATCH;
import static dev.vnlab.experiment.SharedSettings.DEPTHS;
import static dev.vnlab.experiment.SharedSettings.INPUT_VARIANCE;
import static dev.vnlab.experiment.SharedSettings.NETS;
import static dev.vnlab.experiment.SharedSettings.SCHEME;
import static dev.vnlab.experiment.SharedSettings.SEED;
import static dev.vnlab.experiment.SharedSettings.SIGMA_B2;

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
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.spectrum.HiddenJacobian;
import dev.vnlab.theory.Criticality;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Section 4 of the paper (eq. 4.1-4.3): the forward and backward variance scales of deep
 * networks against depth, at a critical initialisation ({@code sigma_w^2 mu_1 = 1}) and at
 * weight scales either side of it, next to the covariance VNI of the last hidden layer. The
 * point the paper makes (docs/theory.md section 4): at criticality gradients neither vanish nor
 * explode, while the VNI still grows with L.
 *
 * <p>Measured per network of depth L over M i.i.d. Gaussian inputs of variance sigma_x^2 and
 * width N: the forward variance {@code Var[x_L] = tr(C) / N}, C the covariance of the last
 * hidden layer over the inputs (centred, as eq. 4.1 has it), and its VNI. Over the first K of
 * the inputs, a random cotangent {@code u ~ N(0, sigma_y^2 I_N)} per input is taken as
 * {@code dCost/dx_L} and back-propagated: {@code Var[dCost/dx_0]} is the mean square of the
 * components of {@code J^T u} ({@link HiddenJacobian#applyTranspose}), and the weight-gradient
 * variance of layer l the mean square of the entries of one input's {@code dCost/dW_l} (from
 * {@link Pass#backward} with the network's output layer made the identity, so that the
 * cotangent handed to it is {@code dCost/dx_L} itself). Both means are variances: u is
 * symmetric, so every gradient has mean zero. A backward pass sums the gradients of a batch of
 * inputs; their cotangents are independent, so the summed gradient's mean square divided by the
 * batch size is the per-input one.
 *
 * <p>Randomness: network {@code k} is drawn from {@code seeded(seed).child(1).child(k)} for
 * every weight scale and depth, layer l from its own stream: the networks of one k are the
 * same standard draws scaled by sigma_w, and the depth-L one is the first L layers of the
 * deepest. Its inputs come from {@code child(0).child(k)}, its cotangents from
 * {@code child(2).child(k)}. Thread-safe: cells may run concurrently.
 */
public final class GradientScales extends SweepExperiment<GradientScales.Settings, GradientScales.Network> {
    /** The command name. */
    public static final String COMMAND = "gradients";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, GradientScales::new);
    private static final long INPUT_STREAM = 0, NETWORK_STREAM = 1, COTANGENT_STREAM = 2;

    /**
     * What the sweep measures.
     *
     * @param activation phi of every hidden layer
     * @param scheme the weight distribution
     * @param sigmaB2 the bias variance sigma_b^2
     * @param sigmaW2 the weight scales sigma_w^2 swept, in order (the presets: below, at and
     *        above the critical one)
     * @param width N, of the inputs and every hidden layer
     * @param depths the depths L, ascending
     * @param nets random networks per point
     * @param inputs M, the inputs the forward variance and the VNI are taken over
     * @param gradientInputs K &lt;= M, the first inputs the gradients are taken at
     * @param inputVariance sigma_x^2 of the i.i.d. Gaussian inputs
     * @param cotangentVariance sigma_y^2 of the random cotangents {@code dCost/dx_L}
     * @param batch inputs per forward (and backward) pass
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init.Scheme scheme, double sigmaB2, double[] sigmaW2, int width, int[] depths, int nets,
                           int inputs, int gradientInputs, double inputVariance, double cotangentVariance, int batch, long seed) {
        static final Setting<Integer> GRADIENT_INPUTS = Setting.of("gradient_inputs", "K", ValueType.INT,
                "inputs the gradients are taken at, the first K of the input set").checked(Checks.atLeast(1));
        static final Setting<Double> COTANGENT_VARIANCE = Setting.of("cotangent_variance", "Q", ValueType.REAL,
                "variance sigma_y^2 of the random cotangents dCost/dx_L back-propagated").checked(Checks.positive());
        private static final Setting<Integer> WIDTH = SharedSettings.WIDTH.help("width N of the inputs and every hidden layer");
        private static final Setting<Integer> INPUTS = SharedSettings.INPUTS.help("inputs the forward variance and the VNI are taken over");

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(new Field<>(ACTIVATION, Settings::activation),
                new Field<>(SCHEME, Settings::scheme), new Field<>(SIGMA_B2, Settings::sigmaB2), new WeightScales<>(Settings::sigmaW2),
                new Field<>(WIDTH, Settings::width), new Field<>(DEPTHS, Settings::depths), new Field<>(NETS, Settings::nets),
                new Field<>(INPUTS, Settings::inputs), new Field<>(GRADIENT_INPUTS, Settings::gradientInputs),
                new Field<>(INPUT_VARIANCE, Settings::inputVariance), new Field<>(COTANGENT_VARIANCE, Settings::cotangentVariance),
                new Field<>(BATCH, Settings::batch), new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ACTIVATION), v.get(SCHEME), v.get(SIGMA_B2), v.get(WeightScales.SETTING), v.get(WIDTH), v.get(DEPTHS),
                        v.get(NETS), v.get(INPUTS), v.get(GRADIENT_INPUTS), v.get(INPUT_VARIANCE), v.get(COTANGENT_VARIANCE), v.get(BATCH), v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(scheme, "scheme");
            SIGMA_B2.check(sigmaB2);
            sigmaW2 = WeightScales.SETTING.check(sigmaW2);
            WIDTH.check(width);
            depths = DEPTHS.check(depths);
            NETS.check(nets);
            INPUTS.check(inputs);
            GRADIENT_INPUTS.check(gradientInputs);
            if (gradientInputs > inputs) {
                throw new IllegalArgumentException(GRADIENT_INPUTS.flag() + " " + gradientInputs + " is invalid; expected at most " + inputs + " (" + INPUTS.flag() + ")");
            }
            INPUT_VARIANCE.check(inputVariance);
            COTANGENT_VARIANCE.check(cotangentVariance);
            BATCH.check(batch);
        }

        /**
         * Seconds on two cores: tanh, scaled-Gaussian weights, zero biases (the paper's
         * assumption), sigma_w^2 = 0.9, the critical 1 ({@link Criticality#forBias}) and 2;
         * width 100, depths 10 to 100, 4 networks per point, 500 inputs of variance 0.1, gradients
         * at 100 of them with sigma_y^2 = 1.
         */
        public static Settings quick() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, aroundCritical(Activation.TANH, 0), 100,
                    new int[] {10, 20, 40, 60, 80, 100}, 4, 500, 100, 0.1, 1, 100, 1);
        }

        /**
         * The thesis has no figure for Section 4; this uses the networks of its Section 5 (tanh,
         * scaled-Gaussian weights, zero biases, width 500, 20 runs per point, critical
         * sigma_w^2 mu_1 = 1, depths up to 500) with weight scales 0.9 and 2 beside the critical
         * one, and Fig. 3.1's inputs (1000 i.i.d. Gaussian points of variance 0.1); gradients at
         * 100 of them with sigma_y^2 = 1.
         */
        public static Settings paper() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, aroundCritical(Activation.TANH, 0), 500,
                    new int[] {10, 25, 50, 100, 200, 500}, 20, 1_000, 100, 0.1, 1, 25, 1);
        }

        /** 0.9, the critical sigma_w^2 for this bias, and 2 (sorted; the critical one alone where it is one of them). */
        private static double[] aroundCritical(Activation phi, double sigmaB2) {
            return WeightScales.of(WeightScales.AROUND_CRITICAL, phi, sigmaB2);
        }

        /** This configuration with another root seed. */
        public Settings withSeed(long seed) {
            return new Settings(activation, scheme, sigmaB2, sigmaW2, width, depths, nets, inputs, gradientInputs, inputVariance,
                    cotangentVariance, batch, seed);
        }

        /** The weight scales (a copy). */
        @Override public double[] sigmaW2() { return sigmaW2.clone(); }

        /** The depths, ascending (a copy). */
        @Override public int[] depths() { return depths.clone(); }

        Init init(double sigmaW2) { return new Init(scheme, sigmaW2, sigmaB2); }
    }

    /**
     * One cell: network {@code net} of depth L at weight scale sigma_w^2.
     *
     * @param sigmaW2 sigma_w^2
     * @param depth L
     * @param net the network's number, 0 to nets - 1
     */
    public record Network(double sigmaW2, int depth, int net) {
        /** The stable key, e.g. {@code sigma_w2=1.0,depth=50,net=3}. */
        public String key() { return "sigma_w2=" + sigmaW2 + ",depth=" + depth + ",net=" + net; }
    }

    /** The experiment of this configuration: weight scale by weight scale, depth by depth, network by network. */
    public GradientScales(Settings settings) {
        super(KIND, settings, NetworkGrid.of(Arrays.stream(settings.sigmaW2).boxed().toList(), settings.depths, settings.nets, Network::new), Network::key);
    }

    /**
     * The forward pass over the M inputs and the covariance; at the K gradient inputs a forward
     * and backward pass (weights and inputs) through all L + 1 layers, then J^T u.
     */
    @Override public long memory(Network cell) {
        double n = settings.width, m = settings.inputs, batch = Math.min(settings.batch, m), depth = cell.depth;
        // Weights with their gradients (no optimizer), the gradient inputs' cotangents, a training pass and the Jacobian's.
        return CellMemory.bytes(CellMemory.trainedNetwork(n, n, depth, n, 0) + CellMemory.forwardPass(batch, n, n) + CellMemory.covariance(n, m, batch)
                + CellMemory.covarianceScratch(n, m) + 4.0 * settings.gradientInputs * n + 2 * CellMemory.trainingPass(Math.min(settings.batch, settings.gradientInputs), n, n, depth, n));
    }

    @Override public double flops(Network cell) {
        double n = settings.width, l = cell.depth, m = settings.inputs, k = settings.gradientInputs;
        return 2 * m * n * n * l + m * n * n + k * n * n * (6 * (l + 1) + 4 * l);
    }

    /**
     * Measures one network.
     *
     * @return {@code sigma_w2}, {@code depth}, {@code net}, {@code forward_variance} (Var[x_L]),
     *         {@code vni} (of the last hidden layer), {@code backward_variance} (Var[dCost/dx_0])
     *         and {@code weight_gradient_variance} (L values, layer 1 first)
     */
    @Override
    public Map<String, Object> run(Network cell, Blas blas) {
        Rng root = Rng.seeded(settings.seed);
        int n = settings.width, depth = cell.depth;
        Init init = settings.init(cell.sigmaW2);
        RowSource inputs = RowSource.gaussian(root.child(INPUT_STREAM).child(cell.net), settings.inputs, n, settings.inputVariance, blas);
        Mlp net = Mlp.create(n, n, depth, n, settings.activation, init, init, root.child(NETWORK_STREAM).child(cell.net), blas);
        makeOutputIdentity(net);

        Covariance c = LayerMetrics.covariance(net, depth, inputs, settings.batch, blas);

        FloatMatrix cotangents = new FloatMatrix(settings.gradientInputs, n);
        root.child(COTANGENT_STREAM).child(cell.net).fillGaussian(cotangents, 0f, (float) Math.sqrt(settings.cotangentVariance), blas);
        double[] weightSquares = new double[depth];
        double inputSquares = 0;
        for (int start = 0; start < settings.gradientInputs; start += settings.batch) {
            int k = Math.min(settings.batch, settings.gradientInputs - start);
            FloatMatrix x = new FloatMatrix(k, n), u = cotangents.rowsView(start, k);
            inputs.read(start, x);
            Pass pass = new Pass(net, k, blas);
            pass.forward(x);
            pass.backward(u); // dCost/dlogits = u, and the identity output layer passes it on as dCost/dx_L
            for (int l = 1; l <= depth; l++) weightSquares[l - 1] += sumOfSquares(net.weightGradient(l));
            FloatMatrix g = new FloatMatrix(k, n);
            HiddenJacobian.at(net, x, blas).applyTranspose(u, g);
            inputSquares += sumOfSquares(g);
        }
        double[] weightVariance = new double[depth];
        for (int l = 1; l <= depth; l++) weightVariance[l - 1] = weightSquares[l - 1] / ((double) settings.gradientInputs * net.width(l) * net.width(l - 1));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sigma_w2", cell.sigmaW2);
        r.put("depth", depth);
        r.put("net", cell.net);
        r.put("forward_variance", c.meanVariance());
        r.put("vni", c.vni());
        r.put("backward_variance", inputSquares / ((double) settings.gradientInputs * n));
        r.put("weight_gradient_variance", weightVariance);
        return r;
    }

    /** The output layer (N x N) becomes the identity with zero bias: the logits are x_L. */
    private static void makeOutputIdentity(Mlp net) {
        int out = net.depth() + 1;
        FloatMatrix w = net.weight(out);
        w.fill(0f);
        for (int i = 0; i < w.rows(); i++) w.set(i, i, 1f);
        Arrays.fill(net.bias(out), 0f);
    }

    /** The sum of squares in double, each float widened first, so that tiny gradients do not underflow when squared. */
    private static double sumOfSquares(FloatMatrix m) {
        double s = 0;
        for (int r = 0; r < m.rows(); r++) {
            float[] d = m.data();
            for (int j = 0, o = m.index(r, 0); j < m.cols(); j++) s += (double) d[o + j] * d[o + j];
        }
        return s;
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new GradientScalesRendering(settings).render(records, out);
    }
}
