package dev.vnlab.linalg;

/** Shape checks with messages that name both shapes: done once, in the facade and constructors. */
final class Shapes {
    private Shapes() {}

    static String shape(int rows, int cols) { return rows + "x" + cols; }

    static void checkDims(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape " + shape(rows, cols) + " is invalid; expected non-negative rows and columns");
        }
    }

    /** Java arrays hold at most this many elements (a little under 2^31 - 1 on HotSpot). */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The elements of a new {@code rows x cols} matrix: one array holds them all.
     *
     * @throws IllegalArgumentException if a dimension is negative or there are more than one array can hold
     */
    static int elements(int rows, int cols) {
        checkDims(rows, cols);
        long n = (long) rows * cols;
        if (n > MAX_ELEMENTS) {
            throw new IllegalArgumentException("a " + shape(rows, cols) + " matrix has " + n + " elements, more than one Java array holds ("
                    + MAX_ELEMENTS + "); expected smaller dimensions (a square matrix of at most " + (int) Math.sqrt(MAX_ELEMENTS) + " x "
                    + (int) Math.sqrt(MAX_ELEMENTS) + ")");
        }
        return (int) n;
    }

    static void checkStorage(int length, int offset, int rows, int cols, int stride) {
        checkDims(rows, cols);
        if (offset < 0) throw new IllegalArgumentException("offset " + offset + " is negative; expected at least 0");
        if (stride < cols) {
            throw new IllegalArgumentException("row stride " + stride + " is less than the " + cols + " columns of a " + shape(rows, cols) + " matrix");
        }
        long last = rows == 0 || cols == 0 ? offset : (long) offset + (long) (rows - 1) * stride + cols;
        if (last > length) {
            throw new IllegalArgumentException("a " + shape(rows, cols) + " matrix at offset " + offset + " with row stride " + stride
                    + " needs " + last + " array elements but the array has " + length);
        }
    }

    static void checkView(int rows, int cols, int r0, int c0, int vr, int vc) {
        if (r0 < 0 || c0 < 0 || vr < 0 || vc < 0 || r0 + vr > rows || c0 + vc > cols) {
            throw new IllegalArgumentException("view of " + shape(vr, vc) + " at (" + r0 + ", " + c0 + ") does not fit inside a "
                    + shape(rows, cols) + " matrix");
        }
    }

    static void checkSame(String what, int r1, int c1, int r2, int c2) {
        if (r1 != r2 || c1 != c2) {
            throw new IllegalArgumentException(what + ": shapes " + shape(r1, c1) + " and " + shape(r2, c2) + " differ; expected equal shapes");
        }
    }

    static void checkLength(String what, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has length " + actual + "; expected " + expected);
        }
    }

    static void checkIndex(int i, int j, int rows, int cols) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("index (" + i + ", " + j + ") is outside a " + shape(rows, cols) + " matrix");
        }
    }
}
