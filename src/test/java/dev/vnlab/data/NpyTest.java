package dev.vnlab.data;

import static dev.vnlab.testing.NpyFiles.npy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        assertThatThrownBy(() -> Npy.read(dir)).isInstanceOf(IOException.class).hasMessageStartingWith(dir.toString());
        Path intFile = Files.write(dir.resolve("ints.npy"), ints);
        assertThatThrownBy(() -> Npy.read(intFile)).isInstanceOf(IOException.class)
                .hasMessage(intFile + ": descr '<i4' is not a supported type; expected a float array: '<f4', '<f8' or '<f2' ('>' for big-endian)");
    }

    @Test
    void readsVersions2And3Float16AndFortranOrderAsNumpyWritesThem() throws Exception {
        Npy.Array h = Npy.read(Path.of(NpyTest.class.getResource("/weights/npz/npy-v2-f16.npy").toURI()));
        assertThat(h.shape()).containsExactly(2, 3, 2);
        assertThat(h.float32()).isTrue();
        assertThat(h.values()).containsExactly(-1, -0.5, 0, 0.25, 1.5, 2048, 65504, -65504, 0x1p-14, 0x1p-24, -0.0, 1000.5);
        Npy.Array f = Npy.read(Path.of(NpyTest.class.getResource("/weights/npz/npy-v3-f64-fortran.npy").toURI()));
        assertThat(f.shape()).containsExactly(2, 3);
        assertThat(f.float32()).isFalse();
        assertThat(f.values()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void readsHeadersInAnyKeyOrderSpacingAndQuotingAndEveryFloatType() throws IOException {
        byte[] two = bytes(ByteOrder.LITTLE_ENDIAN, 4, 1.5, -2);
        assertThat(read(1, "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f4\"}", two).values()).containsExactly(1.5, -2);
        assertThat(read(2, "{\n 'descr' : '|f4' ,\t'fortran_order':False,'shape':( 2 , ) , }  \n", two).values()).containsExactly(1.5, -2);
        assertThat(read(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,)}", bytes(ByteOrder.BIG_ENDIAN, 8, 0.1, -3)).values()).containsExactly(0.1, -3);
        assertThat(read(3, "{'descr': '>f2', 'fortran_order': False, 'shape': (2,)}", bytes(ByteOrder.BIG_ENDIAN, 2, 0.5, 65504)).values()).containsExactly(0.5, 65504);
        Npy.Array scalar = read(1, "{'descr': '<f2', 'fortran_order': True, 'shape': (), }", bytes(ByteOrder.LITTLE_ENDIAN, 2, -0.25));
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.values()).containsExactly(-0.25);
        Npy.Array empty = read(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", new byte[0]);
        assertThat(empty.shape()).containsExactly(0, 3);
        assertThat(empty.values()).isEmpty();
        // (2, 3, 2) in Fortran order: element [i][j][k] stored at i + 2 j + 6 k; it holds 100 i + 10 j + k.
        double[] fortran = new double[12];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        Npy.Array cube = read(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 2), }", bytes(ByteOrder.LITTLE_ENDIAN, 8, fortran));
        assertThat(cube.values()).containsExactly(0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121);
    }

    @Test
    void malformedHeadersAreRefusedSayingWhatIsWrong() {
        String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        byte[] two = new byte[8];
        refused(1, "{'descr': '<f4', 'fortran_order': False}", two, "header keys [descr, fortran_order] are not what a header holds; expected exactly descr, fortran_order and shape");
        refused(1, ok.replace("}", "'extra': 1}"), two, "header keys [descr, fortran_order, shape, extra]");
        refused(1, ok.replace("{", "{'descr': '<f4', "), two, "key 'descr' appears twice at character");
        refused(1, ok.replace("'<f4'", "'|O'"), two, "descr '|O' is an object array of pickled Python objects, which is never loaded; expected a float array");
        refused(1, ok.replace("'<f4'", "[('a', '<f4')]"), two, "descr [('a', '<f4')] is not a plain dtype");
        refused(1, ok.replace("'<f4'", "'<i8'"), two, "descr '<i8' is not a supported type");
        refused(1, ok.replace("'<f4'", "'=f4'"), two, "descr '=f4' is not a supported type");
        refused(1, ok.replace("False", "1"), two, "fortran_order 1 is not True or False");
        refused(1, ok.replace("(2,)", "(2)"), two, "shape 2 is not a tuple; expected sizes such as (3, 4), (4,) or ()");
        refused(1, ok.replace("(2,)", "(-1,)"), two, "dimension -1 of shape (-1,) is out of range; expected 0 to 2147483647");
        refused(1, ok.replace("(2,)", "(2147483648,)"), two, "dimension 2147483648 of shape (2147483648,) is out of range");
        refused(1, ok.replace("(2,)", "(99999999999999999999999999,)"), two, "dimension 99999999999999999999999999 of shape");
        refused(1, ok.replace("(2,)", "('2',)"), two, "dimension '2' of shape ('2',) is not an integer");
        refused(1, ok.replace("(2,)", "(True,)"), two, "dimension True of shape (True,) is not an integer");
        refused(1, ok.replace("(2,)", "(65536, 65536)"), two, "shape (65536, 65536) holds more than the 2147483639 elements an array holds");
        refused(1, ok.replace("(2,)", "(" + "1, ".repeat(65) + ")"), two, "shape has 65 dimensions; expected at most 64");
        refused(1, ok.replace("(2,)", "(2.5,)"), two, "is not a Python dict literal (')' is missing at character 52)");
        refused(1, ok.replace("(2,)", "(" + "(".repeat(40) + ")".repeat(40) + ",)"), two, "values nest more than 32 deep");
        refused(1, ok.replace("'<f4'", "'<f\\4'"), two, "a string holds a backslash or a line break");
        refused(1, ok.replace("'<f4'", "'<f4"), two, "'}' is missing at character 17");
        refused(1, ok + " x", two, "text follows the closing brace at character");
        refused(1, ok.replace(", }", ""), two, "'}' is missing at character 54");
        refused(1, ok.replace("}", ""), two, "it ends early at character 56");
        refused(1, ok.replace("False", "false"), two, "('f' does not start a string");
        refused(1, "", two, "header  is not a Python dict literal ('{' is missing at character 0)");
    }

    @Test
    void sizesAreCheckedBeforeAnythingIsAllocated() throws IOException {
        String huge = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 10000), }";
        refused(1, huge, new byte[16], "truncated: 16 of 8000000000 data bytes of shape (100000, 10000)");
        refused(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[12], "4 bytes follow the 8 data bytes of shape (2,); expected the data to end there");
        byte[] v1 = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]);
        v1[6] = 4;
        refusedBytes(v1, "version 4.0 is not supported; expected 1.0, 2.0 or 3.0");
        byte[] past = npy(1, "{}", new byte[0]);
        past[8] = 100;
        refusedBytes(past, "header length 100 runs past the end of the 12 bytes there are");
        byte[] v2 = npy(2, "{}", new byte[0]);
        Arrays.fill(v2, 8, 12, (byte) 0xff);
        refusedBytes(v2, "header length 4294967295 is too large; expected at most 65535 bytes");
        byte[] latin = npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (), } ", new byte[4]);
        latin[latin.length - 5] = (byte) 0xe9; // é in ISO-8859-1 for the last space: not UTF-8
        refusedBytes(latin, "header is not UTF-8; expected a version 3.0 header in UTF-8");
        refusedBytes(Arrays.copyOf(npy(1, "{}", new byte[0]), 9), "truncated within the header length; expected 2 bytes of it");
        // A stream that claims 8 GB for 2147483639 float32 elements: the values grow only with the bytes that arrive.
        byte[] lie = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483639,), }", new byte[100]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(lie), lie.length - 100 + 4 * 2147483639L, "stream")).isInstanceOf(IOException.class)
                .hasMessage("stream: truncated: 100 of 8589934556 data bytes of shape (2147483639,)");
    }

    @Test
    void streamsAreReadNoFurtherThanTheirLengthAndWrittenAsNumpyWould() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new int[0], new float[] {2.5f});
        Npy.write(out, new int[] {2, 1, 2}, new float[] {1, 2, 3, 4});
        byte[] both = out.toByteArray();
        assertThat(new String(both, 10, 58, StandardCharsets.US_ASCII)).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (), }");
        ByteArrayInputStream in = new ByteArrayInputStream(both);
        Npy.Array scalar = Npy.read(in, 132, "first");
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.values()).containsExactly(2.5);
        Npy.Array cube = Npy.read(in, both.length - 132, "second");
        assertThat(cube.shape()).containsExactly(2, 1, 2);
        assertThat(cube.values()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> Npy.write(out, new int[] {3}, new float[2])).isInstanceOf(IllegalArgumentException.class);
    }

    private void refused(int version, String header, byte[] data, String message) {
        refusedBytes(npy(version, header, data), message);
    }

    private void refusedBytes(byte[] bytes, String message) {
        Path f = dir.resolve("bad.npy");
        assertThatThrownBy(() -> Npy.read(Files.write(f, bytes))).isInstanceOf(IOException.class).hasMessageStartingWith(f + ": ").hasMessageContaining(message);
    }

    private static Npy.Array read(int version, String header, byte[] data) throws IOException {
        byte[] b = npy(version, header, data);
        return Npy.read(new ByteArrayInputStream(b), b.length, "test");
    }

    /** {@code values} as {@code width}-byte floats in {@code order}. */
    static byte[] bytes(ByteOrder order, int width, double... values) {
        ByteBuffer b = ByteBuffer.allocate(width * values.length).order(order);
        for (double v : values) {
            switch (width) {
                case 2 -> b.putShort(Float.floatToFloat16((float) v));
                case 4 -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        return b.array();
    }
}
