package dev.vnlab.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.data.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzTest.class.getResource("/weights/npz/" + name).toURI());
    }

    /** make_npz_fixtures.py's ARRAYS, as float32. */
    private static final float[] WEIGHT = new float[12], HALVES = {-1, -0.5f, 0, 0.25f, 1.5f, 2048, 65504, -65504, 0x1p-14f, 0x1p-24f, -0f, 1000.5f};
    private static final float[] DOUBLES = {(float) 0.1, -2.5f, (float) (1 / 3.0), (float) 1e-3};

    static {
        for (int i = 0; i < 12; i++) WEIGHT[i] = i / 4f - 1;
    }

    /** The tensors of vnlab-written.npz, which make_npz_fixtures.py checks np.load reads back. */
    static List<Tensor> vnlabTensors() {
        return List.of(new Tensor("0.weight", new int[] {3, 4}, WEIGHT), new Tensor("layers.2.bias", new int[] {4}, DOUBLES),
                new Tensor("block", new int[] {2, 3, 2}, HALVES), new Tensor("scale", new int[0], new float[] {2.5f}),
                new Tensor("empty", new int[] {0, 3}, new float[0]), new Tensor("λ/unicode", new int[] {1}, new float[] {1}));
    }

    @Test
    void readsWhatNumpySavezAndSavezCompressedWrite() throws Exception {
        for (String f : new String[] {"savez.npz", "savez_compressed.npz"}) {
            List<Tensor> t = Npz.read(resource(f));
            assertThat(t).extracting(Tensor::name).containsExactly("0.weight", "0.bias", "layers.2.bias", "block", "scale");
            assertThat(t.get(0).shape()).containsExactly(3, 4);
            assertThat(t.get(0).values()).containsExactly(WEIGHT);
            assertThat(t.get(1).shape()).containsExactly(4);
            assertThat(t.get(1).values()).containsExactly(0.5f, -1.5f, 0, 3);
            assertThat(t.get(2).values()).containsExactly(DOUBLES); // float64, rounded
            assertThat(t.get(3).shape()).containsExactly(2, 3, 2);
            assertThat(t.get(3).values()).containsExactly(HALVES); // float16, exact
            assertThat(Float.floatToIntBits(t.get(3).values()[10])).isEqualTo(Float.floatToIntBits(-0f));
            assertThat(t.get(4).rank()).isZero();
            assertThat(t.get(4).values()).containsExactly(-0.5f);
        }
    }

    @Test
    void readsFortranOrderBigEndianEmptyAndScalarArrays() throws Exception {
        List<Tensor> t = Npz.read(resource("variants.npz"));
        assertThat(t).extracting(Tensor::name).containsExactly("fortran", "big", "empty", "half", "cube");
        assertThat(t.get(0).shape()).containsExactly(3, 4);
        assertThat(t.get(0).values()).containsExactly(WEIGHT); // put back into C order
        assertThat(t.get(1).values()).containsExactly(1, -2, 0.125f, 1e6f);
        assertThat(t.get(2).shape()).containsExactly(0, 3);
        assertThat(t.get(2).values()).isEmpty();
        assertThat(t.get(3).shape()).isEmpty();
        assertThat(t.get(3).values()).containsExactly(-3.5f);
        float[] cube = new float[24];
        for (int i = 0; i < 24; i++) cube[i] = i;
        assertThat(t.get(4).shape()).containsExactly(2, 3, 4);
        assertThat(t.get(4).values()).containsExactly(cube);
    }

    @Test
    void writesTheBytesNumpyWasShownToReadAndReadsThemBack() throws Exception {
        Path f = dir.resolve("w.npz");
        Npz.write(f, vnlabTensors());
        // make_npz_fixtures.py checks with np.load that this committed file reads as vnlabTensors().
        assertThat(Files.readAllBytes(f)).containsExactly(Files.readAllBytes(resource("vnlab-written.npz")));
        assertThat(Npz.read(f)).containsExactlyElementsOf(vnlabTensors());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w.npz");
        }
    }

    @Test
    void roundTripsRandomTensorsAndEmptyArchives() throws IOException {
        Random rnd = new Random(7);
        List<Tensor> tensors = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            int[] shape = new int[rnd.nextInt(4)];
            int n = 1;
            for (int i = 0; i < shape.length; i++) n *= shape[i] = rnd.nextInt(5);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat(rnd.nextInt() & 0x7f7fffff); // finite, any bits
            tensors.add(new Tensor("layers." + k + (k % 2 == 0 ? ".weight" : ".bias"), shape, v));
        }
        tensors.add(new Tensor("big", new int[] {300, 100}, new float[30000])); // crosses the reader's chunks
        Path f = dir.resolve("r.npz");
        Npz.write(f, tensors);
        assertThat(Npz.read(f)).containsExactlyElementsOf(tensors);
        Npz.write(f, List.of());
        assertThat(Npz.read(f)).isEmpty();
    }

    @Test
    void writingTwoTensorsOfOneNameIsRefused() {
        List<Tensor> twice = List.of(new Tensor("w", new int[] {1}, new float[1]), new Tensor("w", new int[0], new float[1]));
        assertThatThrownBy(() -> Npz.write(dir.resolve("x.npz"), twice)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w appears twice");
        assertThat(dir.resolve("x.npz")).doesNotExist();
    }

    @Test
    void filesThatAreNotZipArchivesAreRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("t.npz"), "not a zip at all");
        refused(text, "t.npz: not a valid zip archive (");
        refused(Files.write(dir.resolve("e.npz"), new byte[0]), "e.npz: not a valid zip archive");
        byte[] good = Files.readAllBytes(resource("savez.npz"));
        refused(Files.write(dir.resolve("cut.npz"), Arrays.copyOf(good, good.length - 30)), "cut.npz: not a valid zip archive");
        Path npy = dir.resolve("n.npz");
        Npy.write(npy, new float[] {1});
        refused(npy, "n.npz: not a valid zip archive");
    }

    @Test
    void entriesOtherThanArraysAreRefusedByName() throws Exception {
        refused(zip("d.npz", new Entry("w.npy", npy(), true), new Entry("sub/", new byte[0], true)), "d.npz: entry sub/ is a directory; expected only NAME.npy arrays");
        refused(zip("t.npz", new Entry("notes.txt", "hi".getBytes(StandardCharsets.UTF_8), false)), "t.npz: entry notes.txt is not an .npy array");
        Path twice = zip("2.npz", new Entry("a.npy", npy(), true), new Entry("b.npy", npy(), false));
        Files.write(twice, replace(Files.readAllBytes(twice), "b.npy", "a.npy"));
        refused(twice, "2.npz: tensor a: its entry appears twice; expected each name once");
        refused(resource("object.npz"), "object.npz: tensor o: descr '|O' is an object array of pickled Python objects, which is never loaded");
    }

    @Test
    void malformedArraysInsideAreRefusedWithTheTensorNamed() throws Exception {
        byte[] header = Arrays.copyOf(npy(), 64);
        refused(zip("h.npz", new Entry("w.npy", replace(npy(), "'shape': (2,)", "'shape': [2] "), true)), "h.npz: tensor w: shape [2] is not a tuple");
        refused(zip("c.npz", new Entry("w.npy", Arrays.copyOf(npy(), npy().length - 3), false)), "c.npz: tensor w: truncated: 5 of 8 data bytes of shape (2,)");
        refused(zip("i.npz", new Entry("w.npy", replace(npy(), "<f4", "<i4"), true)), "i.npz: tensor w: descr '<i4' is not a supported type");
        refused(zip("m.npz", new Entry("w.npy", replace(npy(), "{", "["), true)), "m.npz: tensor w: header ['descr'");
        refused(zip("g.npz", new Entry("w.npy", header, true)), "g.npz: tensor w: header length 118 runs past the end of the 64 bytes there are");
    }

    @Test
    void entriesWhoseBytesDisagreeWithTheirDeclaredSizesOrCrcAreRefused() throws Exception {
        Path stored = zip("s.npz", new Entry("w.npy", npy(), false));
        byte[] b = Files.readAllBytes(stored);
        b[30 + "w.npy".length() + 128] ^= 1; // a data byte of the only entry, after its local header
        refused(Files.write(stored, b), "s.npz: tensor w: its CRC-32 is ");
        Path deflated = zip("z.npz", new Entry("w.npy", npy(), true));
        refused(Files.write(deflated, cen(Files.readAllBytes(deflated), 24, Integer.MAX_VALUE)),
                "z.npz: tensor w: its entry declares 2147483647 bytes from ");
        Path mismatch = zip("m.npz", new Entry("w.npy", npy(), false));
        refused(Files.write(mismatch, cen(Files.readAllBytes(mismatch), 24, 100)), "m.npz: tensor w: its entry declares 100 bytes from 136 stored ones; expected as many");
        Path big = zip("b.npz", new Entry("w.npy", npy(), true));
        refused(Files.write(big, cen(Files.readAllBytes(big), 20, 1 << 30)), "b.npz: tensor w: its entry declares 1073741824 compressed bytes; expected at most the archive's");
    }

    @Test
    void zipBombsAreRefusedWithoutBeingInflated() throws Exception {
        byte[] bomb = Arrays.copyOf(npy(), npy().length + (64 << 20)); // 64 MiB of zeros after a two-element array
        long start = System.nanoTime();
        refused(zip("a.npz", new Entry("w.npy", bomb, true)), "a.npz: tensor w: 67108864 bytes follow the 8 data bytes of shape (2,)");
        Path lying = zip("l.npz", new Entry("w.npy", bomb, true));
        refused(Files.write(lying, cen(Files.readAllBytes(lying), 24, npy().length)), "l.npz: tensor w: its entry holds more than the 136 bytes it declares");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse").isLessThan(10); // compressing them takes most of it
    }

    private static void refused(Path f, String message) {
        assertThatThrownBy(() -> Npz.read(f)).isInstanceOf(WeightFileException.class).hasMessageStartingWith(f.getParent() + "/")
                .hasMessageContaining(message);
    }

    /** A valid float32 .npy of shape (2,): 128 header bytes and 8 data bytes. */
    private static byte[] npy() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, new int[] {2}, new float[] {1, -1});
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Entry(String name, byte[] bytes, boolean deflated) {}

    private Path zip(String name, Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Entry e : entries) {
                ZipEntry z = new ZipEntry(e.name);
                if (!e.deflated) {
                    CRC32 crc = new CRC32();
                    crc.update(e.bytes);
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.bytes.length);
                    z.setCompressedSize(e.bytes.length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.bytes);
                zip.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    /** {@code b} with every {@code from} replaced by {@code to} (ISO-8859-1, the same length). */
    private static byte[] replace(byte[] b, String from, String to) {
        return new String(b, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code zip} with the 4-byte field at {@code offset} of its last central directory entry set to {@code value}. */
    private static byte[] cen(byte[] zip, int offset, int value) {
        int at = new String(zip, StandardCharsets.ISO_8859_1).lastIndexOf("PK\1\2");
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(at + offset, value);
        return zip;
    }
}
