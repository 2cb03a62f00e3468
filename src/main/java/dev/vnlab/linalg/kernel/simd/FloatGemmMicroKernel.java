package dev.vnlab.linalg.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float GEMM micro-kernel: one MR x NR register tile of C (MR rows, NR = two vectors of
 * {@link SimdFloat#S}) updated from a packed A panel and a packed B panel. Every GEMM and SYRK of the
 * SIMD kernels spends most of its time here; the driver ({@code linalg.GemmDriver}) blocks and
 * packs so that this loop sees only L1-resident panels.
 */
final class FloatGemmMicroKernel {
    // The tile's shape is the kernel set's: C2 treats these copies of constants as constants too.
    private static final VectorSpecies<Float> S = SimdFloat.S;
    private static final int L = SimdFloat.L, MR = SimdFloat.MR, NR = SimdFloat.NR;

    private FloatGemmMicroKernel() {}

    /**
     * C[0:MR, 0:NR] += alpha * Ap * Bp, Ap's k-steps {@code as} apart; the 2 MR accumulators
     * stay in registers for the whole k loop. (Touching the tile's C rows some steps before the end, to start their cache misses
     * early, cost 5-30% on Zen 4 at both vector widths, so the loop is plain.) Rows 4..MR-1 are
     * guarded by MR, a constant, so C2 removes the rows a shape does not have.
     */
    static void gemmTile(int kc, float[] ap, int ao, int as, float[] bp, int bo, float alpha, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++) {
            // Indices linear in p, so C2 hoists the range checks out of the loop.
            int a0 = ao + p * as, b = bo + p * NR;
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
        // C += alpha * acc as multiply-then-add, the same two roundings as the facade's edge path;
        // written out, not called: a row update left out of line (its call site can look cold to an
        // on-stack-replacement compile) would box both accumulators of every tile.
        c00.mul(alpha).add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c01.mul(alpha).add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        c10.mul(alpha).add(FloatVector.fromArray(S, c, co + ldc)).intoArray(c, co + ldc);
        c11.mul(alpha).add(FloatVector.fromArray(S, c, co + ldc + L)).intoArray(c, co + ldc + L);
        c20.mul(alpha).add(FloatVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
        c21.mul(alpha).add(FloatVector.fromArray(S, c, co + 2 * ldc + L)).intoArray(c, co + 2 * ldc + L);
        c30.mul(alpha).add(FloatVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
        c31.mul(alpha).add(FloatVector.fromArray(S, c, co + 3 * ldc + L)).intoArray(c, co + 3 * ldc + L);
        if (MR > 4) {
            c40.mul(alpha).add(FloatVector.fromArray(S, c, co + 4 * ldc)).intoArray(c, co + 4 * ldc);
            c41.mul(alpha).add(FloatVector.fromArray(S, c, co + 4 * ldc + L)).intoArray(c, co + 4 * ldc + L);
            c50.mul(alpha).add(FloatVector.fromArray(S, c, co + 5 * ldc)).intoArray(c, co + 5 * ldc);
            c51.mul(alpha).add(FloatVector.fromArray(S, c, co + 5 * ldc + L)).intoArray(c, co + 5 * ldc + L);
        }
        if (MR > 6) {
            c60.mul(alpha).add(FloatVector.fromArray(S, c, co + 6 * ldc)).intoArray(c, co + 6 * ldc);
            c61.mul(alpha).add(FloatVector.fromArray(S, c, co + 6 * ldc + L)).intoArray(c, co + 6 * ldc + L);
            c70.mul(alpha).add(FloatVector.fromArray(S, c, co + 7 * ldc)).intoArray(c, co + 7 * ldc);
            c71.mul(alpha).add(FloatVector.fromArray(S, c, co + 7 * ldc + L)).intoArray(c, co + 7 * ldc + L);
        }
    }
}
