package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.DEPTHS;
import static dev.vnlab.experiment.SharedSettings.SEED;
import static dev.vnlab.experiment.SharedSettings.STEP_BATCH;
import static dev.vnlab.experiment.SharedSettings.WIDTH;

import dev.vnlab.data.Dataset;
import dev.vnlab.data.Mnist;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Loss;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Trainer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.theory.Criticality;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fig. 5.1 of the paper and its supplementary: the probability of successful training over
 * depth L and learning rate, for tanh and ReLU networks with scaled-Gaussian and orthogonal
 * weights at the critical initialisation sigma_w^2 mu_1 = 1 (tanh: sigma_w^2 = 1, ReLU: 2; zero
 * biases), trained with SGD, momentum, Adam or RMSProp. A run succeeds when its training
 * accuracy reaches the target within the epoch budget (the paper: 90% within 100 epochs).
 * Training accuracy here is measured the strict way: a full pass over the training set after
 * each epoch (the Trainer's target accuracy, with the training set as its evaluation set), not
 * the average over the epoch's batches while the weights moved. A run that diverges
 * ({@link Trainer#DIVERGENCE_RULE}) is stopped and counted as a failure, its divergence recorded. The
 * output-layer VNI (the last hidden layer's) is measured over a probe set (the first training
 * images) at initialisation and after every epoch: the paper reports it near 1 in failed runs.
 *
 * <p>One cell is one training run: optimizer x activation x weights x depth x learning rate x
 * run number. Randomness: run k of a depth, activation and weight distribution starts from the
 * network drawn from {@code seeded(seed).child(0).child(activation ordinal).child(scheme
 * ordinal).child(depth).child(k)}, the same for every learning rate and optimizer, and sees the
 * batches of {@code seeded(seed).child(1).child(k)}: learning rates and optimizers are compared
 * on paired runs. Results are the same bits for any thread count; {@link #run} may be called
 * from several threads at once for different cells.
 */
public final class TrainingGrid extends SweepExperiment<TrainingGrid.Settings, GridCell> implements UsesDataSet {
    /** The command that runs it and names it in outputs. */
    public static final String COMMAND = "grid";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, TrainingGrid::new);
    private static final long NETWORK_STREAM = 0, SHUFFLE_STREAM = 1;
    private static final int PROBE_BATCH = 500;

    /**
     * What the sweep trains.
     *
     * @param data a directory of MNIST-style IDX files (MNIST in the paper)
     * @param trainImages the first n training images are the training set (and the set whose accuracy decides success)
     * @param probeImages the first p training images are the probe set the VNI is measured over
     * @param depths the depths L, ascending
     * @param width N, nodes per hidden layer
     * @param activations the activations, each with its critical sigma_w^2
     * @param schemes the weight distributions
     * @param optimizers the optimizers with their learning rates
     * @param runs runs per cell of the grid
     * @param maxEpochs the epoch budget
     * @param targetAccuracy the training accuracy (a fraction) that counts as success
     * @param batch examples per step
     * @param seed the root seed
     */
    public record Settings(Path data, int trainImages, int probeImages, int[] depths, int width, List<Activation> activations,
                           List<Init.Scheme> schemes, List<OptimizerRates> optimizers, int runs, int maxEpochs, double targetAccuracy,
                           int batch, long seed) {
        static final Setting<List<Activation>> ACTIVATIONS = Setting.of("activations", "LIST", ValueType.names(Activation.class),
                "hidden activations, each at its critical sigma_w^2 (zero biases): " + Names.all(Activation.class)).checked(Checks.distinctNames());
        static final Setting<List<Init.Scheme>> INITS = Setting.of("inits", "LIST", ValueType.names(Init.Scheme.class),
                "weight distributions: " + Names.all(Init.Scheme.class)).checked(Checks.distinctNames());
        static final Setting<Integer> MAX_EPOCHS = Setting.of("max_epochs", "E", ValueType.INT,
                "the epoch budget: a run that has not reached the target by then failed").option(SharedSettings.EPOCHS.optionName()).checked(Checks.atLeast(1));
        static final Setting<Double> TARGET_ACCURACY = Setting.of("target_accuracy", "A", ValueType.REAL, "the training accuracy (a fraction) that counts as success")
                .checked(Checks.fraction());
        private static final Setting<Integer> TRAIN_IMAGES = SharedSettings.TRAIN_IMAGES.help("train on the first N training images; success is judged by a full pass over them");
        private static final Setting<Integer> PROBE_IMAGES = SharedSettings.PROBE_IMAGES.help("measure the output-layer VNI over the first P training images");
        private static final Setting<Integer> RUNS = SharedSettings.RUNS.help("runs per depth and learning rate");
        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(new ImageDirectory<>(Settings::data), new Field<>(TRAIN_IMAGES, Settings::trainImages),
                new Field<>(PROBE_IMAGES, Settings::probeImages), new Field<>(DEPTHS, Settings::depths), new Field<>(WIDTH, Settings::width),
                new Field<>(ACTIVATIONS, Settings::activations), new Field<>(INITS, Settings::schemes),
                new GridLearningRates<>(Settings::optimizers, GridLearningRates::quick, GridLearningRates::paper),
                new Field<>(RUNS, Settings::runs), new Field<>(MAX_EPOCHS, Settings::maxEpochs), new Field<>(TARGET_ACCURACY, Settings::targetAccuracy),
                new Field<>(STEP_BATCH, Settings::batch), new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ImageDirectory.SETTING), v.get(TRAIN_IMAGES), v.get(PROBE_IMAGES), v.get(DEPTHS), v.get(WIDTH), v.get(ACTIVATIONS),
                        v.get(INITS), GridLearningRates.gathered(v), v.get(RUNS), v.get(MAX_EPOCHS), v.get(TARGET_ACCURACY), v.get(STEP_BATCH), v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            SharedSettings.dataGiven(data);
            SharedSettings.trainingSet(trainImages, probeImages, batch);
            depths = DEPTHS.check(depths);
            WIDTH.check(width);
            activations = ACTIVATIONS.check(activations);
            schemes = INITS.check(schemes);
            if (optimizers == null || optimizers.isEmpty()) throw new IllegalArgumentException(GridLearningRates.OPTIMIZERS.flag() + " is empty; expected at least one");
            optimizers = List.copyOf(optimizers);
            GridLearningRates.OPTIMIZERS.check(optimizers.stream().map(OptimizerRates::optimizer).toList());
            for (Activation a : activations) Criticality.init(Init.Scheme.GAUSSIAN, a, 0); // fails early for an activation without a critical point
            RUNS.check(runs);
            MAX_EPOCHS.check(maxEpochs);
            TARGET_ACCURACY.check(targetAccuracy);
        }

        /** The depths (a copy). */
        @Override public int[] depths() {
            return depths.clone();
        }

        /**
         * The paper's Fig. 5.1 and its supplementary: width 500, batch 100, 20 runs per cell,
         * success at 90% training accuracy within 100 epochs, tanh and ReLU, Gaussian and
         * orthogonal weights at the critical sigma_w^2, depths 25 to 500 and SGD learning rates
         * 1e-4 to 1e-2, both log-spaced. The grid's resolution is not stated; this takes 9
         * depths (25, 36, 53, 77, 112, 163, 236, 344, 500) and 9 learning rates (quarter
         * decades). The supplementary's optimizers use the same 9-point spans shifted by the
         * feasible learning rates it reports: momentum 0.9 10^0.5 smaller (10^-4.5 to 10^-2.5),
         * Adam and RMSProp 10^2 smaller (1e-6 to 1e-4). Training set: the first 50,000 training
         * images (the thesis's MNIST training set, Section 3.1); VNI over the first 1,000.
         * Data: Debian's Fashion-MNIST path; point {@link #withData} at MNIST for the paper's data.
         */
        public static Settings paper() {
            List<OptimizerRates> optimizers = new ArrayList<>();
            for (OptimizerKind k : OptimizerKind.values()) optimizers.add(new OptimizerRates(k, GridLearningRates.paper(k)));
            return new Settings(Mnist.FASHION_MNIST_DEBIAN, 50_000, 1_000, Labels.logSpacedIntegers(25, 500, 9), 500,
                    List.of(Activation.TANH, Activation.RELU), List.of(Init.Scheme.GAUSSIAN, Init.Scheme.ORTHOGONAL), optimizers, 20, 100, 0.9, 100, 1);
        }

        /**
         * A small grid that runs in well under a minute: SGD only, depths 5, 10, 20 and learning
         * rates 0.01, 0.1, 1, width 64, 2 runs per cell, success at 80% training accuracy within
         * 10 epochs on the first 2,000 training images, VNI over the first 500. The target is
         * below the paper's 90% because Fashion-MNIST, the data set installed here, is harder
         * than MNIST: 90% is out of reach in so few steps, and at 80% both successes and failures
         * (and divergences, at lr 1) occur.
         */
        public static Settings quick() {
            return new Settings(Mnist.FASHION_MNIST_DEBIAN, 2_000, 500, new int[] {5, 10, 20}, 64, List.of(Activation.TANH, Activation.RELU),
                    List.of(Init.Scheme.GAUSSIAN, Init.Scheme.ORTHOGONAL), List.of(new OptimizerRates(OptimizerKind.SGD, GridLearningRates.quick(OptimizerKind.SGD))),
                    2, 10, 0.8, 100, 1);
        }

        /** These settings with another data directory. */
        public Settings withData(Path dir) {
            return new Settings(dir, trainImages, probeImages, depths, width, activations, schemes, optimizers, runs, maxEpochs, targetAccuracy, batch, seed);
        }

        /** These settings with other optimizers (and their learning rates). */
        public Settings withOptimizers(List<OptimizerRates> rates) {
            return new Settings(data, trainImages, probeImages, depths, width, activations, schemes, rates, runs, maxEpochs, targetAccuracy, batch, seed);
        }
    }

    private final TrainingData data;

    /** The experiment of these settings. */
    public TrainingGrid(Settings settings) {
        super(KIND, settings, GridCell.of(settings), GridCell::key);
        this.data = new TrainingData(settings.data(), settings.trainImages(), 0, settings.probeImages());
    }

    @Override public Path dataDirectory() {
        return settings.data;
    }

    /**
     * Loads the data now, so that missing files or too few images are reported before any cell runs.
     *
     * @throws IOException if the files are missing or malformed
     * @throws IllegalArgumentException if the data set has fewer images than asked for
     */
    @Override public void loadData() throws IOException {
        data.train();
    }

    /** The data set, loaded whole: an MNIST-sized one. */
    @Override public long sharedMemory() {
        return CellMemory.bytes(CellMemory.mnistDataSet());
    }

    @Override public long memory(GridCell cell) {
        double n = settings.width(), depth = cell.depth(), probe = settings.probeImages(), probeBatch = Math.min(PROBE_BATCH, probe);
        return CellMemory.bytes(CellMemory.trainedNetwork(784, n, depth, 10, cell.optimizer().states())
                + CellMemory.trainingPass(settings.batch(), 784, n, depth, 10) + CellMemory.forwardPass(Math.max(probeBatch, settings.batch()), 784, n)
                + CellMemory.covariance(n, probe, probeBatch) + CellMemory.covarianceScratch(n, probe));
    }

    /** The floating-point operations of one cell at the full epoch budget (an upper estimate: successes stop early). */
    @Override public double flops(GridCell cell) {
        double n = settings.width();
        double perExample = 2.0 * (784.0 * n + (cell.depth() - 1.0) * n * n + 10.0 * n); // MNIST: 784 pixels, 10 classes
        double epoch = 4 * perExample * settings.trainImages() + settings.probeImages() * (perExample + n * n);
        return settings.maxEpochs() * epoch;
    }

    /**
     * Trains one run until it reaches the target, diverges, or spends the epoch budget.
     *
     * @return the record: the cell's {@code optimizer}, {@code activation}, {@code init},
     *     {@code sigma_w2}, {@code depth}, {@code lr}, {@code run}; {@code status} (target-reached,
     *     completed or diverged), {@code success}, {@code diverged}, {@code message},
     *     {@code epochs} (completed), {@code train_accuracy} (per epoch, a full pass over the
     *     training set), {@code final_train_accuracy}, {@code output_vni} (at initialisation and
     *     after each completed epoch), {@code vni_init}, {@code vni_end} (after the last completed
     *     epoch: before the divergence for a diverged run) and {@code seconds}
     * @throws IOException if the data cannot be read
     */
    @Override
    public Map<String, Object> run(GridCell cell, Blas blas) throws IOException {
        long start = System.nanoTime();
        Dataset train = data.train();
        RowSource probe = data.probe();
        Rng root = Rng.seeded(settings.seed());
        Init init = cell.init();
        Rng network = root.child(NETWORK_STREAM).child(cell.activation().ordinal()).child(cell.scheme().ordinal()).child(cell.depth()).child(cell.run());
        Mlp net = Mlp.create(train.features(), settings.width(), cell.depth(), train.classes(), cell.activation(), init, init, network, blas);
        int last = cell.depth();
        List<Double> vni = new ArrayList<>();
        vni.add(LayerMetrics.covariance(net, last, probe, PROBE_BATCH, blas).vni());
        Trainer trainer = new Trainer(net, cell.optimizer().create(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY, Schedule.constant(cell.learningRate()),
                train, train, settings.batch(), root.child(SHUFFLE_STREAM).child(cell.run()), blas)
                .targetAccuracy(settings.targetAccuracy())
                .callback((t, stats) -> {
                    vni.add(LayerMetrics.covariance(t.network(), last, probe, PROBE_BATCH, t.blas()).vni());
                    return true;
                });
        Trainer.Result result = Trainers.run(trainer, settings.maxEpochs(), cell.key());
        double[] accuracy = result.state().history().stream().mapToDouble(Trainer.EpochStats::testAccuracy).toArray();
        double[] vnis = vni.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("optimizer", cell.optimizer().id());
        r.put("activation", Names.of(cell.activation()));
        r.put("init", Names.of(cell.scheme()));
        r.put("sigma_w2", init.sigmaW2());
        r.put("depth", cell.depth());
        r.put("lr", cell.learningRate());
        r.put("run", cell.run());
        r.put("status", Names.of(result.status()));
        r.put("success", result.status() == Trainer.Status.TARGET_REACHED);
        r.put("diverged", result.status() == Trainer.Status.DIVERGED);
        r.put("message", result.message());
        r.put("epochs", accuracy.length);
        r.put("train_accuracy", accuracy);
        r.put("final_train_accuracy", accuracy.length == 0 ? Double.NaN : accuracy[accuracy.length - 1]);
        r.put("output_vni", vnis);
        r.put("vni_init", vnis[0]);
        r.put("vni_end", vnis[vnis.length - 1]);
        r.put("seconds", (System.nanoTime() - start) / 1e9);
        return r;
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new TrainingGridRendering(settings).render(records, out);
    }
}
