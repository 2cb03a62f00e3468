package dev.vnlab.data;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.Rng;

/**
 * A fixed sequence of input rows read a block at a time, so that statistics over many inputs
 * (60,000 MNIST images, or as many generated points) never hold them all as floats. Reading the
 * same rows twice gives the same numbers, whatever the block sizes.
 */
public interface RowSource {
    /** The number of rows. */
    long rows();

    /** The width of a row. */
    int columns();

    /**
     * Writes rows {@code [start, start + dst.rows())} into {@code dst} (k x columns). Modifies dst.
     *
     * @throws IllegalArgumentException if dst has the wrong width or the range is outside [0, rows)
     */
    void read(long start, FloatMatrix dst);

    /**
     * The first {@code rows} rows of this source (reads pass through).
     *
     * @throws IllegalArgumentException if rows is negative or more than this source has
     */
    default RowSource head(long rows) {
        if (rows < 0 || rows > rows()) {
            throw new IllegalArgumentException(rows + " rows requested of a source of " + rows() + "; expected 0 to " + rows());
        }
        RowSource all = this;
        return new RowSource() {
            @Override public long rows() { return rows; }
            @Override public int columns() { return all.columns(); }
            @Override public void read(long start, FloatMatrix dst) {
                checkRead(this, start, dst);
                all.read(start, dst);
            }
        };
    }

    /** Checks a {@link #read} request against a source's shape (for implementations). */
    static void checkRead(RowSource s, long start, FloatMatrix dst) {
        if (dst.cols() != s.columns()) {
            throw new IllegalArgumentException("destination is " + dst.rows() + "x" + dst.cols() + "; expected " + s.columns() + " columns");
        }
        if (start < 0 || start + dst.rows() > s.rows()) {
            throw new IllegalArgumentException("rows " + start + " to " + (start + dst.rows()) + " are outside the source's " + s.rows() + " rows");
        }
    }

    /** The rows of a matrix (not copied; later changes to it show). */
    static RowSource of(FloatMatrix m) {
        return new RowSource() {
            @Override public long rows() { return m.rows(); }
            @Override public int columns() { return m.cols(); }
            @Override public void read(long start, FloatMatrix dst) {
                checkRead(this, start, dst);
                dst.copyFrom(m.view((int) start, 0, dst.rows(), m.cols()));
            }
        };
    }

    /**
     * The images of an IDX array (one row per entry of its first dimension), each element times
     * {@code scale} in double and rounded once, as {@link IdxArray#toMatrix} does: MNIST's
     * 60,000 images stay 47 MB of bytes instead of 188 MB of floats.
     */
    static RowSource of(IdxArray a, double scale) {
        int[] dims = a.dims();
        int n = dims[0], width = n == 0 ? 0 : a.size() / n;
        return new RowSource() {
            @Override public long rows() { return n; }
            @Override public int columns() { return width; }
            @Override public void read(long start, FloatMatrix dst) {
                checkRead(this, start, dst);
                for (int r = 0; r < dst.rows(); r++) {
                    int base = (int) (start + r) * width;
                    for (int j = 0; j < width; j++) dst.set(r, j, (float) (a.get(base + j) * scale));
                }
            }
        };
    }

    /**
     * {@code rows} i.i.d. N(0, variance) points of width {@code columns}; row i is drawn from
     * {@code rng.child(i)}, so any block of rows is the same whoever reads it and in what order;
     * rows are drawn with {@code blas}'s kernels, on its workers.
     *
     * @throws IllegalArgumentException if a size is negative or the variance negative or not finite
     */
    static RowSource gaussian(Rng rng, long rows, int columns, double variance, Blas blas) {
        if (rows < 0 || columns < 1) throw new IllegalArgumentException("a source of " + rows + " rows of width " + columns + " is invalid; expected rows >= 0 and width >= 1");
        if (!(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance " + variance + " is invalid; expected a finite value >= 0");
        }
        float sd = (float) Math.sqrt(variance);
        return new RowSource() {
            @Override public long rows() { return rows; }
            @Override public int columns() { return columns; }
            @Override public void read(long start, FloatMatrix dst) {
                checkRead(this, start, dst);
                for (int r = 0; r < dst.rows(); r++) {
                    rng.child(start + r).fillGaussian(dst.data(), dst.index(r, 0), columns, 0f, sd, blas);
                }
            }
        };
    }
}
