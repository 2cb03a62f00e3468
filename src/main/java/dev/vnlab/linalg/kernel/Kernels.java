package dev.vnlab.linalg.kernel;


/**
 * The innermost loops of vnlab's linear algebra, in float32 and float64. Two implementations
 * exist: {@link ScalarKernels}, plain Java that runs everywhere, and the Vector API one in
 * {@code linalg.kernel.simd}; {@link KernelProvider} picks one at start-up.
 *
 * <p>Kernels trust their arguments: offsets and lengths are valid, arrays do not overlap unless
 * stated. Shapes are checked once, by the facade ({@code dev.vnlab.linalg.Blas}).
 *
 * <p>GEMM is split the GotoBLAS/BLIS way: the facade packs panels of A and B and calls
 * {@code gemmTile} once per register tile. A packed A panel holds, for each k, the
 * {@code gemmTileRows} values of one column; a packed B panel holds, for each k, the
 * {@code gemmTileCols} values of one row. Panels may be packed with a shift per column
 * subtracted, so the Gram matrix of centred columns needs no centred copy. Summation over k is
 * always in increasing k, one fused multiply-add or multiply-then-add per step, so a tile's
 * result does not depend on where the tile lies or which thread computes it.
 */
public interface Kernels {

    /** A short name for logs and {@code vnlab info}: "simd" or "scalar". */
    String name();

    /** Human-readable details, e.g. vector species and lane counts. */
    String describe();

    // ---------------------------------------------------------------- float32

