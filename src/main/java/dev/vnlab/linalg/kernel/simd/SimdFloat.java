package dev.vnlab.linalg.kernel.simd;

import dev.vnlab.linalg.BinaryOp;
import dev.vnlab.linalg.UnaryOp;
import dev.vnlab.linalg.kernel.ScalarOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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

    /** Rotations by L/2, L/4, ..., 1 lanes: the steps of {@link #sumLanes}. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] HALVES = new VectorShuffle[Integer.numberOfTrailingZeros(L)];
    static {
        for (int i = 0, h = L / 2; h >= 1; i++, h /= 2) HALVES[i] = VectorShuffle.iota(S, h, 1, true);
    }

    /**
     * Sum of the lanes, pairwise by halves: a fixed order, so the same bits whether or not C2
     * has compiled the caller ({@code reduceLanes(ADD)} leaves its order open, and the
     * interpreter and the intrinsic differ).
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> rot : HALVES) v = v.add(v.rearrange(rot));
        return v.lane(0);
    }

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

    /**
     * C[0:MR, 0:NR] += alpha * Ap * Bp; the 2 MR accumulators stay in registers for the whole k
     * loop. Rows 4..MR-1 are guarded by MR, a constant, so C2 removes the rows a shape does not have.
     */
    static void gemmTile(int kc, float[] ap, int ao, float[] bp, int bo, float alpha, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        // Two passes over k: before the last TOUCH_AHEAD steps, read one value of each C row so
        // the tile's cache misses overlap the remaining FMAs (Java has no prefetch instruction).
        for (int p = 0, end = Math.max(0, kc - TOUCH_AHEAD); ; end = kc) {
          for (; p < end; p++) {
            // Indices linear in p, so C2 hoists the range checks out of the loop.
            int a0 = ao + p * MR, b = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[a0]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            if (MR > 4) {
                a = FloatVector.broadcast(S, ap[a0 + 4]);
                c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
                a = FloatVector.broadcast(S, ap[a0 + 5]);
                c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            }
            if (MR > 6) {
                a = FloatVector.broadcast(S, ap[a0 + 6]);
                c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
                a = FloatVector.broadcast(S, ap[a0 + 7]);
                c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
            }
          }
          if (end == kc) break;
          touch(c, co, ldc);
        }
        // C += alpha * acc as multiply-then-add, the same two roundings as the facade's edge path.
        update(c00, c01, alpha, c, co);
        update(c10, c11, alpha, c, co + ldc);
        update(c20, c21, alpha, c, co + 2 * ldc);
        update(c30, c31, alpha, c, co + 3 * ldc);
        if (MR > 4) {
            update(c40, c41, alpha, c, co + 4 * ldc);
            update(c50, c51, alpha, c, co + 5 * ldc);
        }
        if (MR > 6) {
            update(c60, c61, alpha, c, co + 6 * ldc);
            update(c70, c71, alpha, c, co + 7 * ldc);
        }
    }

    /** Steps before the end of k at which {@link #gemmTile} touches its C rows. */
    private static final int TOUCH_AHEAD = 48;
    /** Written only if a touched value has an impossible bit pattern: keeps the touch loads alive. */
    private static int touchSink;

    /** Loads the first and last value of each C row of a tile, so they are in cache when the tile is stored. */
    private static void touch(float[] c, int co, int ldc) {
        int bits = 0;
        for (int r = 0; r < MR; r++) {
            bits |= Float.floatToRawIntBits(c[co + r * ldc]) ^ Float.floatToRawIntBits(c[co + r * ldc + NR - 1]);
        }
        if (bits == 0x7fc0_dead) touchSink = bits;
    }

    /** One row of the tile: {@code C[r, 0:NR] += alpha * (lo, hi)}; small enough to inline. */
    private static void update(FloatVector lo, FloatVector hi, float alpha, float[] c, int r) {
        lo.mul(alpha).add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
        hi.mul(alpha).add(FloatVector.fromArray(S, c, r + L)).intoArray(c, r + L);
    }
}
