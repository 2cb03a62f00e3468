package dev.vnlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @Test
    void readsFilesWrittenByNumpy() throws Exception {
        // np.save of np.arange(6, dtype=np.float32).reshape(2, 3) and np.array([0.5, -1.0])
        Npy.Array a = Npy.read(resource("numpy-f32-2x3.npy"));
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.float32()).isTrue();
        assertThat(a.values()).containsExactly(0, 1, 2, 3, 4, 5);
        Npy.Array v = Npy.read(resource("numpy-f64-2.npy"));
        assertThat(v.shape()).containsExactly(2);
        assertThat(v.float32()).isFalse();
        assertThat(v.values()).containsExactly(0.5, -1.0);
    }

    @Test
    void writesNumpysExactHeaderAndBytes() throws Exception {
        Path f = dir.resolve("m.npy");
        Npy.write(f, FloatMatrix.of(new float[][] {{0, 1, 2}, {3, 4, 5}}));
        assertThat(Files.readAllBytes(f)).containsExactly(Files.readAllBytes(resource("numpy-f32-2x3.npy")));
        byte[] bytes = Files.readAllBytes(f);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(new String(bytes, 10, headerLen, StandardCharsets.US_ASCII)).endsWith("\n");
    }

    @Test
    void roundTripsVectorsDoublesAndViews() throws IOException {
        Path v = dir.resolve("v.npy");
        Npy.write(v, new float[] {1.5f, -2, Float.MIN_VALUE});
        assertThat(Npy.read(v).shape()).containsExactly(3);
        assertThat(Npy.read(v).values()).containsExactly(1.5, -2, Float.MIN_VALUE);
        Path d = dir.resolve("d.npy");
        Npy.write(d, DoubleMatrix.of(new double[][] {{Math.PI, -1e300}}));
        assertThat(Npy.read(d).values()).containsExactly(Math.PI, -1e300);
        FloatMatrix m = FloatMatrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        Path view = dir.resolve("view.npy");
        Npy.write(view, m.view(1, 1, 2, 2));
        assertThat(Npy.read(view).shape()).containsExactly(2, 2);
        assertThat(Npy.read(view).values()).containsExactly(5, 6, 8, 9);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void badFilesAreRejectedWithTheFileNamed() throws Exception {
        Path notNpy = Files.write(dir.resolve("x.npy"), "hello world".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Npy.read(notNpy)).isInstanceOf(IOException.class).hasMessageContaining("x.npy").hasMessageContaining("bad magic");
        byte[] good = Files.readAllBytes(resource("numpy-f32-2x3.npy"));
        Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> Npy.read(cut)).isInstanceOf(IOException.class).hasMessageContaining("truncated").hasMessageContaining("19 of 24");
        byte[] ints = good.clone();
        int at = new String(ints, StandardCharsets.ISO_8859_1).indexOf("<f4");
        ints[at + 1] = 'i';
        Path intFile = Files.write(dir.resolve("ints.npy"), ints);
        assertThatThrownBy(() -> Npy.read(intFile)).isInstanceOf(IOException.class).hasMessageContaining("not a little-endian float array header");
    }
}
