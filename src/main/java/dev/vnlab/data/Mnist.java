package dev.vnlab.data;

import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * MNIST-style data from a directory holding the four standard IDX files
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}): MNIST, Fashion-MNIST, KMNIST.
 * Pixels are scaled to [0, 1]; images are flattened to one row each.
 *
 * <p>The raw name is looked for first: whichever of the two names is present is the file, and
 * it must be a regular file (or a symbolic link to one); a directory or named pipe there is
 * reported, not passed over. The headers of all the files are read and checked against each
 * other, and the memory the data need against the heap, before any of the data are read.
 *
 * @param train the training set (60,000 x 784 for MNIST)
 * @param test the test set (10,000 x 784 for MNIST)
 */
public record Mnist(Dataset train, Dataset test) {
    /** Ten classes, as in MNIST and Fashion-MNIST. */
    public static final int CLASSES = 10;
    /** How to get a data set, for the errors that find none. */
    public static final String INSTALL_HINT = "expected a directory with MNIST-style IDX files (train-images-idx3-ubyte, raw or .gz): "
            + "'apt-get install dataset-fashion-mnist' gives /usr/share/datasets/fashion-mnist; MNIST from its usual IDX files";

    /** Where Debian's {@code dataset-fashion-mnist} package puts Fashion-MNIST. */
    public static final Path FASHION_MNIST_DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte",
            TEST_IMAGES = "t10k-images-idx3-ubyte", TEST_LABELS = "t10k-labels-idx1-ubyte";

    /**
     * Loads the four files of {@code dir}.
     *
     * @throws NoSuchFileException naming the missing file (raw and .gz both absent)
     * @throws NotRegularFileException naming a path that is a directory, named pipe, socket or
     *         device, or a symbolic link that loops or leads to nothing
     * @throws IdxFormatException naming the file if a file is malformed, images are not rank 3
     *         unsigned bytes, a file holds no images or images of no pixels, labels are not rank-1
     *         integers, their counts differ, a label is not below 10, or the training and test
     *         images differ in size (naming both files)
     * @throws HeapTooSmallException naming the directory and its images if the data would not fit in the heap
     */
    public static Mnist load(Path dir) throws IOException {
        return load(dir, HeapBudget.maxHeap());
    }

    /** As {@link #load(Path)}, checking the memory needed against a heap of {@code maxHeap} bytes. */
    static Mnist load(Path dir, long maxHeap) throws IOException {
        Path trainImages = find(dir, TRAIN_IMAGES), trainLabels = find(dir, TRAIN_LABELS);
        Path testImages = find(dir, TEST_IMAGES), testLabels = find(dir, TEST_LABELS);
        IdxHeader trainX = imagesHeader(trainImages), testX = imagesHeader(testImages);
        IdxHeader trainY = labelsHeader(trainLabels, trainImages, trainX), testY = labelsHeader(testLabels, testImages, testX);
        if (testX.dims()[1] != trainX.dims()[1] || testX.dims()[2] != trainX.dims()[2]) {
            throw new IdxFormatException(testImages.toString(), "holds images of " + pixels(testX) + " pixels but " + trainImages.getFileName()
                    + " holds images of " + pixels(trainX) + "; expected the same size in both");
        }
        HeapBudget.require(need(trainX, trainY, testX, testY), "loading " + dir + " (" + trainImages.getFileName() + ": " + trainX.dims()[0]
                + " images of " + pixels(trainX) + ", " + testImages.getFileName() + ": " + testX.dims()[0] + " images of " + pixels(testX) + ")", maxHeap);
        return new Mnist(dataset(trainImages, trainX, trainLabels, trainY, maxHeap), dataset(testImages, testX, testLabels, testY, maxHeap));
    }

    /**
     * The training images of {@code dir} ({@code train-images-idx3-ubyte}, raw or .gz) as rows of
     * pixels scaled to [0, 1] (divided by 255, as {@link #load} does), read from the file's
     * bytes as they are needed: 60,000 MNIST images stay 47 MB. No labels are read.
     *
     * @throws NoSuchFileException naming the missing file
     * @throws NotRegularFileException naming a path that is not a regular file, as {@link #load}
     * @throws IdxFormatException if the file is malformed, not rank-3 unsigned bytes, or holds no
     *         images or images of no pixels
     * @throws HeapTooSmallException naming the file if its bytes would not fit in the heap
     */
    public static RowSource trainImages(Path dir) throws IOException {
        return trainImages(dir, HeapBudget.maxHeap());
    }

