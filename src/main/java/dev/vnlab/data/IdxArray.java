package dev.vnlab.data;

import dev.vnlab.linalg.FloatMatrix;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An n-dimensional array in LeCun's IDX format (MNIST, Fashion-MNIST): a 4-byte magic number
 * {@code 0x00 0x00 type rank}, {@code rank} big-endian int32 dimensions, then the elements in
 * row-major order, big-endian. Files may be gzip-compressed (detected by content, not name).
 *
 * <p>Reading validates everything before trusting it: the magic number, the element type, the
 * rank (1 to {@value #MAX_RANK}), each dimension, and the declared size against a limit (default
 * {@value #DEFAULT_MAX_BYTES} bytes) before anything of that size is allocated; the element bytes
 * are read as they arrive, so a lying header on a short file allocates no more than the file
 * holds. A file shorter or longer than its header says is rejected. Immutable.
 */
public final class IdxArray {
    /** Largest rank accepted. */
    public static final int MAX_RANK = 8;
    /** Element counts saturate here (times 8 bytes still fits a long). */
    private static final long SIZE_CAP = Long.MAX_VALUE / 8;
    /** Default limit on the declared element bytes: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** The element types of the format, with their type codes and sizes. */
    public enum Type {
        UNSIGNED_BYTE(0x08, 1), SIGNED_BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        final int code, bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    private final Type type;
    private final int[] dims;
    private final ByteBuffer data; // big-endian, read-only view

    private IdxArray(Type type, int[] dims, byte[] data) {
        this.type = type;
        this.dims = dims;
        this.data = ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** Reads {@code file} (raw or gzip) with the default size limit. */
    public static IdxArray read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads {@code file} (raw or gzip), refusing headers that declare more than {@code maxBytes}
     * bytes of elements.
     *
     * @throws IdxFormatException if the content is not a valid IDX array within the limit
     * @throws NoSuchFileException if there is no such file
     */
    public static IdxArray read(Path file, long maxBytes) throws IOException {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw) {
                return read(in, name, maxBytes);
            } catch (java.util.zip.ZipException e) {
                throw new IdxFormatException(name, "corrupt gzip data (" + e.getMessage() + ")");
            } catch (java.io.EOFException e) {
                throw new IdxFormatException(name, "gzip stream ends early (" + e.getMessage() + "); the file is truncated");
            }
        }
    }

    /** Reads an IDX array from {@code in} (not closed); {@code name} is used in error messages. */
    public static IdxArray read(InputStream in, String name, long maxBytes) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] head = din.readNBytes(4);
        if (head.length < 4) {
            throw new IdxFormatException(name, "has " + head.length + " bytes; an IDX file starts with a 4-byte magic number");
        }
        int magic = ByteBuffer.wrap(head).getInt();
        if (head[0] != 0 || head[1] != 0) {
            throw new IdxFormatException(name, String.format("magic number 0x%08x is not IDX; expected 0x0000TTRR (type, rank)", magic));
        }
        Type type = Type.of(head[2] & 0xff);
        if (type == null) {
            throw new IdxFormatException(name, String.format("element type 0x%02x is unknown; expected one of 0x08 0x09 0x0b 0x0c 0x0d 0x0e", head[2] & 0xff));
        }
        int rank = head[3] & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException(name, "rank " + rank + " is invalid; expected 1 to " + MAX_RANK);
        }
        byte[] dimBytes = din.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxFormatException(name, "header is truncated: rank " + rank + " needs " + 4 * rank + " bytes of dimensions, found " + dimBytes.length);
        }
        int[] dims = new int[rank];
        ByteBuffer db = ByteBuffer.wrap(dimBytes);
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = db.getInt();
            if (dims[i] < 0) throw new IdxFormatException(name, "dimension " + i + " is " + dims[i] + "; expected a count of at least 0");
            // Saturate instead of overflowing: any product past the cap is refused below anyway.
            elements = dims[i] != 0 && elements > SIZE_CAP / dims[i] ? SIZE_CAP : elements * dims[i];
        }
        long bytes = elements * type.bytes;
        long limit = Math.min(maxBytes, Integer.MAX_VALUE - 8);
        if (bytes > limit) {
            throw new IdxFormatException(name, "header declares " + shape(dims) + " " + type + " elements (" + bytes
                    + " bytes), more than the limit of " + limit + " bytes");
        }
        byte[] data = din.readNBytes((int) bytes); // grows as bytes arrive, not preallocated
        if (data.length < bytes) {
            throw new IdxFormatException(name, "is truncated: header declares " + shape(dims) + " " + type + " elements ("
                    + bytes + " bytes) but only " + data.length + " follow");
        }
        if (din.read() != -1) {
            throw new IdxFormatException(name, "has bytes after the " + shape(dims) + " elements its header declares");
        }
        return new IdxArray(type, dims, data);
    }

    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) s.append(i == 0 ? "" : " x ").append(dims[i]);
        return s.toString();
    }

    public Type type() { return type; }

    /** The dimensions (a copy). */
    public int[] dims() { return dims.clone(); }

    /** Number of elements. */
    public int size() { return data.capacity() / type.bytes; }

    /** Element i (row-major), as a double; unsigned bytes give 0..255. */
    public double get(int i) {
        int at = i * type.bytes;
        return switch (type) {
            case UNSIGNED_BYTE -> data.get(at) & 0xff;
            case SIGNED_BYTE -> data.get(at);
            case SHORT -> data.getShort(at);
            case INT -> data.getInt(at);
            case FLOAT -> data.getFloat(at);
            case DOUBLE -> data.getDouble(at);
        };
    }

    /**
     * The array as a {@code dims[0] x (product of the other dims)} float matrix, each element
     * times {@code scale} in double, rounded once (so {@code 1.0 / 255} gives every pixel as
     * {@code v / 255f}): one row per image.
     */
    public FloatMatrix toMatrix(double scale) {
        int rows = dims[0], cols = rows == 0 ? 0 : size() / rows;
        if (dims.length == 1) cols = 1;
        FloatMatrix m = new FloatMatrix(rows, cols);
        float[] out = m.data();
        for (int i = 0; i < rows * cols; i++) out[i] = (float) (get(i) * scale);
        return m;
    }

    /**
     * The array as labels: a rank-1 array of integer type.
     *
     * @throws IllegalArgumentException if the rank is not 1 or the type is FLOAT or DOUBLE
     */
    public int[] toLabels() {
        if (dims.length != 1 || type == Type.FLOAT || type == Type.DOUBLE) {
            throw new IllegalArgumentException("labels must be a rank-1 integer IDX array; this one is " + type + " " + Arrays.toString(dims));
        }
        int[] y = new int[size()];
        for (int i = 0; i < y.length; i++) y[i] = (int) get(i);
        return y;
    }
}
