package dev.vnlab.random;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.decomp.HouseholderQr;

/**
 * Random orthogonal matrices distributed by Haar measure (Mezzadri, "How to generate random
 * matrices from the classical compact groups", 2007): the Q of a Gaussian matrix's QR, with each
 * column multiplied by the sign of R's diagonal so that the distribution is exactly uniform.
 *
 * <p>Rectangular shapes give semi-orthogonal matrices, uniform on the Stiefel manifold: for
 * rows >= cols the columns are orthonormal ({@code Q^T Q = I}), otherwise the rows are
 * ({@code Q Q^T = I}). This is the "orthogonal" initialisation of a layer with fan_out x fan_in
 * weights.
 */
public final class HaarOrthogonal {
    private HaarOrthogonal() {}

    /** A rows x cols Haar (semi-)orthogonal float64 matrix drawn from {@code rng}. */
    public static DoubleMatrix sample(Rng rng, int rows, int cols, Blas blas) {
        return sample(Precision.DOUBLE, rng, rows, cols, blas);
    }

    /** A rows x cols Haar (semi-)orthogonal float32 matrix drawn from {@code rng}. */
    public static FloatMatrix sampleFloat(Rng rng, int rows, int cols, Blas blas) {
        return sample(Precision.FLOAT, rng, rows, cols, blas);
    }

    private static <A, M> M sample(Precision<A, M> p, Rng rng, int rows, int cols, Blas blas) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("orthogonal matrix shape " + rows + "x" + cols + " is invalid; expected at least 1x1");
        }
        boolean tall = rows >= cols;
        int m = tall ? rows : cols, n = tall ? cols : rows;
        // Drawn in float64 whatever the output precision, so float32 and float64 samples of one
        // stream are the same matrix up to rounding.
        DoubleMatrix g = new DoubleMatrix(m, n);
        rng.fillGaussian(g, 0.0, 1.0, blas);
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(g, blas);
        DoubleMatrix q = qr.q();
        double[] d = qr.rDiagonal();
        M out = p.matrix(rows, cols);
        A o = p.data(out);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = d[j] < 0 ? -q.get(i, j) : q.get(i, j);
                p.set(o, tall ? i * cols + j : j * cols + i, v);
            }
        }
        return out;
    }
}
