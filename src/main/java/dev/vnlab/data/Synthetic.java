package dev.vnlab.data;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.Rng;

/** Generated inputs of the paper's experiments. */
public final class Synthetic {
    private Synthetic() {}

    /**
     * An m x n matrix of i.i.d. N(0, variance) entries (Fig. 3.1 uses 1000 points of variance 0.1),
     * the same numbers for the same stream on any thread count; drawn with {@code blas}'s
     * kernels, on its workers.
     *
     * @throws IllegalArgumentException if variance is negative or not finite
     */
    public static FloatMatrix gaussianInputs(Rng rng, int m, int n, double variance, Blas blas) {
        if (!(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance " + variance + " is invalid; expected a finite value >= 0");
        }
        FloatMatrix x = new FloatMatrix(m, n);
        rng.fillGaussian(x, 0f, (float) Math.sqrt(variance), blas);
        return x;
    }

    /**
     * XOR on {-1, +1}^2: class 1 where the signs differ, class 0 where they agree (4 examples,
     * 2 classes): the task a network at VNI = 1 cannot learn (arXiv 1910.09745).
     */
    public static Dataset xor() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}});
        return new Dataset(x, new int[] {0, 1, 1, 0}, 2);
    }
}
