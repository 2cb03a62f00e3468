package dev.vnlab.linalg.kernel.simd;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.linalg.kernel.ScalarOps;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** float32 kernels on the machine's preferred vector species. */
final class SimdFloat {
    private SimdFloat() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** GEMM register tile: MR rows x 2 vectors, MR = 4, 6 or 8 by register file ({@link TileShape}). */
    static final int MR = TileShape.ROWS;
    static final int NR = 2 * L;
    /** Float partial sums are folded into a double every BLOCK elements to bound rounding error. */
    private static final int BLOCK = 64 * L;

    /**
     * Rotations by L/2, L/4, ..., 1 lanes, the steps of {@link #sumLanes}; null beyond this
     * species' width. Each a constant of its own: C2 compiles a rearrange by a constant shuffle to
     * one instruction, while shuffles read from an array (a loop over them) were left to the
     * library's Java fallback, which allocated on every call.
     */
    private static final VectorShuffle<Float> ROTATE_32 = L > 32 ? VectorShuffle.iota(S, 32, 1, true) : null;
    private static final VectorShuffle<Float> ROTATE_16 = L > 16 ? VectorShuffle.iota(S, 16, 1, true) : null;
    private static final VectorShuffle<Float> ROTATE_8 = L > 8 ? VectorShuffle.iota(S, 8, 1, true) : null;
    private static final VectorShuffle<Float> ROTATE_4 = L > 4 ? VectorShuffle.iota(S, 4, 1, true) : null;
    private static final VectorShuffle<Float> ROTATE_2 = L > 2 ? VectorShuffle.iota(S, 2, 1, true) : null;
    private static final VectorShuffle<Float> ROTATE_1 = L > 1 ? VectorShuffle.iota(S, 1, 1, true) : null;

    /**
     * Sum of the lanes, pairwise by halves: a fixed order, so the same bits whether or not C2
     * has compiled the caller ({@code reduceLanes(ADD)} leaves its order open, and the
     * interpreter and the intrinsic differ). The guards are constants, up to the widest shape (2048 bits).
     * Each step is a method of its own under C2's 35-byte limit for inlining at a call site it
     * deems cold, and so is this one: a kernel that called a larger sumLanes after its loop kept
     * the call, and boxed its accumulator to pass it.
     */
    static float sumLanes(FloatVector v) {
        return fold1(fold2(fold4(fold8(fold16(fold32(v)))))).lane(0);
    }

    private static FloatVector fold32(FloatVector v) { return L > 32 ? v.add(v.rearrange(ROTATE_32)) : v; }

    private static FloatVector fold16(FloatVector v) { return L > 16 ? v.add(v.rearrange(ROTATE_16)) : v; }

    private static FloatVector fold8(FloatVector v) { return L > 8 ? v.add(v.rearrange(ROTATE_8)) : v; }

    private static FloatVector fold4(FloatVector v) { return L > 4 ? v.add(v.rearrange(ROTATE_4)) : v; }

    private static FloatVector fold2(FloatVector v) { return L > 2 ? v.add(v.rearrange(ROTATE_2)) : v; }

    private static FloatVector fold1(FloatVector v) { return L > 1 ? v.add(v.rearrange(ROTATE_1)) : v; }