    /** Sum of {@code x[i] * y[i]}, accumulated in float lanes and combined in double. */
    double dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] += alpha * x[i]}; modifies y. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** Sum of {@code x[i]}, accumulated as {@link #dot} does. */
    double sum(int n, float[] x, int xOff);

    /** {@code y[i] += x[i]} in double: the float x widened exactly, one rounding per element; modifies y. */
    void addWidened(int n, float[] x, int xOff, double[] y, int yOff);

    /** Sum of {@code x[i]^2}, accumulated as {@link #dot} does. */
    double sumSquares(int n, float[] x, int xOff);

    /** {@code y[i] = op(x[i]; p)}; x and y may be the same range. */
    void map(UnaryOp op, float p, int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code z[i] = x[i] op y[i]}; z may coincide with x or y. */
    void zip(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

    /** Rows of the float GEMM register tile (the packed A panel's width). */
    int gemmTileRowsFloat();

    /** Columns of the float GEMM register tile (the packed B panel's width). */
    int gemmTileColsFloat();

    /**
     * {@code C[0:MR, 0:NR] += alpha * Ap * Bp} for one full register tile, where Ap is MR x kc
     * and Bp is kc x NR, both packed (see class comment). Ap's k-steps lie {@code apStride}
     * apart: MR in a packed A panel, NR when Ap is MR columns inside a packed B panel (a SYRK,
     * whose A is B transposed). C is row-major with row stride ldc.
     */
    void gemmTile(int kc, float[] ap, int apOff, int apStride, float[] bp, int bpOff,
                  float alpha, float[] c, int cOff, int ldc);

    /**
     * Packs whole GEMM panels from storage in which a panel's k-rows are contiguous (B as it
     * is, A transposed): for each panel p &lt; panels and k-step q &lt; kc, copies the {@code width}
     * values at {@code src[s + q*ld + p*width]} to {@code dst[d + (p*kc + q)*width]}; when shift
     * is not null, value j of that run minus {@code shift[so + p*width + j]} (one rounding).
     * Reads src in memory order, row by row across all panels. Modifies dst only.
     */
    void packPanelRows(int kc, int panels, int width, float[] src, int s, int ld, float[] shift, int so, float[] dst, int d);

    /**
     * Packs one whole GEMM panel from storage holding its transpose (B transposed, A as it is):
     * {@code dst[d + q*width + j] = src[s + j*ld + q]} for j &lt; width, q &lt; kc. Modifies dst only.
     */
    void packPanelColumns(int kc, int width, float[] src, int s, int ld, float[] dst, int d);

    /**
     * Fills {@code out[off, off+n)} with uniforms in (lo, hi) from the 8-lane xoshiro256**
     * {@code state}, which is advanced; the bit-exact layout is {@link RandomLanes}'s.
     */
    void fillUniform(long[] state, float[] out, int off, int n, float lo, float hi);

    /** Fills with {@code mean + sd * z}, z standard Gaussian by Box-Muller (layout: {@link RandomLanes}). */
    void fillGaussian(long[] state, float[] out, int off, int n, float mean, float sd);

    // ---------------------------------------------------------------- float64

    /** Sum of {@code x[i] * y[i]}. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** {@code y[i] += alpha * x[i]}; modifies y. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /**
     * One pass over a: {@code y[i] += alpha * a[i]} and returns the sum of {@code a[i] * x[i]}
     * (summed as {@link #dot(int, double[], int, double[], int)} does); modifies y, which must
     * not overlap a or x. The row step of a symmetric matrix-vector product.
     */
    double dotAxpy(int n, double alpha, double[] a, int aOff, double[] x, int xOff, double[] y, int yOff);

    /**
     * {@link #dotAxpy} for four rows at once, sharing the loads and stores of x and y: rows r =
     * 0..3 of a start at {@code aOff + r * lda}; {@code dots[r] = sum_i a_r[i] x[i]} and
     * {@code y[i] += sum_r alpha[r] a_r[i]} (added in r order), with alpha and dots the four
     * elements from {@code alphaOff} and {@code dotsOff}, which may lie in y's array outside its n.
     * Modifies y and dots.
     */
    void dotAxpy4(int n, double[] a, int aOff, int lda, double[] x, int xOff, double[] alpha, int alphaOff, double[] y, int yOff,
            double[] dots, int dotsOff);

    /**
     * Plane rotation of two ranges: {@code (x[i], y[i]) := (c x[i] - s y[i], s x[i] + c y[i])},
     * each as two products and one sum; modifies x and y, which must not overlap.
     */
    void rot(int n, double c, double s, double[] x, int xOff, double[] y, int yOff);

    /** Sum of {@code x[i]}. */
    double sum(int n, double[] x, int xOff);

    /** Sum of {@code x[i]^2}. */
    double sumSquares(int n, double[] x, int xOff);

    /** {@code y[i] = op(x[i]; p)}; x and y may be the same range. */
    void map(UnaryOp op, double p, int n, double[] x, int xOff, double[] y, int yOff);

    /** {@code z[i] = x[i] op y[i]}; z may coincide with x or y. */
    void zip(BinaryOp op, int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);

    /** Rows of the double GEMM register tile. */
    int gemmTileRowsDouble();

    /** Columns of the double GEMM register tile. */
    int gemmTileColsDouble();

    /** The float64 {@link #packPanelRows(int, int, int, float[], int, int, float[], int, float[], int)}. */
    void packPanelRows(int kc, int panels, int width, double[] src, int s, int ld, double[] shift, int so, double[] dst, int d);

    /** The float64 {@link #packPanelColumns(int, int, float[], int, int, float[], int)}. */
    void packPanelColumns(int kc, int width, double[] src, int s, int ld, double[] dst, int d);

    /** The float64 {@link #fillUniform(long[], float[], int, int, float, float)}. */
    void fillUniform(long[] state, double[] out, int off, int n, double lo, double hi);

    /** The float64 {@link #fillGaussian(long[], float[], int, int, float, float)}. */
    void fillGaussian(long[] state, double[] out, int off, int n, double mean, double sd);

    /** The float64 twin of {@link #gemmTile(int, float[], int, int, float[], int, float, float[], int, int)}. */
    void gemmTile(int kc, double[] ap, int apOff, int apStride, double[] bp, int bpOff,
                  double alpha, double[] c, int cOff, int ldc);
}
