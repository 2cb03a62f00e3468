package dev.vnlab.experiment;

import dev.vnlab.data.Mnist;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The first M training images of an MNIST-style IDX directory (pixels / 255) as an experiment's
 * inputs, read on first use and then shared by every cell, with their mean square q_x (which
 * sets the finite-depth theory). Thread-safe.
 */
final class ImageInputs {
    /** The images and the mean of x_j^2 over every pixel of every image. */
    record Loaded(RowSource rows, double secondMoment) {}

    private final Path dir;
    private final int count;
    private volatile Loaded loaded;

    /** The first {@code count} training images of {@code dir}, not read yet. */
    ImageInputs(Path dir, int count) {
        this.dir = dir;
        this.count = count;
    }

    /**
     * The images, read the first time.
     *
     * @throws IOException if the files are missing or malformed
     * @throws IllegalArgumentException if the directory holds fewer than M training images
     */
    Loaded get() throws IOException {
        Loaded l = loaded;
        if (l != null) return l;
        synchronized (this) {
            if (loaded == null) {
                RowSource all = Mnist.trainImages(dir);
                if (all.rows() < count) {
                    throw new IllegalArgumentException(SharedSettings.INPUTS.flag() + " " + count + " exceeds the " + all.rows() + " training images in " + dir
                            + "; expected at most " + all.rows());
                }
                RowSource rows = all.head(count);
                loaded = new Loaded(rows, secondMoment(rows));
            }
            return loaded;
        }
    }

    /**
     * The pixels per image, or {@code otherwise} if the files cannot be read (for work estimates;
     * running reports the error).
     *
     * @throws IllegalArgumentException if the directory holds fewer than M training images
     */
    int columnsOr(int otherwise) {
        try {
            return get().rows().columns();
        } catch (IOException e) {
            return otherwise;
        }
    }

    /** The mean of x_j^2 over every component of every row, in double, in row order. */
    private static double secondMoment(RowSource rows) {
        FloatMatrix x = new FloatMatrix(1, rows.columns());
        double sum = 0;
        for (long r = 0; r < rows.rows(); r++) {
            rows.read(r, x);
            for (float v : x.data()) sum += (double) v * v;
        }
        return sum / ((double) rows.rows() * rows.columns());
    }
}
