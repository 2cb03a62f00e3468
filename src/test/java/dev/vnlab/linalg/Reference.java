package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Shared test helpers: matrices under test (plain, views and wrapped sub-arrays with guarded
 * surroundings), random fills, naive double-precision references that do not use any vnlab code,
 * tolerance assertions, and a thin dispatch from a {@link Prec} to the float or double facade
 * method.
 *
 * <p>References are computed with error-free transformations (exact products through
 * {@link Math#fma}, compensated summation), so their own error is negligible and the tolerances
 * below measure only the code under test. Every tolerance is relative to the magnitude of the
 * terms that were summed ({@code sum |alpha a b| + |beta c|}), times the number of roundings a
 * correct implementation may make, never an absolute constant that could hide an error.
 */
public final class Reference {
    private Reference() {}

    /** Awkward sizes: around tile widths (4, 6, 8, 16, 32), vector lengths and odd primes. */
    public static final int[] SIZES = {1, 2, 3, 5, 7, 13, 16, 17, 31, 32, 33, 47, 61, 64, 67};
    /** Vector lengths: empty, single, around 16/64-lane tails, and long ones with odd tails. */
    public static final int[] LENGTHS = {0, 1, 15, 16, 17, 63, 64, 65, 1000, 4099};

    // ================================================================ precision

    /** The precision a test runs in; values are always carried as doubles exactly representable in it. */
    public enum Prec {
        FLOAT(0x1p-23, 1e-6), DOUBLE(0x1p-52, 1e-14);

        /** Twice the unit roundoff: the allowance per rounding step (a factor-2 safety margin). */
        public final double eps;
        /** Relative allowance for approximated transcendental functions (a few ulps). */
        public final double approx;

        Prec(double eps, double approx) {
            this.eps = eps;
            this.approx = approx;
        }

        /** v rounded to this precision. */
        public double round(double v) { return this == FLOAT ? (double) (float) v : v; }

        /** The smallest positive normal number: an absolute floor where results are near zero. */
        public double minNormal() { return this == FLOAT ? Float.MIN_NORMAL : Double.MIN_NORMAL; }

        /** Allowed relative error for a sum of {@code terms} products plus a few final roundings. */
        public double sumTol(int terms) { return (terms + 8) * eps; }
    }

    // ================================================================ kernels

    /** The kernel sets to test in this JVM: scalar always, SIMD when the module is present. */
    public static List<Kernels> kernelSets() {
        List<Kernels> out = new ArrayList<>();
        KernelProvider.simd().ifPresent(out::add);
        out.add(KernelProvider.scalar());
        return out;
    }

    // ================================================================ matrices under test

    /** How a matrix under test is laid out in its backing array. */
    public enum Layout {
        /** A new contiguous matrix: offset 0, stride = cols. */
        PLAIN,
        /** {@code parent.view(r0, c0, rows, cols)} of a larger matrix: offset > 0, stride > cols. */
        VIEW,
        /** {@code wrap(data, offset, rows, cols, stride)} of a bigger array with guard elements before and after. */
        WRAPPED
    }

    /**
     * A float or double matrix under test with a known layout in its backing array. Elements are
     * read and written with indices computed here, not through the matrix's own accessors, and
     * the whole backing array can be snapshotted to check that nothing outside the matrix (or
     * nothing at all, for inputs) was written.
     */
    public static final class Mat {
        public final Prec prec;
        public final int rows;
        public final int cols;
        public final Layout layout;
        /** The matrix under test when {@link #prec} is FLOAT, else null. */
        public final FloatMatrix f;
        /** The matrix under test when {@link #prec} is DOUBLE, else null. */
        public final DoubleMatrix d;
        private final float[] fdata;
        private final double[] ddata;
        private final int offset;
        private final int stride;
        private Object snapshot;

        private Mat(Prec prec, Layout layout, int rows, int cols, FloatMatrix f, DoubleMatrix d,
                    float[] fdata, double[] ddata, int offset, int stride) {
            this.prec = prec;
            this.layout = layout;
            this.rows = rows;
            this.cols = cols;
            this.f = f;
            this.d = d;
            this.fdata = fdata;
            this.ddata = ddata;
            this.offset = offset;
            this.stride = stride;
            // The layout we built must be the layout the matrix reports.
            if (f != null) {
                assertThat(new int[] {f.rows(), f.cols(), f.offset(), f.stride()}).as("layout of %s", this)
                        .containsExactly(rows, cols, offset, stride);
                assertThat(f.data()).isSameAs(fdata);
            } else {
                assertThat(new int[] {d.rows(), d.cols(), d.offset(), d.stride()}).as("layout of %s", this)
                        .containsExactly(rows, cols, offset, stride);
                assertThat(d.data()).isSameAs(ddata);
            }
        }

        private int idx(int i, int j) { return offset + i * stride + j; }

        public double get(int i, int j) { return fdata != null ? fdata[idx(i, j)] : ddata[idx(i, j)]; }

        /** Stores v, which must be representable in this precision. */
        public void set(int i, int j, double v) {
            if (fdata != null) fdata[idx(i, j)] = (float) v; else ddata[idx(i, j)] = v;
        }

        public double[][] values() {
            double[][] v = new double[rows][cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) v[i][j] = get(i, j);
            return v;
        }

        /** The elements row after row, for bit-for-bit comparisons. */
        public double[] flat() {
            double[] v = new double[rows * cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) v[i * cols + j] = get(i, j);
            return v;
        }

        /** Sets every element from a {@code double[rows][cols]}; values are rounded to the precision. */
        public Mat setAll(double[][] v) {
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) set(i, j, prec.round(v[i][j]));
            return this;
        }

        public Mat fill(double v) {
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) set(i, j, v);
            return this;
        }

        /** Uniform values in [lo, hi), rounded to the precision. */
        public Mat random(Random rnd, double lo, double hi) {
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) set(i, j, prec.round(lo + (hi - lo) * rnd.nextDouble()));
            return this;
        }

        /** Remembers the whole backing array, guard elements included. */
        public Mat snapshot() {
            snapshot = fdata != null ? fdata.clone() : ddata.clone();
            return this;
        }

        /** Asserts that no element of the backing array changed since {@link #snapshot()} (for inputs). */
        public void assertUnchanged(String what) {
            assertNoChange(what, false);
        }

        /** Asserts that no element of the backing array outside this matrix changed since {@link #snapshot()}. */
        public void assertOutsideUnchanged(String what) {
            assertNoChange(what, true);
        }

        private void assertNoChange(String what, boolean outsideOnly) {
            assertThat(snapshot).as("snapshot taken").isNotNull();
            int n = fdata != null ? fdata.length : ddata.length;
            List<String> bad = new ArrayList<>();
            for (int t = 0; t < n && bad.size() < 5; t++) {
                if (outsideOnly && inside(t)) continue;
                long now = fdata != null ? Float.floatToRawIntBits(fdata[t]) : Double.doubleToRawLongBits(ddata[t]);
                long was = fdata != null ? Float.floatToRawIntBits(((float[]) snapshot)[t]) : Double.doubleToRawLongBits(((double[]) snapshot)[t]);
                if (now != was) {
                    bad.add("array[" + t + "] was " + (fdata != null ? ((float[]) snapshot)[t] : ((double[]) snapshot)[t])
                            + " now " + (fdata != null ? fdata[t] : ddata[t]));
                }
            }
            assertThat(bad).as("%s: %s of %s must not be written", what, outsideOnly ? "elements outside" : "elements", this).isEmpty();
        }

        private boolean inside(int t) {
            int rel = t - offset;
            if (rel < 0 || rows == 0 || cols == 0) return false;
            int i = rel / stride, j = rel % stride;
            return i < rows && j < cols;
        }

        @Override public String toString() {
            return prec + " " + rows + "x" + cols + " " + layout + (layout == Layout.PLAIN ? "" : " (offset " + offset + ", stride " + stride + ")");
        }
    }

    /** A guard value for backing-array position t: finite, distinctive, never produced by the tests' arithmetic by chance. */
    private static double guard(int t) { return -9876.5 - (t % 7); }

    /**
     * A new {@code rows x cols} matrix of zeros in the given layout. Views and wrapped matrices
     * sit at a random offset with a random stride greater than {@code cols}; every other element
     * of their backing array holds a guard value. Take a {@link Mat#snapshot()} after filling.
     */
    public static Mat mat(Prec p, Layout layout, int rows, int cols, Random rnd) {
        switch (layout) {
            case PLAIN -> {
                if (p == Prec.FLOAT) {
                    FloatMatrix m = new FloatMatrix(rows, cols);
                    return new Mat(p, layout, rows, cols, m, null, m.data(), null, 0, cols);
                }
                DoubleMatrix m = new DoubleMatrix(rows, cols);
                return new Mat(p, layout, rows, cols, null, m, null, m.data(), 0, cols);
            }
            case VIEW -> {
                int r0 = 1 + rnd.nextInt(3), c0 = 1 + rnd.nextInt(4);
                int pr = r0 + rows + 1 + rnd.nextInt(2), pc = c0 + cols + 1 + rnd.nextInt(3);
                int off = r0 * pc + c0;
                if (p == Prec.FLOAT) {
                    FloatMatrix parent = new FloatMatrix(pr, pc);
                    float[] a = parent.data();
                    for (int t = 0; t < a.length; t++) a[t] = (float) guard(t);
                    Mat m = new Mat(p, layout, rows, cols, parent.view(r0, c0, rows, cols), null, a, null, off, pc);
                    return m.fill(0);
                }
                DoubleMatrix parent = new DoubleMatrix(pr, pc);
                double[] a = parent.data();
                for (int t = 0; t < a.length; t++) a[t] = guard(t);
                Mat m = new Mat(p, layout, rows, cols, null, parent.view(r0, c0, rows, cols), null, a, off, pc);
                return m.fill(0);
            }
            case WRAPPED -> {
                int off = 1 + rnd.nextInt(7), stride = cols + 1 + rnd.nextInt(4);
                int len = off + (rows == 0 ? 0 : (rows - 1) * stride + cols) + 1 + rnd.nextInt(5);
                if (p == Prec.FLOAT) {
                    float[] a = new float[len];
                    for (int t = 0; t < len; t++) a[t] = (float) guard(t);
                    return new Mat(p, layout, rows, cols, FloatMatrix.wrap(a, off, rows, cols, stride), null, a, null, off, stride).fill(0);
                }
                double[] a = new double[len];
                for (int t = 0; t < len; t++) a[t] = guard(t);
                return new Mat(p, layout, rows, cols, null, DoubleMatrix.wrap(a, off, rows, cols, stride), null, a, off, stride).fill(0);
            }
            default -> throw new AssertionError(layout);
        }
    }

    /** A matrix in the given layout filled with uniform values in [-1, 1), already snapshotted. */
    public static Mat randomMat(Prec p, Layout layout, int rows, int cols, Random rnd) {
        return mat(p, layout, rows, cols, rnd).random(rnd, -1, 1).snapshot();
    }

    // ================================================================ vectors

    /** Uniform values in [lo, hi), rounded to the precision. */
    public static double[] randomVector(Prec p, int n, Random rnd, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = p.round(lo + (hi - lo) * rnd.nextDouble());
        return v;
    }

    public static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    public static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    // ================================================================ naive references

    /** A reference result and, per element, the magnitude its error is measured against. */
    public record Expect(double[][] value, double[][] bound) {}

    /**
     * An accurate {@code sum x_i y_i} (exact products via fma, Neumaier-compensated sum) and
     * {@code sum |x_i y_i|}: {@code {value, magnitude}}.
     */
    public static double[] accurateDot(double[] x, double[] y, int n) {
        double s = 0, comp = 0, mag = 0;
        for (int i = 0; i < n; i++) {
            double prod = x[i] * y[i];
            double err = Math.fma(x[i], y[i], -prod);
            double t = s + prod;
            comp += Math.abs(s) >= Math.abs(prod) ? (s - t) + prod : (prod - t) + s;
            comp += err;
            s = t;
            mag += Math.abs(prod);
        }
        return new double[] {s + comp, mag};
    }

    /** An accurate sum of the values and the sum of their magnitudes. */
    public static double[] accurateSum(double[] x) {
        double[] ones = new double[x.length];
        Arrays.fill(ones, 1.0);
        return accurateDot(x, ones, x.length);
    }

    /**
     * {@code alpha op(A) op(B) + beta C} for op(A) m x k and op(B) k x n given as stored arrays;
     * with {@code beta == 0} C is not read (it may hold NaN, or be null).
     */
    public static Expect gemm(boolean transA, boolean transB, int m, int n, int k,
                              double alpha, double[][] a, double[][] b, double beta, double[][] c) {
        double[][] v = new double[m][n], bound = new double[m][n];
        double[] arow = new double[k], bcol = new double[k];
        for (int i = 0; i < m; i++) {
            for (int q = 0; q < k; q++) arow[q] = transA ? a[q][i] : a[i][q];
            for (int j = 0; j < n; j++) {
                for (int q = 0; q < k; q++) bcol[q] = transB ? b[j][q] : b[q][j];
                double[] dm = accurateDot(arow, bcol, k);
                double cij = beta == 0 ? 0 : beta * c[i][j];
                v[i][j] = alpha * dm[0] + cij;
                bound[i][j] = Math.abs(alpha) * dm[1] + Math.abs(cij);
            }
        }
        return new Expect(v, bound);
    }

    /** {@code alpha op(A) x + beta y} as an m x 1 result; op(A) is m x n. */
    public static Expect gemv(boolean transA, int m, int n, double alpha, double[][] a, double[] x, double beta, double[] y) {
        double[][] xc = new double[n][1], yc = new double[m][1];
        for (int i = 0; i < n; i++) xc[i][0] = x[i];
        for (int i = 0; i < m; i++) yc[i][0] = y[i];
        return gemm(transA, false, m, 1, n, alpha, a, xc, beta, yc);
    }

    /** The element function of each {@link UnaryOp}, written from its documentation, in double. */
    public static double unary(UnaryOp op, double p, double x) {
        return switch (op) {
            case SCALE -> p * x;
            case ADD_SCALAR -> x + p;
            case SQUARE -> x * x;
            case ABS -> Math.copySign(x, 1.0);
            case SQRT -> Math.sqrt(x);
            case EXP -> Math.exp(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case ERF -> erfBySimpson(p * x);
            case GAUSSIAN -> Math.exp(-p * x * x);
            case RELU -> x > 0 ? x : 0.0;
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case CLAMP -> x < -p ? -p : (x > p ? p : x);
            // exact in BigDecimal, rounded once, as documented (fma in the kernels)
            case ONE_MINUS_SQUARE -> java.math.BigDecimal.ONE.subtract(new java.math.BigDecimal(x).pow(2)).doubleValue();
            case LOGISTIC_SLOPE -> x == 0 ? x // IEEE: -0 - 0 is -0, which BigDecimal cannot say
                    : new java.math.BigDecimal(x).subtract(new java.math.BigDecimal(x).pow(2)).doubleValue();
            case STEP -> x > 0 ? 1 : 0;
            case LEAKY_STEP -> x > 0 ? 1 : p;
            case BOX -> Math.abs(x) < p ? 1 : 0;
        };
    }

    /** True for ops that SIMD kernels may approximate (a few ulps); the others must be exactly rounded. */
    public static boolean approximate(UnaryOp op) {
        return op == UnaryOp.EXP || op == UnaryOp.TANH || op == UnaryOp.SIGMOID || op == UnaryOp.ERF || op == UnaryOp.GAUSSIAN;
    }

    /**
     * erf(x) as (2/sqrt(pi)) times the integral of e^{-t^2} over [0, x] by composite Simpson on
     * 4000 and 2000 panels with one Richardson step (discretisation error below 1e-15 and rounding below 5e-15 for |x| <= 6; erf is 1 to
     * double precision beyond): a definition independent of the library's series and continued
     * fraction.
     */
    public static double erfBySimpson(double x) {
        if (Math.abs(x) > 6) return Math.signum(x);
        int n = 4000;
        double h = x / n, ends = 1 + Math.exp(-x * x), odd = 0, evenOnly = 0, evenShared = 0;
        for (int i = 1; i < n; i++) {
            double t = i * h, f = Math.exp(-t * t);
            if (i % 2 == 1) odd += f;
            else if (i % 4 == 2) evenOnly += f; // odd points of the coarse grid
            else evenShared += f;
        }
        double fine = (ends + 4 * odd + 2 * (evenOnly + evenShared)) * h / 3;
        double coarse = (ends + 4 * evenOnly + 2 * evenShared) * 2 * h / 3;
        return 2 / Math.sqrt(Math.PI) * (fine + (fine - coarse) / 15);
    }

    /** A representative parameter per op: slope 0.1 for leaky ReLU, bound 1 for clamp. */
    public static double paramFor(UnaryOp op) {
        return switch (op) {
            case SCALE -> -1.5;
            case ADD_SCALAR -> 0.25;
            case LEAKY_RELU -> 0.1;
            case CLAMP, BOX -> 1.0;
            case LEAKY_STEP -> 0.01;
            case ERF -> 0.886226925452758;
            case GAUSSIAN -> Math.PI / 4;
            default -> 0.0;
        };
    }

    /** The element function of each {@link BinaryOp}, in double. */
    public static double binary(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }

    // ================================================================ assertions

    /**
     * Asserts {@code |actual - expected| <= tol * bound} element-wise (NaN must match NaN,
     * infinities must be equal), listing the first mismatches.
     */
    public static void assertClose(String what, double[][] actual, Expect e, double tol) {
        int rows = e.value().length;
        assertThat(actual.length).as("%s: rows", what).isEqualTo(rows);
        List<String> bad = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < rows; i++) {
            assertThat(actual[i].length).as("%s: columns of row %d", what, i).isEqualTo(e.value()[i].length);
            for (int j = 0; j < actual[i].length; j++) {
                if (!close(actual[i][j], e.value()[i][j], tol * e.bound()[i][j])) {
                    if (count++ < 5) {
                        bad.add("(" + i + ", " + j + "): got " + actual[i][j] + ", expected " + e.value()[i][j]
                                + " +- " + tol * e.bound()[i][j]);
                    }
                }
            }
        }
        if (count > 5) bad.add("... " + count + " mismatches in all");
        assertThat(bad).as(what).isEmpty();
    }

    /** The vector form of {@link #assertClose(String, double[][], Expect, double)}. */
    public static void assertClose(String what, double[] actual, double[] expected, double[] bound, double tol) {
        assertClose(what, column(actual), new Expect(column(expected), column(bound)), tol);
    }

    /** {@code |actual - expected| <= max(rel * |expected|, abs)} element-wise, NaN matching NaN. */
    public static void assertRelClose(String what, double[] actual, double[] expected, double rel, double abs) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        double[] bound = new double[expected.length];
        for (int i = 0; i < bound.length; i++) bound[i] = Math.max(Math.abs(expected[i]) * rel, abs);
        assertClose(what, actual, expected, bound, 1.0);
    }

    private static boolean close(double a, double e, double allowed) {
        if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
        if (Double.isInfinite(e) || Double.isInfinite(a)) return a == e;
        return Math.abs(a - e) <= allowed;
    }

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) c[i][0] = v[i];
        return c;
    }

    /** Exact equality of values, distinguishing -0.0 from 0.0 and treating all NaNs as equal. */
    public static void assertSameValues(String what, double[] actual, double[] expected) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        List<String> bad = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.doubleToLongBits(actual[i]) != Double.doubleToLongBits(expected[i]) && count++ < 5) {
                bad.add("[" + i + "]: got " + actual[i] + ", expected " + expected[i]);
            }
        }
        if (count > 5) bad.add("... " + count + " mismatches in all");
        assertThat(bad).as(what).isEmpty();
    }

    /** Bit-for-bit equality of two float arrays (raw bits: even NaN payloads must agree). */
    public static void assertBitsEqual(String what, float[] actual, float[] expected) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        int first = -1, count = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                if (first < 0) first = i;
                count++;
            }
        }
        assertThat(count).as("%s: %d elements differ in their bits, first at [%d]: %s vs %s", what, count, first,
                first < 0 ? "" : actual[first], first < 0 ? "" : expected[first]).isZero();
    }

    /** Bit-for-bit equality of two double arrays. */
    public static void assertBitsEqual(String what, double[] actual, double[] expected) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        int first = -1, count = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.doubleToRawLongBits(actual[i]) != Double.doubleToRawLongBits(expected[i])) {
                if (first < 0) first = i;
                count++;
            }
        }
        assertThat(count).as("%s: %d elements differ in their bits, first at [%d]: %s vs %s", what, count, first,
                first < 0 ? "" : actual[first], first < 0 ? "" : expected[first]).isZero();
    }

    // ================================================================ dispatch to the facade

    /** Calls the float or double facade method matching the matrices' precision. */
    public static final class Call {
        private Call() {}

        public static void gemm(Blas blas, Transpose ta, Transpose tb, double alpha, Mat a, Mat b, double beta, Mat c) {
            if (c.prec == Prec.FLOAT) blas.gemm(ta, tb, (float) alpha, a.f, b.f, (float) beta, c.f);
            else blas.gemm(ta, tb, alpha, a.d, b.d, beta, c.d);
        }

        public static void syrk(Blas blas, double alpha, Mat a, double beta, Mat c) {
            if (c.prec == Prec.FLOAT) blas.syrk((float) alpha, a.f, (float) beta, c.f);
            else blas.syrk(alpha, a.d, beta, c.d);
        }

        /** y is modified in place (as a double[] view of the float or double result). */
        public static double[] gemv(Blas blas, Transpose ta, double alpha, Mat a, double[] x, double beta, double[] y) {
            if (a.prec == Prec.FLOAT) {
                float[] yf = toFloat(y);
                blas.gemv(ta, (float) alpha, a.f, toFloat(x), (float) beta, yf);
                return toDouble(yf);
            }
            double[] yd = y.clone();
            blas.gemv(ta, alpha, a.d, x.clone(), beta, yd);
            return yd;
        }

        public static void map(Blas blas, UnaryOp op, double p, Mat x, Mat y) {
            if (x.prec == Prec.FLOAT) blas.map(op, (float) p, x.f, y.f);
            else blas.map(op, p, x.d, y.d);
        }

        public static void zip(Blas blas, BinaryOp op, Mat x, Mat y, Mat z) {
            if (x.prec == Prec.FLOAT) blas.zip(op, x.f, y.f, z.f);
            else blas.zip(op, x.d, y.d, z.d);
        }

        public static void axpy(Blas blas, double alpha, Mat x, Mat y) {
            if (x.prec == Prec.FLOAT) blas.axpy((float) alpha, x.f, y.f);
            else blas.axpy(alpha, x.d, y.d);
        }

        public static void scale(Blas blas, double alpha, Mat x) {
            if (x.prec == Prec.FLOAT) blas.scale((float) alpha, x.f);
            else blas.scale(alpha, x.d);
        }

        public static double[] rowSums(Blas blas, Mat a) {
            return a.prec == Prec.FLOAT ? blas.rowSums(a.f) : blas.rowSums(a.d);
        }

        public static double[] colSums(Blas blas, Mat a) {
            return a.prec == Prec.FLOAT ? blas.colSums(a.f) : blas.colSums(a.d);
        }

        public static double frobeniusNorm(Blas blas, Mat a) {
            return a.prec == Prec.FLOAT ? blas.frobeniusNorm(a.f) : blas.frobeniusNorm(a.d);
        }

        /** The element-wise function on a vector: a new result array (x unchanged unless inPlace). */
        public static double[] map(Blas blas, UnaryOp op, double p, Prec prec, double[] x, boolean inPlace) {
            if (prec == Prec.FLOAT) {
                float[] xf = toFloat(x), yf = inPlace ? xf : new float[x.length];
                blas.map(op, (float) p, xf, yf);
                return toDouble(yf);
            }
            double[] xd = x.clone(), yd = inPlace ? xd : new double[x.length];
            blas.map(op, p, xd, yd);
            return yd;
        }

        /** {@code y + alpha x} through the vector axpy: a new result array. */
        public static double[] axpy(Blas blas, double alpha, Prec prec, double[] x, double[] y) {
            if (prec == Prec.FLOAT) {
                float[] yf = toFloat(y);
                blas.axpy((float) alpha, toFloat(x), yf);
                return toDouble(yf);
            }
            double[] yd = y.clone();
            blas.axpy(alpha, x.clone(), yd);
            return yd;
        }

        public static double dot(Blas blas, Prec prec, double[] x, double[] y) {
            return prec == Prec.FLOAT ? blas.dot(toFloat(x), toFloat(y)) : blas.dot(x.clone(), y.clone());
        }

        /** {@code alpha x} through the vector scale: a new result array. */
        public static double[] scale(Blas blas, double alpha, Prec prec, double[] x) {
            if (prec == Prec.FLOAT) {
                float[] xf = toFloat(x);
                blas.scale((float) alpha, xf);
                return toDouble(xf);
            }
            double[] xd = x.clone();
            blas.scale(alpha, xd);
            return xd;
        }
    }

    /** max |Q^T Q - I| for Q with orthonormal columns. */
    public static double orthogonalityError(double[][] q) {
        int m = q.length, k = q[0].length;
        double err = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += q[i][a] * q[i][b];
                err = Math.max(err, Math.abs(s - (a == b ? 1 : 0)));
            }
        }
        return err;
    }
}
