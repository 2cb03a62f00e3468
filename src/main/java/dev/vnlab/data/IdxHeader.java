package dev.vnlab.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The validated header of an IDX file: its element type and dimensions, which declare the size
 * of the elements that follow. Read before anything of that size is allocated.
 *
 * @param type the element type
 * @param dims the dimensions, each at least 0 (not copied: treat as read-only)
 */
record IdxHeader(IdxArray.Type type, int[] dims) {
    /** Element counts saturate here (times 8 bytes still fits a long). */
    private static final long SIZE_CAP = Long.MAX_VALUE / 8;

    /**
     * Reads and checks a header: the magic number, the element type, the rank (1 to
     * {@link IdxArray#MAX_RANK}), each dimension, and the declared bytes against {@code maxBytes}
     * (and what an array can hold).
     *
     * @throws IdxFormatException naming {@code name} if the header is malformed, cut short, or over the limit
     */
    static IdxHeader read(DataInputStream in, String name, long maxBytes) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new IdxFormatException(name, "has " + head.length + " bytes; an IDX file starts with a 4-byte magic number");
        }
        int magic = ByteBuffer.wrap(head).getInt();
        if (head[0] != 0 || head[1] != 0) {
            throw new IdxFormatException(name, String.format("magic number 0x%08x is not IDX; expected 0x0000TTRR (type, rank)", magic));
        }
        IdxArray.Type type = IdxArray.Type.of(head[2] & 0xff);
        if (type == null) {
            throw new IdxFormatException(name, String.format("element type 0x%02x is unknown; expected one of 0x08 0x09 0x0b 0x0c 0x0d 0x0e", head[2] & 0xff));
        }
        int rank = head[3] & 0xff;
        if (rank < 1 || rank > IdxArray.MAX_RANK) {
            throw new IdxFormatException(name, "rank " + rank + " is invalid; expected 1 to " + IdxArray.MAX_RANK);
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxFormatException(name, "header is truncated: rank " + rank + " needs " + 4 * rank + " bytes of dimensions, found " + dimBytes.length);
        }
        int[] dims = new int[rank];
        ByteBuffer db = ByteBuffer.wrap(dimBytes);
        for (int i = 0; i < rank; i++) {
            dims[i] = db.getInt();
            if (dims[i] < 0) throw new IdxFormatException(name, "dimension " + i + " is " + dims[i] + "; expected a count of at least 0");
        }
        IdxHeader h = new IdxHeader(type, dims);
        long limit = Math.min(maxBytes, Integer.MAX_VALUE - 8);
        if (h.bytes() > limit) {
            throw new IdxFormatException(name, "header declares " + h.shape() + " " + type + " elements (" + h.bytes()
                    + " bytes), more than the limit of " + limit + " bytes");
        }
        return h;
    }

    /** The number of elements (saturating at a value far past any limit). */
    long elements() {
        long n = 1;
        for (int d : dims) {
            if (d == 0) return 0;
            n = n > SIZE_CAP / d ? SIZE_CAP : n * d;
        }
        return n;
    }

    /** The bytes of the elements. */
    long bytes() {
        return elements() * type.bytes;
    }

    /** The bytes of the header itself. */
    int length() {
        return 4 + 4 * dims.length;
    }

    /** The dimensions as "60000 x 28 x 28". */
    String shape() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) s.append(i == 0 ? "" : " x ").append(dims[i]);
        return s.toString();
    }

    /** Whether {@code other} declares the same type and dimensions. */
    boolean sameAs(IdxHeader other) {
        return type == other.type && Arrays.equals(dims, other.dims);
    }
}
