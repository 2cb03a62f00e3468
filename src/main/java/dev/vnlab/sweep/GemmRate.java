package dev.vnlab.sweep;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.parallel.Workers;

/**
 * A quick measurement of this machine's float GEMM rate on one thread, for the expected run time
 * of a sweep: a 256 x 512 x 512 product (an MLP layer's shape) repeated for about half a second,
 * timed over the second half (after the JIT has compiled the kernels).
 */
final class GemmRate {
    private static final int M = 256, N = 512;

    private GemmRate() {}

    /** Floating-point operations per second of one thread, measured now. */
    static double measure() {
        try (Workers one = Workers.of(1)) {
            Blas blas = Blas.on(one);
            FloatMatrix a = new FloatMatrix(M, N), b = new FloatMatrix(N, N), c = new FloatMatrix(M, N);
            a.fill(0.5f);
            b.fill(0.25f);
            long start = System.nanoTime(), half = start + 250_000_000L, end = start + 500_000_000L;
            long t0 = 0;
            int reps = 0;
            while (true) {
                long now = System.nanoTime();
                if (t0 == 0 && now >= half) {
                    t0 = now;
                    reps = 0;
                }
                if (now >= end && reps > 0) return reps * 2.0 * M * N * N / ((now - t0) / 1e9);
                blas.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
                reps++;
            }
        }
    }
}
