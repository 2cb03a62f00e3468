package dev.vnlab.experiment;

import dev.vnlab.data.Dataset;
import dev.vnlab.data.Mnist;
import dev.vnlab.data.RowSource;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The MNIST-style data of a training experiment, loaded on first use and then shared read-only
 * by every cell (cells may run on several threads at once): the first n training images with
 * their labels, the first m test images, and the first p training images as the probe set the
 * VNI is measured over. Pixels are in [0, 1] ({@link Mnist}). The files of a directory are read
 * once per process while memory allows (softly cached), so several experiments over the same
 * data, or a test suite, do not decode them again.
 */
final class TrainingData {
    private record Loaded(Dataset train, Dataset test, RowSource probe) {}

    private static final Map<Path, SoftReference<Mnist>> FILES = new HashMap<>();

    private final Path dir;
    private final int trainImages, testImages, probeImages;
    private volatile Loaded loaded;

    /** The data of {@code dir}: the first {@code trainImages} training images, and so on (0 test images: none). */
    TrainingData(Path dir, int trainImages, int testImages, int probeImages) {
        this.dir = dir;
        this.trainImages = trainImages;
        this.testImages = testImages;
        this.probeImages = probeImages;
    }

    /** The training subset. @throws IOException if the files are missing or malformed */
    Dataset train() throws IOException {
        return get().train;
    }

    /** The test subset, or null when none was asked for. */
    Dataset test() throws IOException {
        return get().test;
    }

    /** The probe set: the first images of the training subset. */
    RowSource probe() throws IOException {
        return get().probe;
    }

    /**
     * The data directory a configuration names.
     *
     * @throws IllegalArgumentException if it names none
     */
    static Path dir(String configured) {
        if (configured == null || configured.isBlank()) throw new IllegalArgumentException("field 'data' is " + configured + "; expected a directory of MNIST-style IDX files");
        return Path.of(configured);
    }

    /**
     * What the directory holds, for reports: Fashion-MNIST or MNIST by the directory's name
     * (the IDX files do not say), else "MNIST-style data", with the path.
     */
    static String describe(Path dir) {
        String name = dir.toAbsolutePath().normalize().toString().toLowerCase(Locale.ROOT);
        String what = name.contains("fashion") ? "Fashion-MNIST" : name.contains("mnist") ? "MNIST" : "MNIST-style data";
        return what + " (" + dir + ")";
    }

    private Loaded get() throws IOException {
        Loaded l = loaded;
        if (l != null) return l;
        synchronized (this) {
            if (loaded == null) {
                Mnist all = files(dir);
                Dataset train = head(all.train(), trainImages, "training images", "training");
                Dataset test = testImages == 0 ? null : head(all.test(), testImages, "test images", "test");
                loaded = new Loaded(train, test, RowSource.of(train.inputs().rowsView(0, probeImages)));
            }
            return loaded;
        }
    }

    private static Mnist files(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        synchronized (FILES) {
            SoftReference<Mnist> ref = FILES.get(key);
            Mnist m = ref == null ? null : ref.get();
            if (m == null) {
                m = Mnist.load(dir);
                FILES.put(key, new SoftReference<>(m));
            }
            return m;
        }
    }

    private Dataset head(Dataset d, int n, String what, String set) {
        if (n > d.size()) {
            throw new IllegalArgumentException(what + " " + n + " exceeds the " + d.size() + " images of the " + set + " set in " + dir
                    + "; expected at most " + d.size());
        }
        return new Dataset(d.inputs().rowsView(0, n), Arrays.copyOf(d.labels(), n), d.classes());
    }
}
