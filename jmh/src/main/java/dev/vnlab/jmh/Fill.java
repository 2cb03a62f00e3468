package dev.vnlab.jmh;

import dev.vnlab.linalg.FloatMatrix;
import java.util.SplittableRandom;

/** Benchmark inputs: standard Gaussian entries from a seeded generator. */
final class Fill {
    private Fill() {}

    static FloatMatrix gaussian(FloatMatrix m, SplittableRandom r) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) m.set(i, j, (float) gaussian(r));
        }
        return m;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
