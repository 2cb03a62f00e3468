package dev.vnlab.linalg.kernel.simd;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
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
    /** GEMM register tile: MR rows x 2 vectors, MR = 4, 6 or 8 by register file ({@link TileShape}). */
    static final int MR = TileShape.ROWS;
    static final int NR = 2 * L;
    /**
     * Rotations by L/2, L/4, ..., 1 lanes, the steps of {@link #sumLanes}; null beyond this
     * species' width. Each a constant of its own: C2 compiles a rearrange by a constant shuffle to
     * one instruction, while shuffles read from an array (a loop over them) were left to the
     * library's Java fallback, which allocated on every call.
     */
    private static final VectorShuffle<Double> ROTATE_16 = L > 16 ? VectorShuffle.iota(S, 16, 1, true) : null;
    private static final VectorShuffle<Double> ROTATE_8 = L > 8 ? VectorShuffle.iota(S, 8, 1, true) : null;
    private static final VectorShuffle<Double> ROTATE_4 = L > 4 ? VectorShuffle.iota(S, 4, 1, true) : null;
    private static final VectorShuffle<Double> ROTATE_2 = L > 2 ? VectorShuffle.iota(S, 2, 1, true) : null;
    private static final VectorShuffle<Double> ROTATE_1 = L > 1 ? VectorShuffle.iota(S, 1, 1, true) : null;

    /**
     * Sum of the lanes, pairwise by halves: a fixed order, so the same bits whether or not C2
     * has compiled the caller ({@code reduceLanes(ADD)} leaves its order open, and the
     * interpreter and the intrinsic differ). The guards are constants, up to the widest shape (2048 bits).
     * Each step is a method of its own under C2's 35-byte limit for inlining at a call site it
     * deems cold, and so is this one: a kernel that called a larger sumLanes after its loop kept
     * the call, and boxed its accumulator to pass it.
     */
    static double sumLanes(DoubleVector v) {
        return fold1(fold2(fold4(fold8(fold16(v))))).lane(0);
    }

    private static DoubleVector fold16(DoubleVector v) { return L > 16 ? v.add(v.rearrange(ROTATE_16)) : v; }

    private static DoubleVector fold8(DoubleVector v) { return L > 8 ? v.add(v.rearrange(ROTATE_8)) : v; }

    private static DoubleVector fold4(DoubleVector v) { return L > 4 ? v.add(v.rearrange(ROTATE_4)) : v; }

    private static DoubleVector fold2(DoubleVector v) { return L > 2 ? v.add(v.rearrange(ROTATE_2)) : v; }

    private static DoubleVector fold1(DoubleVector v) { return L > 1 ? v.add(v.rearrange(ROTATE_1)) : v; }

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

    static double dotAxpy(int n, double alpha, double[] a, int ao, double[] x, int xo, double[] y, int yo) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        DoubleVector al = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, a, ao + i), a1 = DoubleVector.fromArray(S, a, ao + i + L);
            s0 = a0.fma(DoubleVector.fromArray(S, x, xo + i), s0);
            s1 = a1.fma(DoubleVector.fromArray(S, x, xo + i + L), s1);
            a0.fma(al, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
            a1.fma(al, DoubleVector.fromArray(S, y, yo + i + L)).intoArray(y, yo + i + L);
        }
        double total = sumLanes(s0.add(s1));
        for (; i < n; i++) {
            total += a[ao + i] * x[xo + i];
            y[yo + i] = Math.fma(alpha, a[ao + i], y[yo + i]);
        }
        return total;
    }

    static void rot(int n, double c, double s, double[] x, int xo, double[] y, int yo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector a = DoubleVector.fromArray(S, x, xo + i), b = DoubleVector.fromArray(S, y, yo + i);
            a.mul(c).sub(b.mul(s)).intoArray(x, xo + i);
            a.mul(s).add(b.mul(c)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            double a = x[xo + i], b = y[yo + i];
            x[xo + i] = c * a - s * b;
            y[yo + i] = s * a + c * b;
        }
    }

    static void dotAxpy4(int n, double[] a, int ao, int lda, double[] x, int xo, double[] alpha, int alo, double[] y, int yo, double[] dots, int dto) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        double x0 = alpha[alo], x1 = alpha[alo + 1], x2 = alpha[alo + 2], x3 = alpha[alo + 3];
        DoubleVector b0 = DoubleVector.broadcast(S, x0), b1 = DoubleVector.broadcast(S, x1);
        DoubleVector b2 = DoubleVector.broadcast(S, x2), b3 = DoubleVector.broadcast(S, x3);
        int a1o = ao + lda, a2o = ao + 2 * lda, a3o = ao + 3 * lda;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, xo + i);
            DoubleVector a0 = DoubleVector.fromArray(S, a, ao + i), a1 = DoubleVector.fromArray(S, a, a1o + i);
            DoubleVector a2 = DoubleVector.fromArray(S, a, a2o + i), a3 = DoubleVector.fromArray(S, a, a3o + i);
            s0 = a0.fma(xv, s0);
            s1 = a1.fma(xv, s1);
            s2 = a2.fma(xv, s2);
            s3 = a3.fma(xv, s3);
            a3.fma(b3, a2.fma(b2, a1.fma(b1, a0.fma(b0, DoubleVector.fromArray(S, y, yo + i))))).intoArray(y, yo + i);
        }
        double t0 = sumLanes(s0), t1 = sumLanes(s1), t2 = sumLanes(s2), t3 = sumLanes(s3);
        for (; i < n; i++) {
            double a0 = a[ao + i], a1 = a[a1o + i], a2 = a[a2o + i], a3 = a[a3o + i], xi = x[xo + i];
            t0 += a0 * xi;
            t1 += a1 * xi;
            t2 += a2 * xi;
            t3 += a3 * xi;
            y[yo + i] = Math.fma(x3, a3, Math.fma(x2, a2, Math.fma(x1, a1, Math.fma(x0, a0, y[yo + i]))));
        }
        dots[dto] = t0;
        dots[dto + 1] = t1;
        dots[dto + 2] = t2;
        dots[dto + 3] = t3;
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
            case EXP, TANH, SIGMOID, ERF, GAUSSIAN -> { }
            case RELU -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).max(0.0).intoArray(y, yo + i); }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
                    VectorMask<Double> neg = v.compare(VectorOperators.LE, 0.0);
                    v.blend(v.mul(p), neg).intoArray(y, yo + i);
                }
            }
            case CLAMP -> { for (; i < bound; i += L) DoubleVector.fromArray(S, x, xo + i).max(-p).min(p).intoArray(y, yo + i); }
            case ONE_MINUS_SQUARE -> {
                for (; i < bound; i += L) { DoubleVector v = DoubleVector.fromArray(S, x, xo + i); v.neg().fma(v, DoubleVector.broadcast(S, 1.0)).intoArray(y, yo + i); }
            }
            case LOGISTIC_SLOPE -> {
                for (; i < bound; i += L) { DoubleVector v = DoubleVector.fromArray(S, x, xo + i); v.neg().fma(v, v).intoArray(y, yo + i); }
            }
            case STEP, LEAKY_STEP -> {
                DoubleVector one = DoubleVector.broadcast(S, 1.0), low = DoubleVector.broadcast(S, op == UnaryOp.STEP ? 0.0 : p);
                for (; i < bound; i += L) low.blend(one, DoubleVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0.0)).intoArray(y, yo + i);
            }
            case BOX -> {
                DoubleVector one = DoubleVector.broadcast(S, 1.0), none = DoubleVector.zero(S);
                for (; i < bound; i += L) none.blend(one, DoubleVector.fromArray(S, x, xo + i).abs().compare(VectorOperators.LT, p)).intoArray(y, yo + i);
            }
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

    // 4 x 4 transposes in 256-bit registers: two rounds, each swapping bit b of the row index
    // with bit b of the lane index (lane permute plus blend).
    private static final VectorSpecies<Double> FOUR = DoubleVector.SPECIES_256;
    private static final VectorShuffle<Double> SWAP2 = VectorShuffle.fromOp(FOUR, k -> k ^ 2);
    private static final VectorShuffle<Double> SWAP1 = VectorShuffle.fromOp(FOUR, k -> k ^ 1);
    private static final VectorMask<Double> LANE_BIT2 = VectorMask.fromLong(FOUR, 0xC);
    private static final VectorMask<Double> LANE_BIT1 = VectorMask.fromLong(FOUR, 0xA);

    /**
     * {@link dev.vnlab.linalg.kernel.Kernels#packPanelColumns}: 4 x 4 blocks transposed in
     * registers (widths that are multiples of 4), the k tail and other widths scalar.
     */
    static void packPanelColumns(int kc, int width, double[] src, int s, int ld, double[] dst, int d) {
        if (width % 4 != 0) {
            ScalarOps.packPanelColumns(kc, width, src, s, ld, dst, d);
            return;
        }
        int k4 = kc & ~3;
        for (int j = 0; j < width; j += 4) {
            int rows = s + j * ld;
            for (int q = 0; q < k4; q += 4) transpose4(src, rows + q, ld, dst, d + q * width + j, width);
            if (k4 < kc) ScalarOps.packPanelColumns(kc - k4, 4, src, rows + k4, ld, dst, d + k4 * width + j, width);
        }
    }

    /** {@code dst[d + q*dld + i] = src[s + i*ld + q]} for i, q < 4. */
    private static void transpose4(double[] src, int s, int ld, double[] dst, int d, int dld) {
        DoubleVector r0 = DoubleVector.fromArray(FOUR, src, s), r1 = DoubleVector.fromArray(FOUR, src, s + ld);
        DoubleVector r2 = DoubleVector.fromArray(FOUR, src, s + 2 * ld), r3 = DoubleVector.fromArray(FOUR, src, s + 3 * ld);
        DoubleVector a0 = r0.blend(r2.rearrange(SWAP2), LANE_BIT2), a2 = r0.rearrange(SWAP2).blend(r2, LANE_BIT2);
        DoubleVector a1 = r1.blend(r3.rearrange(SWAP2), LANE_BIT2), a3 = r1.rearrange(SWAP2).blend(r3, LANE_BIT2);
        a0.blend(a1.rearrange(SWAP1), LANE_BIT1).intoArray(dst, d);
        a0.rearrange(SWAP1).blend(a1, LANE_BIT1).intoArray(dst, d + dld);
        a2.blend(a3.rearrange(SWAP1), LANE_BIT1).intoArray(dst, d + 2 * dld);
        a2.rearrange(SWAP1).blend(a3, LANE_BIT1).intoArray(dst, d + 3 * dld);
    }

    /** 128-bit vectors, for panels narrower than a full vector (a 2-row A panel). */
    private static final VectorSpecies<Double> HALF = DoubleVector.SPECIES_128;

    /**
     * {@link dev.vnlab.linalg.kernel.Kernels#packPanelRows}: whole vectors per panel row when the
     * width allows. Two spelled-out loops: a species passed as an argument would stop being a
     * constant wherever C2 declines to inline, and every vector would be boxed.
     */
    static void packPanelRows(int kc, int panels, int width, double[] src, int s, int ld, double[] shift, int so, double[] dst, int d) {
        if (width % L == 0) {
            for (int q = 0; q < kc; q++) {
                for (int p = 0, from = s + q * ld, to = d + q * width; p < panels; p++, from += width, to += kc * width) {
                    for (int j = 0; j < width; j += L) {
                        DoubleVector v = DoubleVector.fromArray(S, src, from + j);
                        if (shift != null) v = v.sub(DoubleVector.fromArray(S, shift, so + p * width + j));
                        v.intoArray(dst, to + j);
                    }
                }
            }
        } else if (width % HALF.length() == 0) {
            // Narrow panels (4-row A panels) one after another: each writes one contiguous run,
            // and neighbouring panels read the same source lines while they are still in L1.
            // (k-row by k-row, every short store went to another panel, a whole block apart.)
            for (int p = 0; p < panels; p++) {
                for (int q = 0, from = s + p * width, to = d + p * kc * width; q < kc; q++, from += ld, to += width) {
                    for (int j = 0; j < width; j += HALF.length()) {
                        DoubleVector v = DoubleVector.fromArray(HALF, src, from + j);
                        if (shift != null) v = v.sub(DoubleVector.fromArray(HALF, shift, so + p * width + j));
                        v.intoArray(dst, to + j);
                    }
                }
            }
        } else {
            ScalarOps.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
        }
    }
}
