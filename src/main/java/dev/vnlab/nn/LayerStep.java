package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;

/**
 * One layer of a forward pass on a batch, the step {@link Pass} and {@link ObservedPass} share so
 * that both compute every layer with the same operations in the same order (and so the same bits).
 */
final class LayerStep {
    private LayerStep() {}

    /** h = x W^T + b: each row of h (rows x n_l) set to b, then the GEMM adds x (rows x n_{l-1}) W^T. */
    static void affine(Blas blas, FloatMatrix x, FloatMatrix w, float[] b, FloatMatrix h) {
        for (int r = 0; r < h.rows(); r++) System.arraycopy(b, 0, h.data(), h.index(r, 0), b.length);
        blas.gemm(Transpose.N, Transpose.T, 1f, x, w, 1f, h);
    }

    /**
     * h becomes phi(h) in place; {@code slopes} (as h, or null for none) becomes phi'(h), read from
     * h before phi or from phi(h) after it, whichever the activation computes its slope from.
     */
    static void activate(Blas blas, Activation phi, FloatMatrix h, FloatMatrix slopes) {
        if (slopes != null && !phi.slopeFromOutput()) phi.derivative(blas, h, null, slopes);
        phi.forward(blas, h, h);
        if (slopes != null && phi.slopeFromOutput()) phi.derivative(blas, null, h, slopes);
    }
}
