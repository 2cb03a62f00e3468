package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.EPOCHS;
import static dev.vnlab.experiment.SharedSettings.PROBE_IMAGES;
import static dev.vnlab.experiment.SharedSettings.SEED;
import static dev.vnlab.experiment.SharedSettings.STEP_BATCH;
import static dev.vnlab.experiment.SharedSettings.TRAIN_IMAGES;
import static dev.vnlab.experiment.SharedSettings.WIDTH;

import dev.vnlab.data.Dataset;
import dev.vnlab.data.Mnist;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.LayerDiagnostics;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.metrics.VniMonitor;
import dev.vnlab.metrics.WeightStatistics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Loss;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Trainer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.optim.Sgd;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 3.2 of the paper: the VNI during back-propagation training. A deep tanh MLP at the
 * critical scaled-Gaussian initialisation is trained with SGD on MNIST-style images at several
 * learning rates, many runs each; after every epoch the VNI of every hidden layer is measured
 * over a fixed probe set (the first training images), with the training loss and accuracy and the
 * test accuracy. The paper shows the quartiles over runs of the output-layer VNI (the last hidden
 * layer's) per epoch.
 *
 * <p>One cell is one training run: learning rate x run number. Randomness: run k's initial
 * network comes from {@code seeded(seed).child(0).child(k)} and its batch order from
 * {@code seeded(seed).child(1).child(k)}, so run k starts from the same network and sees the
 * same batches at every learning rate (the learning rates are compared on paired runs). Results
 * are the same bits for any thread count. {@link #run} may be called from several threads at
 * once for different cells.
 */
public final class TrainingVni extends SweepExperiment<TrainingVni.Settings, TrainingVni.Params> implements UsesDataSet {
    /** The command that runs it and names it in outputs. */
    public static final String COMMAND = "train";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, TrainingVni::new);
    private static final long NETWORK_STREAM = 0, SHUFFLE_STREAM = 1;
    private static final int PROBE_BATCH = 500;

    /**
     * What the experiment trains and measures.
     *
     * @param data a directory of MNIST-style IDX files (MNIST in the paper)
     * @param trainImages the first n training images are the training set
     * @param testImages the first m test images are evaluated after every epoch (0: none)
     * @param probeImages the first p training images are the probe set the VNI is measured over
     * @param depth L, hidden layers
     * @param width N, nodes per hidden layer
     * @param activation phi of every hidden layer
     * @param init the weights and biases of every layer, the linear output layer included
     * @param learningRates the SGD learning rates, ascending
     * @param runs runs per learning rate
     * @param epochs epochs per run
     * @param batch examples per SGD step
     * @param seed the root seed
     */
    public record Settings(Path data, int trainImages, int testImages, int probeImages, int depth, int width, Activation activation,
                           Init init, double[] learningRates, int runs, int epochs, int batch, long seed) {
        static final Setting<Integer> TEST_IMAGES = Setting.of("test_images", "M", ValueType.INT,
                "test on the first M test images after every epoch (0: none)").checked(Checks.atLeast(0));
        static final Setting<Integer> DEPTH = Setting.of("depth", "L", ValueType.INT, "hidden layers").checked(Checks.range(1, 100_000));
        private static final Setting<Integer> RUNS = SharedSettings.RUNS.help("runs per learning rate (run k starts from the same network at every rate)");

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(new ImageDirectory<>(Settings::data), new Field<>(TRAIN_IMAGES, Settings::trainImages),
                new Field<>(TEST_IMAGES, Settings::testImages), new Field<>(PROBE_IMAGES, Settings::probeImages), new Field<>(DEPTH, Settings::depth),
                new Field<>(WIDTH, Settings::width), ModelSettings.criticalByDefault(Settings::activation, Settings::init),
                new Field<>(LearningRates.SETTING, Settings::learningRates), new Field<>(RUNS, Settings::runs), new Field<>(EPOCHS, Settings::epochs),
                new Field<>(STEP_BATCH, Settings::batch), new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ImageDirectory.SETTING), v.get(TRAIN_IMAGES), v.get(TEST_IMAGES), v.get(PROBE_IMAGES), v.get(DEPTH), v.get(WIDTH),
                        v.get(ACTIVATION), ModelSettings.init(v), v.get(LearningRates.SETTING), v.get(RUNS), v.get(EPOCHS), v.get(STEP_BATCH), v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            SharedSettings.dataGiven(data);
            ModelSettings.require(activation, init);
            DEPTH.check(depth);
            WIDTH.check(width);
            SharedSettings.trainingSet(trainImages, probeImages, batch);
            TEST_IMAGES.check(testImages);
            learningRates = LearningRates.SETTING.check(learningRates);
            RUNS.check(runs);
            EPOCHS.check(epochs);
        }

        /** The learning rates (a copy). */
        @Override public double[] learningRates() {
            return learningRates.clone();
        }

        /**
         * The paper's Section 3.2: depth 100, width 500, tanh, scaled Gaussian weights at
         * sigma_w^2 = 1, sigma_b^2 = 0 (critical for tanh: sigma_w^2 mu_1 = 1 at q* = 0; also
         * Glorot's variance 1/N for N x N layers, the paper's reference [5]), SGD with batch
         * 100, learning rates 1e-4, 1e-3, 1e-2, 20 runs each. The thesis names only 1e-2 (its
         * figure is missing from the text), so the other two, the ends and middle of Fig. 5.1's
         * range, are a choice; so are the 100 epochs (Section 5's budget) and the probe set of
         * 10,000 images. Training set: the first 50,000 training images, the MNIST training set
         * of the thesis (Section 3.1); test set: the 10,000 test images. Data: Debian's
         * Fashion-MNIST path, the data set installed here; point {@link #withData} at MNIST for
         * the paper's data.
         */
        public static Settings paper() {
            return new Settings(Mnist.FASHION_MNIST_DEBIAN, 50_000, 10_000, 10_000, 100, 500, Activation.TANH,
                    Criticality.init(Init.Scheme.GAUSSIAN, Activation.TANH, 0), new double[] {1e-4, 1e-3, 1e-2}, 20, 100, 100, 1);
        }

        /**
         * A small version that runs in seconds on 2 cores: depth 20, width 100, learning rates
         * 1e-3, 1e-2, 1e-1, 3 runs each, 5 epochs on the first 5,000 training images, 1,000 test
         * images, VNI over the first 1,000 training images.
         */
        public static Settings quick() {
            return new Settings(Mnist.FASHION_MNIST_DEBIAN, 5_000, 1_000, 1_000, 20, 100, Activation.TANH,
                    Criticality.init(Init.Scheme.GAUSSIAN, Activation.TANH, 0), new double[] {1e-3, 1e-2, 1e-1}, 3, 5, 100, 1);
        }

        /** These settings with another data directory. */
        public Settings withData(Path dir) {
            return new Settings(dir, trainImages, testImages, probeImages, depth, width, activation, init, learningRates, runs, epochs, batch, seed);
        }

        /** These settings with another root seed. */
        public Settings withSeed(long s) {
            return new Settings(data, trainImages, testImages, probeImages, depth, width, activation, init, learningRates, runs, epochs, batch, s);
        }
    }

    /**
     * One cell: run {@code run} at one learning rate.
     *
     * @param learningRate the SGD learning rate
     * @param run the run number, 0 to runs - 1
     */
    public record Params(double learningRate, int run) {
        /** The stable key, e.g. {@code lr=0.001,run=7}. */
        public String key() {
            return "lr=" + Labels.exact(learningRate) + ",run=" + run;
        }
    }

    private final TrainingData data;

    /** The experiment of these settings. */
    public TrainingVni(Settings settings) {
        super(KIND, settings, cells(settings), Params::key);
        this.data = new TrainingData(settings.data(), settings.trainImages(), settings.testImages(), settings.probeImages());
    }

    @Override public Path dataDirectory() {
        return settings.data;
    }

    /** The cells in a fixed order: learning rate by learning rate, runs 0 to runs - 1 within each. */
    private static List<Params> cells(Settings settings) {
        List<Params> cells = new ArrayList<>();
        for (double lr : settings.learningRates) for (int k = 0; k < settings.runs(); k++) cells.add(new Params(lr, k));
        return cells;
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

    @Override public long memory(Params cell) {
        Settings s = settings;
        double n = s.width(), depth = s.depth(), probe = s.probeImages(), probeBatch = Math.min(PROBE_BATCH, probe);
        // SGD; the monitor keeps every hidden layer's covariance and cross-covariance with the layer before while it measures, over a pass that keeps them all.
        return CellMemory.bytes(CellMemory.trainedNetwork(784, n, depth, 10, 0) + CellMemory.trainingPass(s.batch(), 784, n, depth, 10)
                + CellMemory.forwardPass(Math.max(probeBatch, s.batch()), 784, n) + depth * CellMemory.covariance(n, probe, probeBatch)
                + CellMemory.covarianceScratch(n, probe) + depth * 12 * n * n); // the monitor's cross-covariances (double) and their float product
    }

    /** The floating-point operations of one cell (an estimate, for progress and planning). */
    @Override public double flops(Params cell) {
        Settings s = settings;
        double perExample = 2.0 * (784.0 * s.width() + (s.depth() - 1.0) * s.width() * s.width() + 10.0 * s.width());
        double epoch = 3 * perExample * s.trainImages() + perExample * s.testImages()
                + s.probeImages() * (perExample + (double) s.depth() * s.width() * s.width());
        return s.epochs() * epoch;
    }

    /** One per-layer quantity a run records at every moment, read from a layer's diagnostics and its weights. */
    @FunctionalInterface
    interface Diagnostic {
        double of(LayerDiagnostics.Layer layer, WeightStatistics weights);
    }

    /** The record keys of the per-layer diagnostics beside {@code layer_vni}, as {@code ./vnlab inspect} reads them of a network. */
    static final Map<String, Diagnostic> DIAGNOSTICS = new LinkedHashMap<>();

    static {
        DIAGNOSTICS.put("layer_participation_ratio", (d, w) -> d.participationRatio());
        DIAGNOSTICS.put("layer_effective_rank", (d, w) -> d.effectiveRank());
        DIAGNOSTICS.put("layer_redundant_pairs_90", (d, w) -> d.redundant90());
        DIAGNOSTICS.put("layer_redundant_pairs_99", (d, w) -> d.redundant99());
        DIAGNOSTICS.put("layer_dead_fraction", (d, w) -> d.deadFraction());
        DIAGNOSTICS.put("layer_saturated_fraction", (d, w) -> d.saturatedFraction());
        DIAGNOSTICS.put("layer_cka_with_previous", (d, w) -> d.ckaWithPrevious());
        DIAGNOSTICS.put("layer_sigma_w2", (d, w) -> w.sigmaW2());
        DIAGNOSTICS.put("layer_sigma_b2", (d, w) -> w.sigmaB2());
        DIAGNOSTICS.put("layer_stable_rank", (d, w) -> w.stableRank());
    }

    /**
     * Trains one run and measures it after every epoch.
     *
     * @return the record: {@code lr}, {@code run}, {@code status} (completed or diverged),
     *     {@code message}, {@code epochs} (completed), per epoch {@code train_loss},
     *     {@code train_accuracy} (over the epoch's batches as seen), {@code test_loss},
     *     {@code test_accuracy} (NaN without a test set), {@code output_vni} (epochs + 1 values,
     *     from initialisation) and {@code layer_vni} (for each of those moments, the VNI of every
     *     hidden layer), for each of those moments every hidden layer's {@link #DIAGNOSTICS}
     *     (under their keys), and {@code seconds}
     * @throws IOException if the data cannot be read
     */
    @Override
    public Map<String, Object> run(Params cell, Blas blas) throws IOException {
        long start = System.nanoTime();
        Settings s = settings;
        Dataset train = data.train();
        Rng root = Rng.seeded(s.seed());
        Mlp net = Mlp.create(train.features(), s.width(), s.depth(), train.classes(), s.activation(), s.init(), s.init(),
                root.child(NETWORK_STREAM).child(cell.run()), blas);
        VniMonitor monitor = VniMonitor.withDiagnostics(data.probe(), PROBE_BATCH);
        monitor.record(net, 0, blas);
        Trainer trainer = new Trainer(net, new Sgd(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY, Schedule.constant(cell.learningRate()),
                train, data.test(), s.batch(), root.child(SHUFFLE_STREAM).child(cell.run()), blas).callback(monitor);
        Trainer.Result result = Trainers.run(trainer, s.epochs(), cell.key());
        List<Trainer.EpochStats> history = result.state().history();
        List<VniMonitor.Snapshot> snapshots = monitor.history();
        double[][] layerVni = new double[snapshots.size()][];
        double[] outputVni = new double[snapshots.size()];
        for (int e = 0; e < snapshots.size(); e++) {
            List<LayerMetrics.Layer> layers = snapshots.get(e).layers();
            layerVni[e] = layers.stream().mapToDouble(LayerMetrics.Layer::vni).toArray();
            outputVni[e] = snapshots.get(e).outputVni();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("lr", cell.learningRate());
        r.put("run", cell.run());
        r.put("status", Names.of(result.status()));
        r.put("message", result.message());
        r.put("epochs", history.size());
        r.put("train_loss", history.stream().mapToDouble(Trainer.EpochStats::trainLoss).toArray());
        r.put("train_accuracy", history.stream().mapToDouble(Trainer.EpochStats::trainAccuracy).toArray());
        r.put("test_loss", history.stream().mapToDouble(Trainer.EpochStats::testLoss).toArray());
        r.put("test_accuracy", history.stream().mapToDouble(Trainer.EpochStats::testAccuracy).toArray());
        r.put("output_vni", outputVni);
        r.put("layer_vni", Arrays.asList(layerVni));
        for (Map.Entry<String, Diagnostic> d : DIAGNOSTICS.entrySet()) {
            List<double[]> perMoment = new ArrayList<>();
            for (VniMonitor.Snapshot snap : snapshots) {
                double[] v = new double[snap.diagnostics().size()];
                for (int l = 0; l < v.length; l++) v[l] = d.getValue().of(snap.diagnostics().get(l), snap.weights().get(l));
                perMoment.add(v);
            }
            r.put(d.getKey(), perMoment);
        }
        r.put("seconds", (System.nanoTime() - start) / 1e9);
        return r;
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new TrainingVniRendering(settings).render(records, out);
    }
}
