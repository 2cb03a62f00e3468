package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.DEPTHS;
import static dev.vnlab.experiment.SharedSettings.SCHEME;
import static dev.vnlab.experiment.SharedSettings.SEED;
import static dev.vnlab.experiment.SharedSettings.SIGMA_W2;
import static dev.vnlab.experiment.SharedSettings.WIDTHS;

import dev.vnlab.data.Dataset;
import dev.vnlab.data.RowSource;
import dev.vnlab.data.Synthetic;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Loss;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;
import dev.vnlab.nn.Trainer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Derived;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.theory.Criticality;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The "walking dead gradients" of the arXiv version (1910.09745): networks at the critical
 * initialisation (sigma_w^2 mu_1 = 1, so gradients neither vanish nor explode) learning XOR,
 * the four points of {-1, +1}^2 ({@link Synthetic#xor}), full batch, one step per epoch. A run
 * succeeds when all four points are classified right within the step budget. Per run it records
 * the VNI of the last hidden layer over the four inputs at initialisation and at the end (four
 * points span at most 3 dimensions, so this VNI lies in [1/3, 1]; 1 means the four hidden
 * representations lie on a line), and the Frobenius norm of every layer's weight gradient on the
 * full batch at initialisation and at the end. The point it shows: the deeper the net, the
 * nearer the VNI is to 1 and the more runs fail, while the first and last layers' gradients stay
 * of the same order.
 *
 * <p>One cell is one run: width x depth x run number. Randomness: the network comes from
 * {@code seeded(seed).child(0).child(width).child(depth).child(run)}, the batch order (the order
 * the four rows are summed in) from {@code seeded(seed).child(1).child(run)}. Results are the
 * same bits for any thread count; {@link #run} may be called from several threads at once.
 */
public final class XorExperiment extends SweepExperiment<XorExperiment.Settings, XorExperiment.Params> {
    /** The command that runs it and names it in outputs. */
    public static final String COMMAND = "xor";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, XorExperiment::new);
    private static final long NETWORK_STREAM = 0, SHUFFLE_STREAM = 1;

    /**
     * What the sweep trains.
     *
     * @param activation phi of every hidden layer
     * @param scheme the weight distribution, at the activation's critical sigma_w^2 (zero biases)
     * @param depths the depths L, ascending
     * @param widths the widths N, ascending
     * @param runs runs per width and depth
     * @param steps the step budget (full-batch steps, one per epoch)
     * @param optimizer the update rule
     * @param learningRate its constant learning rate
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init.Scheme scheme, int[] depths, int[] widths, int runs, int steps, OptimizerKind optimizer,
                           double learningRate, long seed) {
        static final Setting<Integer> STEPS = Setting.of("steps", "S", ValueType.INT,
                "full-batch steps at most; a run that has not classified all four points by then failed").checked(Checks.atLeast(1));
        static final Setting<OptimizerKind> OPTIMIZER = Setting.of("optimizer", "NAME", ValueType.name(OptimizerKind.class),
                "update rule: " + Names.all(OptimizerKind.class));
        static final Setting<Double> LEARNING_RATE = Setting.of("learning_rate", "LR", ValueType.REAL, "the optimizer's constant learning rate")
                .checked(Checks.positive());
        private static final Setting<Integer> RUNS = SharedSettings.RUNS.help("runs per width and depth");

        /** The settings as options, JSON fields and the re-run command, in the configuration's order; sigma_w2 is recorded, not set. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(new Field<>(ACTIVATION, Settings::activation), new Field<>(SCHEME, Settings::scheme),
                new Derived<>(SIGMA_W2, s -> s.init().sigmaW2()), new Field<>(DEPTHS, Settings::depths), new Field<>(WIDTHS, Settings::widths),
                new Field<>(RUNS, Settings::runs), new Field<>(STEPS, Settings::steps), new Field<>(OPTIMIZER, Settings::optimizer),
                new Field<>(LEARNING_RATE, Settings::learningRate), new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ACTIVATION), v.get(SCHEME), v.get(DEPTHS), v.get(WIDTHS), v.get(RUNS), v.get(STEPS), v.get(OPTIMIZER),
                        v.get(LEARNING_RATE), v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(optimizer, "optimizer");
            Criticality.init(scheme, activation, 0); // an activation without a critical point fails here
            depths = DEPTHS.check(depths);
            widths = WIDTHS.check(widths);
            RUNS.check(runs);
            STEPS.check(steps);
            LEARNING_RATE.check(learningRate);
        }

        /** The depths (a copy). */
        @Override public int[] depths() {
            return depths.clone();
        }

        /** The widths (a copy). */
        @Override public int[] widths() {
            return widths.clone();
        }

        /** The critical initialisation of every layer. */
        public Init init() {
            return Criticality.init(scheme, activation, 0);
        }

        /**
         * The arXiv version's experiment as far as its abstract states it: XOR learnt by critical
         * tanh networks of increasing depth. Its settings are not stated; these are a choice:
         * scaled-Gaussian weights, depths 2 to 100, widths 8, 16, 32, 20 runs each (the thesis's
         * count), Adam at lr 1e-3 for 5,000 full-batch steps. Adam, because its steps do not
         * scale with the gradient's size: a run it cannot train is not held back by a small
         * gradient alone.
         */
        public static Settings paper() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new int[] {2, 3, 5, 10, 20, 30, 50, 100}, new int[] {8, 16, 32}, 20, 5_000,
                    OptimizerKind.ADAM, 1e-3, 1);
        }

        /** A version that runs in seconds: as {@link #paper} with depths 2, 5, 10, 20, 50, 100, widths 8 and 16, 5 runs each, 1,000 steps. */
        public static Settings quick() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new int[] {2, 5, 10, 20, 50, 100}, new int[] {8, 16}, 5, 1_000,
                    OptimizerKind.ADAM, 1e-3, 1);
        }
    }

    /**
     * One cell: run {@code run} of a width and depth.
     *
     * @param width N
     * @param depth L
     * @param run the run number, 0 to runs - 1
     */
    public record Params(int width, int depth, int run) {
        /** The stable key, e.g. {@code width=16,depth=10,run=3}. */
        public String key() {
            return "width=" + width + ",depth=" + depth + ",run=" + run;
        }
    }

    /** The experiment of these settings. */
    public XorExperiment(Settings settings) {
        super(KIND, settings, cells(settings), Params::key);
    }

    /** The cells in a fixed order: width, depth, run (the last varying fastest). */
    private static List<Params> cells(Settings settings) {
        List<Params> cells = new ArrayList<>();
        for (int n : settings.widths) for (int l : settings.depths) for (int k = 0; k < settings.runs(); k++) cells.add(new Params(n, l, k));
        return cells;
    }

    @Override public long memory(Params cell) {
        double n = cell.width(), depth = cell.depth();
        return CellMemory.bytes(CellMemory.trainedNetwork(2, n, depth, 2, settings.optimizer().states()) + 2 * CellMemory.trainingPass(4, 2, n, depth, 2)
                + CellMemory.covariance(n, 4, 4));
    }

    /** The floating-point operations of one cell at the full step budget (an upper estimate: successes stop early). */
    @Override public double flops(Params cell) {
        double n = cell.width(), perExample = 2.0 * (2 * n + (cell.depth() - 1) * n * n + 2 * n);
        return settings.steps() * 4 * 4 * perExample;
    }

    /**
     * Trains one run on XOR.
     *
     * @return the record: {@code width}, {@code depth}, {@code run}, {@code sigma_w2},
     *     {@code status} (target-reached, completed or diverged), {@code success},
     *     {@code steps} (taken), {@code accuracy} (at the end, over the four points),
     *     {@code loss_init}, {@code loss_end}, {@code vni_init}, {@code vni_end},
     *     {@code grad_norm_init} and {@code grad_norm_end} (the weight gradient's Frobenius norm
     *     of every layer, hidden layers 1..L then the output layer) and {@code seconds}
     */
    @Override
    public Map<String, Object> run(Params cell, Blas blas) {
        long start = System.nanoTime();
        Dataset xor = Synthetic.xor();
        Init init = settings.init();
        Rng root = Rng.seeded(settings.seed());
        Mlp net = Mlp.create(xor.features(), cell.width(), cell.depth(), xor.classes(), settings.activation(), init, init,
                root.child(NETWORK_STREAM).child(cell.width()).child(cell.depth()).child(cell.run()), blas);
        Pass pass = new Pass(net, xor.size(), blas);
        double lossInit = gradients(pass, xor);
        double[] gradInit = gradientNorms(net, blas);
        double vniInit = vni(net, xor, blas);
        Trainer trainer = new Trainer(net, settings.optimizer().create(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY,
                Schedule.constant(settings.learningRate()), xor, xor, xor.size(), root.child(SHUFFLE_STREAM).child(cell.run()), blas)
                .targetAccuracy(1.0);
        Trainer.Result result = Trainers.run(trainer, settings.steps(), cell.key());
        boolean diverged = result.status() == Trainer.Status.DIVERGED;
        double lossEnd = diverged ? Double.NaN : gradients(pass, xor);
        double[] gradEnd = diverged ? nans(gradInit.length) : gradientNorms(net, blas);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", cell.width());
        r.put("depth", cell.depth());
        r.put("run", cell.run());
        r.put("sigma_w2", init.sigmaW2());
        r.put("status", Names.of(result.status()));
        r.put("success", result.status() == Trainer.Status.TARGET_REACHED);
        r.put("steps", result.state().epochs());
        r.put("accuracy", diverged ? Double.NaN : trainer.evaluate(xor)[1]);
        r.put("loss_init", lossInit);
        r.put("loss_end", lossEnd);
        r.put("vni_init", vniInit);
        r.put("vni_end", diverged ? Double.NaN : vni(net, xor, blas));
        r.put("grad_norm_init", gradInit);
        r.put("grad_norm_end", gradEnd);
        r.put("seconds", (System.nanoTime() - start) / 1e9);
        return r;
    }

    /** One forward and backward pass over the four points: writes the gradients, returns the loss. */
    private static double gradients(Pass pass, Dataset xor) {
        pass.forward(xor.inputs());
        return pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, xor.labels());
    }

    private static double[] gradientNorms(Mlp net, Blas blas) {
        double[] g = new double[net.depth() + 1]; // layers 1..L+1
        for (int l = 0; l < g.length; l++) g[l] = blas.frobeniusNorm(net.weightGradient(l + 1));
        return g;
    }

    private static double vni(Mlp net, Dataset xor, Blas blas) {
        return LayerMetrics.covariance(net, net.depth(), RowSource.of(xor.inputs()), xor.size(), blas).vni();
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return XorRendering.render(settings, records, out);
    }
}
