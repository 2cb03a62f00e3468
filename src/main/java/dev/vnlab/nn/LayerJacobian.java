package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.Kernels;

/**
 * One layer's Jacobian {@code D_l W_l} applied to many vectors at once, the step that forward
 * tangents ({@link ObservedPass#withTangents}) and the products of a hidden-stack Jacobian repeat
 * layer by layer. Vectors are rows, P consecutive rows per input row whose slopes apply; products
 * run on the facade's float32 GEMM, the slopes element-wise: bit-identical for any thread count.
 */
public final class LayerJacobian {
    private LayerJacobian() {}

    /**
     * Forward tangents through layer l: row r of {@code out} becomes
     * {@code (D_l W_l t_r)^T}, D_l from row {@code r / perInput} of {@code slopes}. tangents is
     * (K P) x n_{l-1} and is not modified; out is (K P) x n_l and is overwritten; slopes is K x n_l.
     */
    public static void forward(Blas blas, FloatMatrix tangents, FloatMatrix weight, FloatMatrix slopes, int perInput, FloatMatrix out) {
        blas.gemm(Transpose.N, Transpose.T, 1f, tangents, weight, 0f, out); // rows of (W_l t)^T
        scaleBySlopes(blas, out, slopes, perInput);
    }

    /**
     * Row r of {@code m} (K P rows) times row {@code r / perInput} of {@code slopes} (K rows, as
     * wide as m), element-wise, in place: D applied to every vector.
     */
    public static void scaleBySlopes(Blas blas, FloatMatrix m, FloatMatrix slopes, int perInput) {
        Kernels k = blas.kernels();
        for (int r = 0; r < m.rows(); r++) {
            k.zip(BinaryOp.MUL, m.cols(), m.data(), m.index(r, 0), slopes.data(), slopes.index(r / perInput, 0), m.data(), m.index(r, 0));
        }
    }
}