    static double dot(int n, float[] x, int xo, float[] y, int yo) {
        double total = 0;
        int i = 0;
        while (i < n) {
            int end = Math.min(n, i + BLOCK);
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i + 4 * L <= end; i += 4 * L) {
                s0 = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), s0);
                s1 = FloatVector.fromArray(S, x, xo + i + L).fma(FloatVector.fromArray(S, y, yo + i + L), s1);
                s2 = FloatVector.fromArray(S, x, xo + i + 2 * L).fma(FloatVector.fromArray(S, y, yo + i + 2 * L), s2);
                s3 = FloatVector.fromArray(S, x, xo + i + 3 * L).fma(FloatVector.fromArray(S, y, yo + i + 3 * L), s3);
            }
            for (; i + L <= end; i += L) {
                s0 = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), s0);
            }
            double block = sumLanes(s0.add(s1).add(s2.add(s3)));
            for (; i < end; i++) block += (double) x[xo + i] * y[yo + i];
            total += block;
        }
        return total;
    }

    static double sumSquares(int n, float[] x, int xo) {
        return dot(n, x, xo, x, xo);
    }

    static double sum(int n, float[] x, int xo) {
        double total = 0;
        int i = 0;
        while (i < n) {
            int end = Math.min(n, i + BLOCK);
            FloatVector s0 = FloatVector.zero(S), s1 = s0;
            for (; i + 2 * L <= end; i += 2 * L) {
                s0 = s0.add(FloatVector.fromArray(S, x, xo + i));
                s1 = s1.add(FloatVector.fromArray(S, x, xo + i + L));
            }
            double block = sumLanes(s0.add(s1));
            for (; i < end; i++) block += x[xo + i];
            total += block;
        }
        return total;
    }

    /** As many floats as a preferred double vector has lanes: the source of one widening. */
    private static final VectorSpecies<Float> NARROW = VectorSpecies.of(float.class, VectorShape.forBitSize(DoubleVector.SPECIES_PREFERRED.vectorBitSize() / 2));
    private static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_PREFERRED;

    static void addWidened(int n, float[] x, int xo, double[] y, int yo) {
        int i = 0;
        for (int bound = WIDE.loopBound(n); i < bound; i += WIDE.length()) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(NARROW, x, xo + i).convertShape(VectorOperators.F2D, WIDE, 0);
            DoubleVector.fromArray(WIDE, y, yo + i).add(v).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += x[xo + i];
    }

    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }

    static void map(UnaryOp op, float p, int n, float[] x, int xo, float[] y, int yo) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case SCALE -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).mul(p).intoArray(y, yo + i); }
            case ADD_SCALAR -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).add(p).intoArray(y, yo + i); }
            case SQUARE -> { for (; i < bound; i += L) { FloatVector v = FloatVector.fromArray(S, x, xo + i); v.mul(v).intoArray(y, yo + i); } }
            case ABS -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i); }
            case SQRT -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i); }
            // Each transcendental loop is a method of its own, a compilation unit small enough for
            // C2 to inline all of its Vector API calls: together in this switch they exceed the
            // inlining node budget, and a vector crossing a call that is not inlined is boxed.
            case EXP -> i = mapExp(bound, x, xo, y, yo);
            case TANH -> i = mapTanh(bound, x, xo, y, yo);
            case SIGMOID -> i = mapSigmoid(bound, x, xo, y, yo);
            case ERF -> i = mapErf(bound, p, x, xo, y, yo);
            case GAUSSIAN -> i = mapGaussian(bound, p, x, xo, y, yo);
            case RELU -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(y, yo + i); }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    VectorMask<Float> neg = v.compare(VectorOperators.LE, 0f);
                    v.blend(v.mul(p), neg).intoArray(y, yo + i);
                }
            }
            case CLAMP -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).max(-p).min(p).intoArray(y, yo + i); }
            case ONE_MINUS_SQUARE -> {
                for (; i < bound; i += L) { FloatVector v = FloatVector.fromArray(S, x, xo + i); v.neg().fma(v, FloatVector.broadcast(S, 1f)).intoArray(y, yo + i); }
            }
            case LOGISTIC_SLOPE -> {
                for (; i < bound; i += L) { FloatVector v = FloatVector.fromArray(S, x, xo + i); v.neg().fma(v, v).intoArray(y, yo + i); }
            }
            case STEP, LEAKY_STEP -> {
                FloatVector one = FloatVector.broadcast(S, 1f), low = FloatVector.broadcast(S, op == UnaryOp.STEP ? 0f : p);
                for (; i < bound; i += L) low.blend(one, FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
            }
            case BOX -> {
                FloatVector one = FloatVector.broadcast(S, 1f), none = FloatVector.zero(S);
                for (; i < bound; i += L) none.blend(one, FloatVector.fromArray(S, x, xo + i).abs().compare(VectorOperators.LT, p)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) y[yo + i] = ScalarOps.apply(op, p, x[xo + i]);
    }

    private static int mapExp(int bound, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (; i < bound; i += L) VectorMath.exp(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int mapTanh(int bound, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (; i < bound; i += L) VectorMath.tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int mapErf(int bound, float p, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (; i < bound; i += L) VectorMath.erf(FloatVector.fromArray(S, x, xo + i).mul(p)).intoArray(y, yo + i);
        return i;
    }

    private static int mapGaussian(int bound, float p, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMath.exp(v.mul(v).mul(-p)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int mapSigmoid(int bound, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (; i < bound; i += L) VectorMath.sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    static void zip(BinaryOp op, int n, float[] x, int xo, float[] y, int yo, float[] z, int zo) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).add(FloatVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(FloatVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).mul(FloatVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).div(FloatVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).max(FloatVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).min(FloatVector.fromArray(S, y, yo + i)).intoArray(z, zo + i); }
        }
        for (; i < n; i++) z[zo + i] = ScalarOps.apply(op, x[xo + i], y[yo + i]);
    }

    // 8 x 8 transposes in 256-bit registers, whatever the preferred width: three rounds, each
    // swapping bit b of the row index with bit b of the lane index (lane permute plus blend).
    private static final VectorSpecies<Float> EIGHT = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(EIGHT, k -> k ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(EIGHT, k -> k ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(EIGHT, k -> k ^ 1);
    private static final VectorMask<Float> LANE_BIT4 = VectorMask.fromLong(EIGHT, 0xF0);
    private static final VectorMask<Float> LANE_BIT2 = VectorMask.fromLong(EIGHT, 0xCC);
    private static final VectorMask<Float> LANE_BIT1 = VectorMask.fromLong(EIGHT, 0xAA);

    /**
     * {@link dev.vnlab.linalg.kernel.Kernels#packPanelColumns}: 8 x 8 blocks transposed in
     * registers for widths that are multiples of 8 (B panels), 4 x 4 blocks for multiples of 4
     * (the 4-row A panels); the k tail and other widths scalar.
     */
    static void packPanelColumns(int kc, int width, float[] src, int s, int ld, float[] dst, int d) {
        if (width % 8 == 0) {
            int k8 = kc & ~7;
            for (int j = 0; j < width; j += 8) {
                int rows = s + j * ld;
                for (int q = 0; q < k8; q += 8) transpose8(src, rows + q, ld, dst, d + q * width + j, width);
                if (k8 < kc) ScalarOps.packPanelColumns(kc - k8, 8, src, rows + k8, ld, dst, d + k8 * width + j, width);
            }
        } else if (width % 4 == 0) {
            int k4 = kc & ~3;
            for (int j = 0; j < width; j += 4) {
                int rows = s + j * ld;
                for (int q = 0; q < k4; q += 4) transpose4(src, rows + q, ld, dst, d + q * width + j, width);
                if (k4 < kc) ScalarOps.packPanelColumns(kc - k4, 4, src, rows + k4, ld, dst, d + k4 * width + j, width);
            }
        } else {
            ScalarOps.packPanelColumns(kc, width, src, s, ld, dst, d);
        }
    }

    /** 128-bit vectors, for panels narrower than a full vector (a 4-row A panel). */
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_128;
    private static final VectorShuffle<Float> SWAP2_OF_4 = VectorShuffle.fromOp(HALF, k -> k ^ 2);
    private static final VectorShuffle<Float> SWAP1_OF_4 = VectorShuffle.fromOp(HALF, k -> k ^ 1);
    private static final VectorMask<Float> LANE_BIT2_OF_4 = VectorMask.fromLong(HALF, 0xC);
    private static final VectorMask<Float> LANE_BIT1_OF_4 = VectorMask.fromLong(HALF, 0xA);

    /** {@code dst[d + q*dld + i] = src[s + i*ld + q]} for i, q < 4: two rounds of the 8 x 8 scheme. */
    private static void transpose4(float[] src, int s, int ld, float[] dst, int d, int dld) {
        FloatVector r0 = FloatVector.fromArray(HALF, src, s), r1 = FloatVector.fromArray(HALF, src, s + ld);
        FloatVector r2 = FloatVector.fromArray(HALF, src, s + 2 * ld), r3 = FloatVector.fromArray(HALF, src, s + 3 * ld);
        FloatVector a0 = r0.blend(r2.rearrange(SWAP2_OF_4), LANE_BIT2_OF_4), a2 = r0.rearrange(SWAP2_OF_4).blend(r2, LANE_BIT2_OF_4);
        FloatVector a1 = r1.blend(r3.rearrange(SWAP2_OF_4), LANE_BIT2_OF_4), a3 = r1.rearrange(SWAP2_OF_4).blend(r3, LANE_BIT2_OF_4);
        a0.blend(a1.rearrange(SWAP1_OF_4), LANE_BIT1_OF_4).intoArray(dst, d);
        a0.rearrange(SWAP1_OF_4).blend(a1, LANE_BIT1_OF_4).intoArray(dst, d + dld);
        a2.blend(a3.rearrange(SWAP1_OF_4), LANE_BIT1_OF_4).intoArray(dst, d + 2 * dld);
        a2.rearrange(SWAP1_OF_4).blend(a3, LANE_BIT1_OF_4).intoArray(dst, d + 3 * dld);
    }

    /** {@code dst[d + q*dld + i] = src[s + i*ld + q]} for i, q < 8. */
    private static void transpose8(float[] src, int s, int ld, float[] dst, int d, int dld) {
        FloatVector r0 = FloatVector.fromArray(EIGHT, src, s), r1 = FloatVector.fromArray(EIGHT, src, s + ld);
        FloatVector r2 = FloatVector.fromArray(EIGHT, src, s + 2 * ld), r3 = FloatVector.fromArray(EIGHT, src, s + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(EIGHT, src, s + 4 * ld), r5 = FloatVector.fromArray(EIGHT, src, s + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(EIGHT, src, s + 6 * ld), r7 = FloatVector.fromArray(EIGHT, src, s + 7 * ld);
        FloatVector a0 = r0.blend(r4.rearrange(SWAP4), LANE_BIT4), a4 = r0.rearrange(SWAP4).blend(r4, LANE_BIT4);
        FloatVector a1 = r1.blend(r5.rearrange(SWAP4), LANE_BIT4), a5 = r1.rearrange(SWAP4).blend(r5, LANE_BIT4);
        FloatVector a2 = r2.blend(r6.rearrange(SWAP4), LANE_BIT4), a6 = r2.rearrange(SWAP4).blend(r6, LANE_BIT4);
        FloatVector a3 = r3.blend(r7.rearrange(SWAP4), LANE_BIT4), a7 = r3.rearrange(SWAP4).blend(r7, LANE_BIT4);
        FloatVector b0 = a0.blend(a2.rearrange(SWAP2), LANE_BIT2), b2 = a0.rearrange(SWAP2).blend(a2, LANE_BIT2);
        FloatVector b1 = a1.blend(a3.rearrange(SWAP2), LANE_BIT2), b3 = a1.rearrange(SWAP2).blend(a3, LANE_BIT2);
        FloatVector b4 = a4.blend(a6.rearrange(SWAP2), LANE_BIT2), b6 = a4.rearrange(SWAP2).blend(a6, LANE_BIT2);
        FloatVector b5 = a5.blend(a7.rearrange(SWAP2), LANE_BIT2), b7 = a5.rearrange(SWAP2).blend(a7, LANE_BIT2);
        b0.blend(b1.rearrange(SWAP1), LANE_BIT1).intoArray(dst, d);
        b0.rearrange(SWAP1).blend(b1, LANE_BIT1).intoArray(dst, d + dld);
        b2.blend(b3.rearrange(SWAP1), LANE_BIT1).intoArray(dst, d + 2 * dld);
        b2.rearrange(SWAP1).blend(b3, LANE_BIT1).intoArray(dst, d + 3 * dld);
        b4.blend(b5.rearrange(SWAP1), LANE_BIT1).intoArray(dst, d + 4 * dld);
        b4.rearrange(SWAP1).blend(b5, LANE_BIT1).intoArray(dst, d + 5 * dld);
        b6.blend(b7.rearrange(SWAP1), LANE_BIT1).intoArray(dst, d + 6 * dld);
        b6.rearrange(SWAP1).blend(b7, LANE_BIT1).intoArray(dst, d + 7 * dld);
    }


    /**
     * {@link dev.vnlab.linalg.kernel.Kernels#packPanelRows}: whole vectors per panel row when the
     * width allows. Two spelled-out loops: a species passed as an argument would stop being a
     * constant wherever C2 declines to inline, and every vector would be boxed.
     */
    static void packPanelRows(int kc, int panels, int width, float[] src, int s, int ld, float[] shift, int so, float[] dst, int d) {
        if (width % L == 0) {
            for (int q = 0; q < kc; q++) {
                for (int p = 0, from = s + q * ld, to = d + q * width; p < panels; p++, from += width, to += kc * width) {
                    for (int j = 0; j < width; j += L) {
                        FloatVector v = FloatVector.fromArray(S, src, from + j);
                        if (shift != null) v = v.sub(FloatVector.fromArray(S, shift, so + p * width + j));
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
                        FloatVector v = FloatVector.fromArray(HALF, src, from + j);
                        if (shift != null) v = v.sub(FloatVector.fromArray(HALF, shift, so + p * width + j));
                        v.intoArray(dst, to + j);
                    }
                }
            }
        } else {
            ScalarOps.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
        }
    }
}
