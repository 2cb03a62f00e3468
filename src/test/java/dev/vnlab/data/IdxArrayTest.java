package dev.vnlab.data;

import static dev.vnlab.data.IdxFiles.concat;
import static dev.vnlab.data.IdxFiles.gzip;
import static dev.vnlab.data.IdxFiles.idx;
import static dev.vnlab.data.IdxFiles.ubytes;
import static dev.vnlab.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxArrayTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsUnsignedBytesRawAndGzipped(boolean gzip) throws IOException {
        byte[] body = new byte[2 * 3 * 4];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 11); // 0..253, past 127 too
        Path f = write(dir, "images", idx(0x08, new int[] {2, 3, 4}, body), gzip);
        IdxArray a = IdxArray.read(f);
        assertThat(a.type()).isEqualTo(IdxArray.Type.UNSIGNED_BYTE);
        assertThat(a.dims()).containsExactly(2, 3, 4);
        assertThat(a.size()).isEqualTo(24);
        assertThat(a.get(23)).isEqualTo(253.0);
        FloatMatrix m = a.toMatrix(1.0 / 255);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(12);
        assertThat(m.get(1, 11)).isEqualTo(253f / 255);
        assertThat(m.get(0, 1)).isEqualTo(11f / 255);
    }

    @Test
    void pixelScalingRoundsEveryByteValueOnce() throws IOException {
        FloatMatrix m = IdxArray.read(write(dir, "all", idx(0x08, new int[] {256}, ubytes(256, 256)), false)).toMatrix(1.0 / 255);
        for (int v = 0; v < 256; v++) assertThat(m.get(v, 0)).as("byte %d", v).isEqualTo(v / 255f);
    }

    @Test
    void everyElementTypeRoundTrips() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(3 * 8);
        b.put(new byte[] {-1, 0, 127});
        assertThat(IdxArray.read(write(dir, "s8", idx(0x09, new int[] {3}, Arrays.copyOf(b.array(), 3)), false)).toLabels())
                .containsExactly(-1, 0, 127);
        b.clear();
        b.putShort((short) -300).putShort((short) 7).putShort(Short.MAX_VALUE);
        assertThat(IdxArray.read(write(dir, "s16", idx(0x0B, new int[] {3}, Arrays.copyOf(b.array(), 6)), false)).toLabels())
                .containsExactly(-300, 7, Short.MAX_VALUE);
        b.clear();
        b.putInt(Integer.MIN_VALUE).putInt(5).putInt(1 << 20);
        assertThat(IdxArray.read(write(dir, "s32", idx(0x0C, new int[] {3}, Arrays.copyOf(b.array(), 12)), true)).toLabels())
                .containsExactly(Integer.MIN_VALUE, 5, 1 << 20);
        b.clear();
        b.putFloat(-1.5f).putFloat(0.25f).putFloat(Float.MAX_VALUE);
        IdxArray f32 = IdxArray.read(write(dir, "f32", idx(0x0D, new int[] {1, 3}, Arrays.copyOf(b.array(), 12)), false));
        assertThat(f32.toMatrix(2.0).get(0, 1)).isEqualTo(0.5f);
        assertThat(f32.get(0)).isEqualTo(-1.5);
        b.clear();
        b.putDouble(Math.PI).putDouble(-0.0).putDouble(1e300);
        IdxArray f64 = IdxArray.read(write(dir, "f64", idx(0x0E, new int[] {3}, b.array()), false));
        assertThat(f64.get(0)).isEqualTo(Math.PI);
        assertThat(f64.get(2)).isEqualTo(1e300);
        assertThatThrownBy(f64::toLabels).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer");
    }

    @Test
    void emptyArraysAreValid() throws IOException {
        IdxArray a = IdxArray.read(write(dir, "none", idx(0x08, new int[] {0, 28, 28}, new byte[0]), true));
        assertThat(a.size()).isZero();
        assertThat(a.toMatrix(1.0).rows()).isZero();
    }

    /** Asserts that reading {@code content} (raw or gzip) fails with a message holding the file name and every phrase. */
    private void rejected(byte[] content, boolean gzip, String... phrases) throws IOException {
        Path f = write(dir, "bad-" + Arrays.hashCode(content) + (gzip ? "z" : ""), content, gzip);
        var thrown = assertThatThrownBy(() -> IdxArray.read(f)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f.toString() + ": ");
        for (String p : phrases) thrown.hasMessageContaining(p);
    }

    @Test
    void malformedHeadersAreRejectedWithTheirProblem() throws IOException {
        rejected(new byte[0], false, "has 0 bytes", "magic number");
        rejected(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4}, false, "0x89504e47", "not IDX");
        rejected(idx(0x07, new int[] {1}, new byte[1]), false, "element type 0x07", "unknown");
        rejected(new byte[] {0, 0, 8, 0}, false, "rank 0", "1 to 8");
        rejected(new byte[] {0, 0, 8, 9}, true, "rank 9");
        rejected(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0}, false, "header is truncated", "12 bytes of dimensions", "found 6");
        rejected(idx(0x08, new int[] {3, -5}, new byte[0]), false, "dimension 1 is -5");
    }

    @Test
    void absurdDeclaredSizesAreRefusedBeforeAllocating() throws IOException {
        // 2^30 x 2^30 x 2^30 doubles: far past any limit, and past a long without saturation.
        rejected(idx(0x0E, new int[] {1 << 30, 1 << 30, 1 << 30}, new byte[16]), false, "more than the limit");
        Path f = write(dir, "small-limit", idx(0x08, new int[] {100, 100}, new byte[10_000]), false);
        assertThatThrownBy(() -> IdxArray.read(f, 9_999)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("10000 bytes").hasMessageContaining("limit of 9999 bytes");
        assertThat(IdxArray.read(f, 10_000).size()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedAndOverlongBodiesAreRejected(boolean gzip) throws IOException {
        rejected(idx(0x08, new int[] {10, 10}, ubytes(99, 256)), gzip, "truncated", "10 x 10", "100 bytes", "only 99 follow");
        rejected(idx(0x0C, new int[] {2}, new byte[9]), gzip, "has bytes after the 2 elements");
    }

    @Test
    void corruptGzipIsReportedAsSuch() throws IOException {
        Path good = write(dir, "good", idx(0x08, new int[] {1000}, ubytes(1000, 7)), true);
        byte[] z = Files.readAllBytes(good);
        byte[] cut = Arrays.copyOf(z, z.length / 2);
        Path f = Files.write(dir.resolve("cut.gz"), cut);
        assertThatThrownBy(() -> IdxArray.read(f)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining("truncated");
        byte[] garbage = z.clone();
        for (int i = 12; i < garbage.length - 8; i++) garbage[i] ^= 0x5a;
        Path g = Files.write(dir.resolve("garbage.gz"), garbage);
        assertThatThrownBy(() -> IdxArray.read(g)).isInstanceOf(IdxFormatException.class).hasMessageStartingWith(g.toString());
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("absent-idx1-ubyte");
        assertThatThrownBy(() -> IdxArray.read(f)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent-idx1-ubyte");
    }

    @Test
    void concatenatedGzipMembersAreOneFile() throws IOException {
        byte[] content = idx(0x08, new int[] {50, 4}, ubytes(200, 256));
        byte[] members = concat(gzip(Arrays.copyOfRange(content, 0, 70)), gzip(Arrays.copyOfRange(content, 70, content.length)), gzip(new byte[0]));
        IdxArray a = IdxArray.read(Files.write(dir.resolve("members.gz"), members));
        assertThat(a.dims()).containsExactly(50, 4);
        for (int i = 0; i < 200; i++) assertThat(a.get(i)).isEqualTo(i);
        // One element too many, in a member of its own, is content past the header's size.
        Path longer = Files.write(dir.resolve("longer.gz"), concat(members, gzip(new byte[] {7})));
        assertThatThrownBy(() -> IdxArray.read(longer)).isInstanceOf(IdxFormatException.class)
                .hasMessage(longer + ": has bytes after the 50 x 4 elements its header declares");
    }

    /** What may follow a valid gzip member and is not one: each makes the file corrupt, as gzip -t says. */
    @ParameterizedTest(name = "trailing {0}")
    @CsvSource({
        "00, not gzip", "0000000000000000, not gzip", "6a756e6b0a, not gzip", "1f, not gzip", "1f8c0800, not gzip",
        "1f8b, truncated", "1f8b0800000000000003, truncated", "1f8b080000000000000303000000000000000000ff, not gzip"})
    void bytesAfterTheLastGzipMemberAreRejected(String trailingHex, String phrase) throws IOException {
        byte[] member = gzip(idx(0x08, new int[] {6}, ubytes(6, 256)));
        Path f = Files.write(dir.resolve("trailing-" + trailingHex + ".gz"), concat(member, HexFormat.of().parseHex(trailingHex)));
        assertThatThrownBy(() -> IdxArray.read(f)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f + ": ").hasMessageContaining(phrase);
    }

    @Test
    void gzipMembersAreCheckedByTheirFlagsCrcAndLength() throws IOException {
        byte[] member = gzip(idx(0x08, new int[] {6}, ubytes(6, 256)));
        byte[] reserved = member.clone();
        reserved[3] |= 0x20; // a reserved flag bit: RFC 1952 says a decoder must reject it
        byte[] crc = member.clone();
        crc[member.length - 8] ^= 1;
        byte[] length = member.clone();
        length[member.length - 4] ^= 1;
        for (var c : new Object[][] {{reserved, "reserved flag"}, {crc, "CRC-32"}, {length, "length"}}) {
            Path f = Files.write(dir.resolve(c[1] + ".gz"), (byte[]) c[0]);
            assertThatThrownBy(() -> IdxArray.read(f)).as((String) c[1]).isInstanceOf(IdxFormatException.class)
                    .hasMessageStartingWith(f + ": ").hasMessageContaining((String) c[1]);
        }
    }

    @Test
    void aDirectoryIsRefusedByName() throws IOException {
        Path d = Files.createDirectory(dir.resolve("images"));
        assertThatThrownBy(() -> IdxArray.read(d)).isInstanceOf(NotRegularFileException.class)
                .hasMessage(d + ": is a directory; expected a regular file");
    }

    @Test
    void aNamedPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path pipe = IdxFiles.fifo(dir.resolve("pipe"));
        // Opening a pipe for reading blocks until a writer comes: the check must not open it.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> IdxArray.read(pipe))
                .isInstanceOf(NotRegularFileException.class).hasMessage(pipe + ": is a named pipe, socket or device; expected a regular file"));
    }

    @Test
    void symbolicLinksAreFollowedAndBrokenOnesNamed() throws IOException {
        Path target = write(dir, "target", idx(0x08, new int[] {3}, ubytes(3, 256)), true);
        assertThat(IdxArray.read(Files.createSymbolicLink(dir.resolve("link"), target)).size()).isEqualTo(3);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> IdxArray.read(a)).isInstanceOf(NotRegularFileException.class)
                .hasMessageStartingWith(a + ": is a symbolic link loop");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        assertThatThrownBy(() -> IdxArray.read(dangling)).isInstanceOf(NotRegularFileException.class)
                .hasMessage(dangling + ": is a symbolic link to " + dir.resolve("gone") + ", which does not exist");
    }

    @Test
    void aDeclaredSizeBeyondTheHeapIsRefusedBeforeReading() throws IOException {
        // 1000 x 32 x 32 zero bytes, 1 KB gzipped: 2 MB to read, against a heap with 1 MB beside the baseline.
        Path f = write(dir, "zeros", idx(0x08, new int[] {1000, 32, 32}, new byte[1000 * 32 * 32]), true);
        long heap = HeapBudget.BASELINE_BYTES + (1 << 20);
        assertThatThrownBy(() -> IdxArray.read(f, IdxArray.DEFAULT_MAX_BYTES, heap)).isInstanceOf(HeapTooSmallException.class)
                .hasMessage(f + " (1000 x 32 x 32 UNSIGNED_BYTE elements) needs about 26 MB of heap, more than the 25 MB this JVM may use");
        assertThat(IdxArray.read(f, IdxArray.DEFAULT_MAX_BYTES, heap + (2 << 20)).size()).isEqualTo(1000 * 32 * 32);
        // The check comes before the bytes are read (a short gzip file is refused by it, not found short)...
        Path shortGzip = write(dir, "short", idx(0x08, new int[] {1000, 32, 32}, new byte[10]), true);
        assertThatThrownBy(() -> IdxArray.read(shortGzip, IdxArray.DEFAULT_MAX_BYTES, heap)).isInstanceOf(HeapTooSmallException.class);
        // ...but after the size limit, and after a raw file's length, which tells without reading.
        assertThatThrownBy(() -> IdxArray.read(f, 1000, heap)).isInstanceOf(IdxFormatException.class).hasMessageContaining("limit of 1000 bytes");
        Path shortRaw = write(dir, "short", idx(0x08, new int[] {1000, 32, 32}, new byte[10]), false);
        assertThatThrownBy(() -> IdxArray.read(shortRaw, IdxArray.DEFAULT_MAX_BYTES, heap)).isInstanceOf(IdxFormatException.class)
                .hasMessage(shortRaw + ": is truncated: header declares 1000 x 32 x 32 UNSIGNED_BYTE elements (1024000 bytes) but only 10 follow");
    }

    @Test
    void aFloatMatrixBeyondTheHeapIsRefusedNamingTheFile() throws IOException {
        Path f = write(dir, "wide", idx(0x08, new int[] {2, 1 << 20}, ubytes(2 << 20, 256)), true);
        IdxArray a = IdxArray.read(f);
        long floats = 4L * (2 << 20);
        assertThatThrownBy(() -> a.toMatrix(1.0, HeapBudget.BASELINE_BYTES + floats - 1)).isInstanceOf(HeapTooSmallException.class)
                .hasMessageStartingWith("the 2 x 1048576 float matrix of " + f + " needs about 32 MB of heap");
        assertThat(a.toMatrix(1.0, HeapBudget.BASELINE_BYTES + floats).get(1, (1 << 20) - 1)).isEqualTo(255f);
    }
}
