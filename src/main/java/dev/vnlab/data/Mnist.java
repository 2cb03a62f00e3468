package dev.vnlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * MNIST-style data from a directory holding the four standard IDX files
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}): MNIST, Fashion-MNIST, KMNIST.
 * Pixels are scaled to [0, 1]; images are flattened to one row each.
 *
 * @param train the training set (60,000 x 784 for MNIST)
 * @param test the test set (10,000 x 784 for MNIST)
 */
public record Mnist(Dataset train, Dataset test) {
    /** Ten classes, as in MNIST and Fashion-MNIST. */
    public static final int CLASSES = 10;
    /** Where Debian's {@code dataset-fashion-mnist} package puts Fashion-MNIST. */
    public static final Path FASHION_MNIST_DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * Loads the four files of {@code dir}.
     *
     * @throws NoSuchFileException naming the missing file (raw and .gz both absent)
     * @throws IdxFormatException if a file is malformed, images are not rank 3 unsigned bytes,
     *         labels not rank 1, their counts differ, or a label is not below 10
     */
    public static Mnist load(Path dir) throws IOException {
        return new Mnist(load(dir, "train"), load(dir, "t10k"));
    }

    /**
     * The training images of {@code dir} ({@code train-images-idx3-ubyte}, raw or .gz) as rows of
     * pixels scaled to [0, 1] (divided by 255, as {@link #load} does), read from the file's
     * bytes as they are needed: 60,000 MNIST images stay 47 MB. No labels are read.
     *
     * @throws NoSuchFileException naming the missing file
     * @throws IdxFormatException if the file is malformed or not rank-3 unsigned bytes
     */
    public static RowSource trainImages(Path dir) throws IOException {
        Path file = find(dir, "train-images-idx3-ubyte");
        return RowSource.of(images(file, IdxArray.read(file)), 1.0 / 255);
    }

    private static IdxArray images(Path file, IdxArray images) throws IdxFormatException {
        if (images.dims().length != 3 || images.type() != IdxArray.Type.UNSIGNED_BYTE) {
            throw new IdxFormatException(file.toString(), "holds " + images.type() + " of rank " + images.dims().length
                    + "; expected rank-3 unsigned bytes (count x rows x columns)");
        }
        return images;
    }

    private static Dataset load(Path dir, String prefix) throws IOException {
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte"), labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
        IdxArray images = images(imagesFile, IdxArray.read(imagesFile)), labels = IdxArray.read(labelsFile);
        int[] y;
        try {
            y = labels.toLabels();
        } catch (IllegalArgumentException e) {
            throw new IdxFormatException(labelsFile.toString(), e.getMessage());
        }
        if (y.length != images.dims()[0]) {
            throw new IdxFormatException(labelsFile.toString(), "holds " + y.length + " labels but " + imagesFile.getFileName()
                    + " holds " + images.dims()[0] + " images; expected one label per image");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= CLASSES) {
                throw new IdxFormatException(labelsFile.toString(), "label " + y[i] + " at index " + i + " is outside [0, " + CLASSES + ")");
            }
        }
        return new Dataset(images.toMatrix(1.0 / 255), y, CLASSES);
    }

    private static Path find(Path dir, String base) throws NoSuchFileException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new NoSuchFileException(dir.resolve(base).toString(), null, "neither it nor " + base + ".gz exists in " + dir);
    }
}
