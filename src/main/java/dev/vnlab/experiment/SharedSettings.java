package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import java.nio.file.Path;

/**
 * The settings several experiments share, declared once: an experiment takes them as they are
 * or with its own help line ({@link Setting#help}); its presets give the defaults.
 */
final class SharedSettings {
    private SharedSettings() {}

    static final Setting<Activation> ACTIVATION = Setting.of("activation", "PHI", ValueType.name(Activation.class),
            "hidden activation: " + Names.all(Activation.class));
    static final Setting<Init.Scheme> SCHEME = Setting.of("init", "SCHEME", ValueType.name(Init.Scheme.class),
            "weight distribution: " + Names.all(Init.Scheme.class) + " (variance sigma_w^2 / fan_in)");
    static final Setting<Double> SIGMA_W2 = Setting.of("sigma_w2", "X", ValueType.REAL, "weight scale sigma_w^2").checked(Checks.nonNegative());
    static final Setting<Double> SIGMA_B2 = Setting.of("sigma_b2", "X", ValueType.REAL, "bias variance sigma_b^2").checked(Checks.nonNegative());
    static final Setting<int[]> WIDTHS = Setting.of("widths", "LIST", ValueType.INTS, "widths N, comma-separated (ranges FROM:TO:STEP too)")
            .checked(Checks.widths());
    static final Setting<int[]> DEPTHS = Setting.of("depths", "LIST", ValueType.INTS, "depths L, comma-separated or FROM:TO:STEP")
            .checked(Checks.ascendingDistinct("depth"));
    static final Setting<Integer> WIDTH = Setting.of("width", "N", ValueType.INT, "nodes per hidden layer").checked(Checks.width());
    static final Setting<Integer> NETS = Setting.of("nets", "K", ValueType.INT, "random networks per point").checked(Checks.atLeast(1));
    static final Setting<Integer> RUNS = Setting.of("runs", "K", ValueType.INT, "runs per point").checked(Checks.atLeast(1));
    static final Setting<Integer> JACOBIAN_INPUTS = Setting.of("jacobian_inputs", "K", ValueType.INT,
            "inputs the Jacobian is taken at, the first K of the input set").checked(Checks.atLeast(1));
    static final Setting<Integer> PROBES = Setting.of("probes", "P", ValueType.INT, "Gaussian probes per input").checked(Checks.atLeast(2));
    static final Setting<Integer> EPOCHS = Setting.of("epochs", "E", ValueType.INT, "epochs per run").checked(Checks.atLeast(1));
    static final Setting<Integer> INPUTS = Setting.of("inputs", "M", ValueType.INT, "inputs the covariance is taken over").checked(Checks.atLeast(2));
    static final Setting<Double> INPUT_VARIANCE = Setting.of("input_variance", "Q", ValueType.REAL,
            "variance of the i.i.d. Gaussian inputs (q_x of the finite-depth theory)").checked(Checks.positive());
    /** Inputs per forward pass; at most 2^20 rows, so that a batch of a wide layer stays one array. */
    static final Setting<Integer> BATCH = Setting.of("batch", "B", ValueType.INT, "inputs per forward pass").checked(Checks.range(1, 1 << 20));
    static final Setting<Long> SEED = Setting.of("seed", "S", ValueType.LONG,
            "root seed: the same seed gives the same numbers, bit for bit, on any thread count and shard layout");
    /** A directory of MNIST-style IDX files. */
    static final Setting<Path> DATA = Setting.of("data", "DIR", ValueType.PATH,
            "use the first M training images of this IDX directory (pixels / 255) instead of synthetic inputs");

    static final Setting<Integer> TRAIN_IMAGES = Setting.of("train_images", "N", ValueType.INT, "train on the first N training images").checked(Checks.atLeast(1));
    static final Setting<Integer> PROBE_IMAGES = Setting.of("probe_images", "P", ValueType.INT,
            "measure the VNI over the first P training images after every epoch").checked(Checks.atLeast(2));
    /** Examples per training step. */
    static final Setting<Integer> STEP_BATCH = BATCH.help("examples per step");

    /** The checks of a training set and its probe set: at least a batch of training images, and the probe images among them. */
    static void trainingSet(int trainImages, int probeImages, int batch) {
        STEP_BATCH.check(batch);
        TRAIN_IMAGES.check(trainImages);
        if (trainImages < batch) {
            throw new IllegalArgumentException(TRAIN_IMAGES.flag() + " " + trainImages + " is invalid; expected at least " + STEP_BATCH.flag() + " " + batch);
        }
        PROBE_IMAGES.check(probeImages);
        if (probeImages > trainImages) {
            throw new IllegalArgumentException(PROBE_IMAGES.flag() + " " + probeImages + " is invalid; expected 2 to " + TRAIN_IMAGES.flag() + " " + trainImages);
        }
    }

    /** @throws IllegalArgumentException unless a data directory is given */
    static void dataGiven(Path data) {
        if (data == null) throw new IllegalArgumentException(DATA.flag() + " is missing; expected a directory of MNIST-style IDX files");
    }
}
