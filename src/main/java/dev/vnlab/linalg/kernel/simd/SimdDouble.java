package dev.vnlab.linalg.kernel.simd;

import dev.vnlab.linalg.BinaryOp;
import dev.vnlab.linalg.UnaryOp;
import dev.vnlab.linalg.kernel.ScalarOps;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** float64 kernels on the machine's preferred vector species. */
final class SimdDouble {
    private SimdDouble() {}

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** GEMM register tile: 6 rows x 2 vectors, 12 accumulators (BLIS's Haswell shape, widened). */
    static final int MR = 6;
    static final int NR = 2 * L;
    /** Rotations by L/2, L/4, ..., 1 lanes: the steps of {@link #sumLanes}. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Double>[] HALVES = new VectorShuffle[Integer.numberOfTrailingZeros(L)];
    static {
        for (int i = 0, h = L / 2; h >= 1; i++, h /= 2) HALVES[i] = VectorShuffle.iota(S, h, 1, true);
    }

    /**
     * Sum of the lanes, pairwise by halves: a fixed order, so the same bits whether or not C2
     * has compiled the caller ({@code reduceLanes(ADD)} leaves its order open, and the
     * interpreter and the intrinsic differ).
     */
    static double sumLanes(DoubleVector v) {
        for (VectorShuffle<Double> rot : HALVES) v = v.add(v.rearrange(rot));
        return v.lane(0);
    }

    static double dot(int n, double[] x, int xo, double[] y, int yo) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), s0);
            s1 = DoubleVector.fromArray(S, x, xo + i + L).fma(DoubleVector.fromArray(S, y, yo + i + L), s1);
            s2 = DoubleVector.fromArray(S, x, xo + i + 2 * L).fma(DoubleVector.fromArray(S, y, yo + i + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, x, xo + i + 3 * L).fma(DoubleVector.fromArray(S, y, yo + i + 3 * L), s3);
        }
        for (; i + L <= n; i += L) {
            s0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), s0);
        }
        double total = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) total += x[xo + i] * y[yo + i];
        return total;
    }

    static double sumSquares(int n, double[] x, int xo) {
        return dot(n, x, xo, x, xo);
    }

    static double sum(int n, double[] x, int xo) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = s0.add(DoubleVector.fromArray(S, x, xo + i));
            s1 = s1.add(DoubleVector.fromArray(S, x, xo + i + L));
        }
        double total = sumLanes(s0.add(s1));
        for (; i < n; i++) total += x[xo + i];
        return total;
    }

    static void axpy(int n, double alpha, double[] x, int xo, double[] y, int yo) {
        DoubleVector a = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xo + i).fma(a, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }

    static void map(UnaryOp op, double p, int n, double[] x, int xo, double[] y, int yo) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case SCALE -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).mul(p).intoArray(y, yo + i); }
            case ADD_SCALAR -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).add(p).intoArray(y, yo + i); }
            case SQUARE -> { for (; i < bound; i += L) { DoubleVector v = DoubleVector.fromArray(S, x, xo + i); v.mul(v).intoArray(y, yo + i); } }
            case ABS -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i); }
            case SQRT -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i); }
            // float64 transcendentals stay scalar (StrictMath): lanewise EXP/TANH is SVML when
            // compiled and per-lane Math when not, so its bits would depend on JIT state.
            case EXP, TANH, SIGMOID -> { }
            case RELU -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).max(0.0).intoArray(y, yo + i); }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
                    VectorMask<Double> neg = v.compare(VectorOperators.LE, 0.0);
                    v.blend(v.mul(p), neg).intoArray(y, yo + i);
                }
            }
            case CLAMP -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).max(-p).min(p).intoArray(y, yo + i); }
        }
        for (; i < n; i++) y[yo + i] = ScalarOps.apply(op, p, x[xo + i]);
    }

    static void zip(BinaryOp op, int n, double[] x, int xo, double[] y, int yo, double[] z, int zo) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).add(DoubleVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case SUB -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).sub(DoubleVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case MUL -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).mul(DoubleVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case DIV -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).div(DoubleVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case MAX -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).max(DoubleVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case MIN -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).min(DoubleVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
        }
        for (; i < n; i++) z[zo + i] = ScalarOps.apply(op, x[xo + i], y[yo + i]);
    }

    /** C[0:6, 0:2L] += alpha * Ap * Bp; the accumulators stay in registers for the whole k loop. */
    static void gemmTile(int kc, double[] ap, int ao, double[] bp, int bo, double alpha, double[] c, int co, int ldc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        DoubleVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector a = DoubleVector.broadcast(S, ap[ao]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            ao += MR;
            bo += NR;
        }
        // C += alpha * acc as multiply-then-add, the same two roundings as the facade's edge path.
        int r = co;
        c00.mul(alpha).add(DoubleVector.fromArray(S, c, r)).intoArray(c, r);
        c01.mul(alpha).add(DoubleVector.fromArray(S, c, r + L)).intoArray(c, r + L);
        r += ldc;
        c10.mul(alpha).add(DoubleVector.fromArray(S, c, r)).intoArray(c, r);
        c11.mul(alpha).add(DoubleVector.fromArray(S, c, r + L)).intoArray(c, r + L);
        r += ldc;
        c20.mul(alpha).add(DoubleVector.fromArray(S, c, r)).intoArray(c, r);
        c21.mul(alpha).add(DoubleVector.fromArray(S, c, r + L)).intoArray(c, r + L);
        r += ldc;
        c30.mul(alpha).add(DoubleVector.fromArray(S, c, r)).intoArray(c, r);
        c31.mul(alpha).add(DoubleVector.fromArray(S, c, r + L)).intoArray(c, r + L);
        r += ldc;
        c40.mul(alpha).add(DoubleVector.fromArray(S, c, r)).intoArray(c, r);
        c41.mul(alpha).add(DoubleVector.fromArray(S, c, r + L)).intoArray(c, r + L);
        r += ldc;
        c50.mul(alpha).add(DoubleVector.fromArray(S, c, r)).intoArray(c, r);
        c51.mul(alpha).add(DoubleVector.fromArray(S, c, r + L)).intoArray(c, r + L);
    }
}
