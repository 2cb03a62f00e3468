package dev.vnlab.spectrum;

import dev.vnlab.linalg.FloatMatrix;

/**
 * {@code J J^T} (n_d x n_d) of a {@link HiddenJacobian} at each of its K inputs, as an operator
 * on blocks of K r rows, row i taken at input {@code i / r}: one vector-Jacobian product, then
 * one Jacobian-vector product, every row through each layer in one float32 GEMM. Vectors come
 * and go in double (the Lanczos process stays in double); the products round to float32, about
 * 1e-7 of the operator's scale per layer. Not thread-safe: holds its buffers, grown on demand.
 */
public final class JacobianGram implements SymmetricOperator {
    private final HiddenJacobian jacobian;
    private FloatMatrix in, mid, out;

    /** The Gram operator of {@code jacobian}, which must not change while this is used. */
    public JacobianGram(HiddenJacobian jacobian) {
        this.jacobian = jacobian;
    }

    @Override public int size() { return jacobian.width(); }

    /** The Jacobian whose Gram matrix this is. */
    public HiddenJacobian jacobian() { return jacobian; }

    /**
     * @throws IllegalArgumentException if rows is not a positive multiple of the Jacobian's
     *         inputs, or the arrays are not rows x n
     */
    @Override public void apply(double[] x, double[] y, int rows) {
        int n = size(), n0 = jacobian.inputWidth();
        if (x.length != (long) rows * n || y.length != (long) rows * n) {
            throw new IllegalArgumentException("blocks of " + x.length + " and " + y.length + " values; expected " + rows + " rows of " + n);
        }
        if (in == null || in.rows() != rows) {
            in = new FloatMatrix(rows, n);
            mid = new FloatMatrix(rows, n0);
            out = new FloatMatrix(rows, n);
        }
        float[] f = in.data();
        for (int i = 0; i < f.length; i++) f[i] = (float) x[i];
        jacobian.applyTranspose(in, mid);
        jacobian.apply(mid, out);
        float[] g = out.data();
        for (int i = 0; i < g.length; i++) y[i] = g[i];
    }
}
