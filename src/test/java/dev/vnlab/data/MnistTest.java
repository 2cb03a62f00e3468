package dev.vnlab.data;

import static dev.vnlab.data.IdxFiles.idx;
import static dev.vnlab.data.IdxFiles.ubytes;
import static dev.vnlab.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
