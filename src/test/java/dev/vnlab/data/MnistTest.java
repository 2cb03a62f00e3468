package dev.vnlab.data;

import static dev.vnlab.data.IdxFiles.idx;
import static dev.vnlab.data.IdxFiles.ubytes;
import static dev.vnlab.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir Path dir;

    /** A tiny MNIST-shaped directory: n images of r x c, labels i % 10; train raw, test gzipped. */
    private void tinySet(int nTrain, int nTest, int r, int c) throws IOException {
        for (String[] part : new String[][] {{"train", "" + nTrain, "false"}, {"t10k", "" + nTest, "true"}}) {
            int n = Integer.parseInt(part[1]);
            boolean gz = Boolean.parseBoolean(part[2]);
            write(dir, part[0] + "-images-idx3-ubyte", idx(0x08, new int[] {n, r, c}, ubytes(n * r * c, 256)), gz);
            write(dir, part[0] + "-labels-idx1-ubyte", idx(0x08, new int[] {n}, ubytes(n, 10)), gz);
        }
    }

    @Test
    void loadsBothSplitsScaledAndFlattened() throws IOException {
        tinySet(30, 12, 4, 5);
        Mnist m = Mnist.load(dir);
        assertThat(m.train().size()).isEqualTo(30);
        assertThat(m.test().size()).isEqualTo(12);
        assertThat(m.train().features()).isEqualTo(20);
        assertThat(m.train().classes()).isEqualTo(10);
        assertThat(m.train().labels()[13]).isEqualTo(3);
        assertThat(m.train().inputs().get(12, 15)).isEqualTo(((12 * 20 + 15) % 256) / 255f);
        assertThat(m.test().inputs().get(11, 19)).isEqualTo(((11 * 20 + 19) % 256) / 255f);
    }

    @Test
    void inconsistentFilesAreRejectedWithTheFileNamed() throws IOException {
        tinySet(30, 12, 4, 5);
        write(dir, "train-labels-idx1-ubyte", idx(0x08, new int[] {29}, ubytes(29, 10)), false);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("train-labels-idx1-ubyte").hasMessageContaining("29 labels").hasMessageContaining("30 images");
        write(dir, "train-labels-idx1-ubyte", idx(0x08, new int[] {30}, ubytes(30, 11)), false);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class).hasMessageContaining("label 10 at index 10");
        write(dir, "train-labels-idx1-ubyte", idx(0x08, new int[] {30}, ubytes(30, 10)), false);
        write(dir, "train-images-idx3-ubyte", idx(0x08, new int[] {30, 20}, ubytes(600, 256)), false);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("train-images-idx3-ubyte").hasMessageContaining("rank 2").hasMessageContaining("rank-3");
    }

    @Test
    void aMissingFileIsNamedWithBothSpellings() throws IOException {
        tinySet(3, 3, 2, 2);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte").hasMessageContaining(".gz");
    }

    @Test
    void trainAndTestImagesOfDifferentSizesAreRejectedNamingBoth() throws IOException {
        tinySet(5, 3, 28, 28);
        write(dir, "t10k-images-idx3-ubyte", idx(0x08, new int[] {3, 14, 14}, ubytes(3 * 196, 256)), true);
        Path test = dir.resolve("t10k-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(test + ": holds images of 14 x 14 pixels but train-images-idx3-ubyte holds images of 28 x 28;"
                        + " expected the same size in both");
    }

    @Test
    void noImagesOrImagesOfNoPixelsAreRejectedNamingTheFile() throws IOException {
        tinySet(0, 3, 2, 2);
        Path train = dir.resolve("train-images-idx3-ubyte");
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(train + ": holds no images; expected at least 1");
        assertThatThrownBy(() -> Mnist.trainImages(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(train + ": holds no images; expected at least 1");
        tinySet(3, 0, 2, 2);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(dir.resolve("t10k-images-idx3-ubyte.gz") + ": holds no images; expected at least 1");
        tinySet(3, 3, 0, 0);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(train + ": holds images of 0 x 0 pixels; expected at least 1 x 1");
        assertThatThrownBy(() -> Mnist.trainImages(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(train + ": holds images of 0 x 0 pixels; expected at least 1 x 1");
        tinySet(3, 3, 4, 0);
        assertThatThrownBy(() -> Mnist.trainImages(dir)).isInstanceOf(IdxFormatException.class)
                .hasMessage(train + ": holds images of 4 x 0 pixels; expected at least 1 x 1");
    }

    @Test
    void somethingOtherThanAFileInPlaceOfADataFileIsNamedAsSuch() throws Exception {
        tinySet(3, 3, 2, 2);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.createDirectory(labels);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(NotRegularFileException.class)
                .hasMessage(labels + ": is a directory; expected a regular file");
        Files.delete(labels);
        IdxFiles.fifo(labels);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> Mnist.load(dir))
                .isInstanceOf(NotRegularFileException.class).hasMessage(labels + ": is a named pipe, socket or device; expected a regular file"));
        Files.delete(labels);
        Path loop = dir.resolve("loop");
        Files.createSymbolicLink(labels, loop);
        Files.createSymbolicLink(loop, labels);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(NotRegularFileException.class)
                .hasMessageStartingWith(labels + ": is a symbolic link loop");
        Files.delete(labels);
        Files.createSymbolicLink(labels, dir.resolve("gone"));
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(NotRegularFileException.class)
                .hasMessage(labels + ": is a symbolic link to " + dir.resolve("gone") + ", which does not exist");
        // The raw name comes first: a directory there is reported, not passed over for the .gz.
        Files.delete(labels);
        write(dir, "t10k-labels-idx1-ubyte", idx(0x08, new int[] {3}, ubytes(3, 10)), true);
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        write(dir, "train-images-idx3-ubyte", idx(0x08, new int[] {3, 2, 2}, ubytes(12, 256)), true);
        Path images = Files.createDirectory(dir.resolve("train-images-idx3-ubyte"));
        assertThatThrownBy(() -> Mnist.trainImages(dir)).isInstanceOf(NotRegularFileException.class)
                .hasMessage(images + ": is a directory; expected a regular file");
    }

    @Test
    void aDataSetBeyondTheHeapIsRefusedBeforeItsDataAreRead() throws IOException {
        tinySet(1000, 10, 32, 32);
        // Floats of both sets and their labels, and the largest file's bytes three times: about 7 MB.
        long heap = HeapBudget.BASELINE_BYTES + (4 << 20);
        assertThatThrownBy(() -> Mnist.load(dir, heap)).isInstanceOf(HeapTooSmallException.class)
                .hasMessage("loading " + dir + " (train-images-idx3-ubyte: 1000 images of 32 x 32, t10k-images-idx3-ubyte.gz: 10 images of 32 x 32)"
                        + " needs about 31 MB of heap, more than the 28 MB this JVM may use");
        assertThat(Mnist.load(dir, heap + (4 << 20)).train().size()).isEqualTo(1000);
        // The training images alone as rows of bytes: 2 MB.
        assertThat(Mnist.trainImages(dir, heap).rows()).isEqualTo(1000);
        assertThatThrownBy(() -> Mnist.trainImages(dir, HeapBudget.BASELINE_BYTES + (1 << 20))).isInstanceOf(HeapTooSmallException.class)
                .hasMessageStartingWith(dir.resolve("train-images-idx3-ubyte") + " (1000 x 32 x 32 UNSIGNED_BYTE elements) needs about 26 MB");
        // Before the data are read: a file cut short is not reached.
        Path test = dir.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(test, java.util.Arrays.copyOf(Files.readAllBytes(test), 30));
        assertThatThrownBy(() -> Mnist.load(dir, heap)).isInstanceOf(HeapTooSmallException.class);
        assertThatThrownBy(() -> Mnist.load(dir, heap + (4 << 20))).isInstanceOf(IdxFormatException.class).hasMessageContaining("truncated");
    }

    /**
     * The real Fashion-MNIST from Debian's dataset-fashion-mnist (.ci/run installs it): its
     * published shape, class balance and mean pixel (0.2860). Skipped only outside CI.
     */
    @Test
    void realFashionMnist() throws IOException {
        boolean present = Files.isDirectory(Mnist.FASHION_MNIST_DEBIAN);
        if (!present && System.getenv("CI") == null) {
            Assumptions.abort("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        }
        assertThat(present).as("CI installs dataset-fashion-mnist").isTrue();
        Mnist m = Mnist.load(Mnist.FASHION_MNIST_DEBIAN);
        assertThat(m.train().size()).isEqualTo(60_000);
        assertThat(m.test().size()).isEqualTo(10_000);
        assertThat(m.train().features()).isEqualTo(784);
        int[] perClass = new int[10];
        for (int y : m.train().labels()) perClass[y]++;
        assertThat(perClass).containsOnly(6_000);
        perClass = new int[10];
        for (int y : m.test().labels()) perClass[y]++;
        assertThat(perClass).containsOnly(1_000);
        double sum = 0;
        float[] px = m.train().inputs().data();
        float lo = 1, hi = 0;
        for (float v : px) { sum += v; lo = Math.min(lo, v); hi = Math.max(hi, v); }
        assertThat(sum / px.length).isCloseTo(0.2860, within(5e-4));
        assertThat(lo).isEqualTo(0f);
        assertThat(hi).isEqualTo(1f);
    }
}