    /** As {@link #trainImages(Path)}, checking the memory needed against a heap of {@code maxHeap} bytes. */
    static RowSource trainImages(Path dir, long maxHeap) throws IOException {
        Path file = find(dir, TRAIN_IMAGES);
        return RowSource.of(read(file, imagesHeader(file), maxHeap), 1.0 / 255);
    }

    /** The header of an images file: rank-3 unsigned bytes, at least one image of at least one pixel. */
    private static IdxHeader imagesHeader(Path file) throws IOException {
        IdxHeader h = IdxArray.readHeader(file);
        int[] dims = h.dims();
        if (dims.length != 3 || h.type() != IdxArray.Type.UNSIGNED_BYTE) {
            throw new IdxFormatException(file.toString(), "holds " + h.type() + " of rank " + dims.length
                    + "; expected rank-3 unsigned bytes (count x rows x columns)");
        }
        if (dims[0] == 0) throw new IdxFormatException(file.toString(), "holds no images; expected at least 1");
        if (dims[1] == 0 || dims[2] == 0) throw new IdxFormatException(file.toString(), "holds images of " + pixels(h) + " pixels; expected at least 1 x 1");
        return h;
    }

    /** The header of a labels file: rank-1 integers, one per image of {@code images}. */
    private static IdxHeader labelsHeader(Path file, Path imagesFile, IdxHeader images) throws IOException {
        IdxHeader h = IdxArray.readHeader(file);
        if (h.dims().length != 1 || h.type() == IdxArray.Type.FLOAT || h.type() == IdxArray.Type.DOUBLE) {
            throw new IdxFormatException(file.toString(), "holds " + h.type() + " of rank " + h.dims().length + "; expected rank-1 integer labels");
        }
        if (h.dims()[0] != images.dims()[0]) {
            throw new IdxFormatException(file.toString(), "holds " + h.dims()[0] + " labels but " + imagesFile.getFileName()
                    + " holds " + images.dims()[0] + " images; expected one label per image");
        }
        return h;
    }

    /**
     * About the heap a load takes at its peak: both float matrices and label arrays, and the
     * bytes of the largest file three times over (gathered and copied while read, then held
     * while converted).
     */
    private static long need(IdxHeader trainX, IdxHeader trainY, IdxHeader testX, IdxHeader testY) {
        long largest = Math.max(Math.max(trainX.bytes(), trainY.bytes()), Math.max(testX.bytes(), testY.bytes()));
        return need(trainX.elements() + testX.elements() + trainY.elements() + testY.elements(), largest);
    }

    /**
     * The heap {@link #load} needs for a data set of {@code train} and {@code test} images of
     * {@code pixels} unsigned bytes each: what a sweep plans for before it reads anything.
     */
    public static long loadingBytes(long train, long test, long pixels) {
        return need((train + test) * pixels + train + test, Math.max(train * pixels, test * pixels));
    }

    /** Every element as a float or int, and three copies of the largest file's bytes while it is read. */
    private static long need(long elements, long largestFileBytes) {
        return 4 * elements + 3 * largestFileBytes;
    }

    private static Dataset dataset(Path imagesFile, IdxHeader imagesHeader, Path labelsFile, IdxHeader labelsHeader, long maxHeap) throws IOException {
        int[] y = read(labelsFile, labelsHeader, maxHeap).toLabels();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= CLASSES) {
                throw new IdxFormatException(labelsFile.toString(), "label " + y[i] + " at index " + i + " is outside [0, " + CLASSES + ")");
            }
        }
        return new Dataset(read(imagesFile, imagesHeader, maxHeap).toMatrix(1.0 / 255, maxHeap), y, CLASSES);
    }

    /** Reads {@code file}, whose header was checked as {@code header}: a file changed since is refused. */
    private static IdxArray read(Path file, IdxHeader header, long maxHeap) throws IOException {
        IdxArray a = IdxArray.read(file, IdxArray.DEFAULT_MAX_BYTES, maxHeap);
        if (!a.header().sameAs(header)) {
            throw new IdxFormatException(file.toString(), "changed while it was read: its header declared " + header.shape() + " " + header.type()
                    + " elements and now " + a.header().shape() + " " + a.header().type());
        }
        return a;
    }

    private static String pixels(IdxHeader images) {
        return images.dims()[1] + " x " + images.dims()[2];
    }

    /** The file of {@code base}: the raw name if present, else the .gz one; whichever it is must be a regular file. */
    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                RegularFile.require(p);
                return p;
            }
        }
        throw new NoSuchFileException(dir.resolve(base).toString(), null, "neither it nor " + base + ".gz exists in " + dir);
    }
}
