package dev.vnlab.data;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * An n-dimensional array in LeCun's IDX format (MNIST, Fashion-MNIST): a 4-byte magic number
 * {@code 0x00 0x00 type rank}, {@code rank} big-endian int32 dimensions, then the elements in
 * row-major order, big-endian. Files may be gzip-compressed (detected by content, not name).
 *
 * <p>Reading validates everything before trusting it. Only a regular file (or a symbolic link to
 * one) is opened: a directory, named pipe or device is refused from its attributes, so a pipe
 * never blocks a read. The header is checked (the magic number, the element type, the rank, 1 to
 * {@value #MAX_RANK}, each dimension) and the declared size against a limit (default
 * {@value #DEFAULT_MAX_BYTES} bytes) and against the heap ({@link HeapBudget}) before anything
 * of that size is allocated; the element bytes are read as they arrive, so a lying header on a
 * short file allocates no more than the file holds. A file shorter or longer than its header
 * says is rejected, and so is a gzip file that is not gzip through to its end (each member's
 * CRC-32 and length are checked, and no bytes may follow the last member). Immutable.
 */
public final class IdxArray {
    /** Largest rank accepted. */
    public static final int MAX_RANK = 8;
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
    private final String source; // where it was read from, for messages

    private IdxArray(IdxHeader header, byte[] data, String source) {
        this.type = header.type();
        this.dims = header.dims();
        this.data = ByteBuffer.wrap(data).asReadOnlyBuffer();
        this.source = source;
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
     * @throws NotRegularFileException if the path is a directory, a named pipe, socket or device,
     *     or a symbolic link that loops or leads to nothing
     * @throws HeapTooSmallException if the declared elements, read, would not fit in the heap
     */
    public static IdxArray read(Path file, long maxBytes) throws IOException {
        return read(file, maxBytes, HeapBudget.maxHeap());
    }

    /** As {@link #read(Path, long)}, checking the memory needed against a heap of {@code maxHeap} bytes. */
    static IdxArray read(Path file, long maxBytes, long maxHeap) throws IOException {
        try (InputStream in = open(file)) {
            long length = in instanceof StrictGzipInputStream ? -1 : Files.size(file);
            return read(in, file.toString(), maxBytes, maxHeap, length);
        } catch (ZipException e) {
            throw new IdxFormatException(file.toString(), e.getMessage());
        }
    }

    /**
     * The header of {@code file} (raw or gzip), checked against the default size limit; the
     * elements are not read.
     *
     * @throws IOException as {@link #read(Path, long)} does, for the header
     */
    static IdxHeader readHeader(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return IdxHeader.read(new DataInputStream(in), file.toString(), DEFAULT_MAX_BYTES);
        } catch (ZipException e) {
            throw new IdxFormatException(file.toString(), e.getMessage());
        }
    }

    /** Opens a regular file, decompressing it if it starts with the gzip magic number. */
    private static InputStream open(Path file) throws IOException {
        RegularFile.require(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            return b0 == 0x1f && b1 == 0x8b ? new StrictGzipInputStream(raw) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Reads an IDX array from {@code in} (not closed), refusing headers that declare more than
     * {@code maxBytes} bytes of elements; {@code name} is used in error messages. The stream is
     * read to its end: bytes after the elements are an error.
     *
     * @throws IdxFormatException if the content is not a valid IDX array within the limit
     * @throws HeapTooSmallException if the declared elements, read, would not fit in the heap
     */
    public static IdxArray read(InputStream in, String name, long maxBytes) throws IOException {
        return read(in, name, maxBytes, HeapBudget.maxHeap(), -1);
    }

    /** Reads from {@code in}, whose length in bytes is {@code length} if known (a raw file), else -1. */
    private static IdxArray read(InputStream in, String name, long maxBytes, long maxHeap, long length) throws IOException {
        DataInputStream din = new DataInputStream(in);
        IdxHeader h = IdxHeader.read(din, name, maxBytes);
        long bytes = h.bytes();
        String elements = h.shape() + " " + h.type() + " elements";
        if (length >= 0 && length - h.length() < bytes) { // a raw file's size tells before anything is allocated
            throw new IdxFormatException(name, "is truncated: header declares " + elements + " (" + bytes + " bytes) but only "
                    + (length - h.length()) + " follow");
        }
        if (length >= 0 && length - h.length() > bytes) {
            throw new IdxFormatException(name, "has bytes after the " + h.shape() + " elements its header declares");
        }
        // readNBytes gathers the bytes in chunks and then copies them into one array: twice the bytes at the peak.
        HeapBudget.require(2 * bytes, name + " (" + elements + ")", maxHeap);
        byte[] data = din.readNBytes((int) bytes); // grows as bytes arrive, not preallocated
        if (data.length < bytes) {
            throw new IdxFormatException(name, "is truncated: header declares " + elements + " (" + bytes + " bytes) but only "
                    + data.length + " follow");
        }
        if (din.read() != -1) {
            throw new IdxFormatException(name, "has bytes after the " + h.shape() + " elements its header declares");
        }
        return new IdxArray(h, data, name);
    }

    /** The type and dimensions. */
    IdxHeader header() {
        return new IdxHeader(type, dims.clone());
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
     *
     * @throws HeapTooSmallException if the matrix would not fit in the heap
     */
    public FloatMatrix toMatrix(double scale) {
        return toMatrix(scale, HeapBudget.maxHeap());
    }

    /** As {@link #toMatrix(double)}, checking the matrix against a heap of {@code maxHeap} bytes. */
    FloatMatrix toMatrix(double scale, long maxHeap) {
        int rows = dims[0], cols = rows == 0 ? 0 : size() / rows;
        if (dims.length == 1) cols = 1;
        HeapBudget.require(4L * rows * cols, "the " + rows + " x " + cols + " float matrix of " + source, maxHeap);
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
