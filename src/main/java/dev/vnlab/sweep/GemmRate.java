package dev.vnlab.sweep;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.parallel.Workers;

/**
 * A quick measurement of this machine's float GEMM rate on one thread, for the expected run time
 * of a sweep: a 256 x 512 x 512 product (an MLP layer's shape) repeated in windows of
 * {@value #WINDOW_MILLIS} ms for up to {@value #BUDGET_MILLIS} ms, and the best window's rate.
 * Until C2 has compiled the Vector API kernels a product runs tens of times slower, and when that
 * happens varies, so a fixed warm-up time measured the interpreter on some machines; the best
 * window is the compiled code's speed, which is what a sweep of minutes runs at.
 */
final class GemmRate {
    private static final int M = 256, N = 512;
    private static final long WINDOW_MILLIS = 50, BUDGET_MILLIS = 1500;

    private GemmRate() {}

    /** Floating-point operations per second of one thread, measured now. */
    static double measure() {
        try (Workers one = Workers.of(1)) {
            Blas blas = Blas.on(one);
            FloatMatrix a = new FloatMatrix(M, N), b = new FloatMatrix(N, N), c = new FloatMatrix(M, N);
            a.fill(0.5f);
            b.fill(0.25f);
            long start = System.nanoTime(), end = start + BUDGET_MILLIS * 1_000_000L, window = start;
            double best = 0;
            int reps = 0;
            for (long now = start; now < end || best == 0; ) {
                blas.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
                reps++;
                now = System.nanoTime();
                if (now - window >= WINDOW_MILLIS * 1_000_000L) {
                    best = Math.max(best, reps * 2.0 * M * N * N / ((now - window) / 1e9));
                    window = now;
                    reps = 0;
                }
            }
            return best;
        }
    }
}
