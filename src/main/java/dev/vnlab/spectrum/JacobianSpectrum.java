package dev.vnlab.spectrum;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.decomp.SymmetricEigen;

/**
 * The exact spectrum of {@code J J^T} for an N x n0 Jacobian J (docs/theory.md section 3): its N
 * eigenvalues and the moments m1, m2 and the Jacobian VNI.
 *
 * <p>J is widened to float64 and multiplied on the smaller side: {@code J J^T} (N x N) when
 * N &lt;= n0, else {@code J^T J} (n0 x n0), whose eigenvalues are the nonzero ones of
 * {@code J J^T}, which then has N - n0 more zeros. The traces come from that Gram matrix in
 * double, not from the eigenvalues, so they carry no eigensolver error. J itself is float32,
 * like the network: where m1 falls below about 1e-76 its entries underflow, and the moments
 * lose accuracy down to 0 (VNI NaN). Immutable.
 */
public final class JacobianSpectrum {
    private final double[] eigenvalues;
    private final JacobianMoments moments;

    private JacobianSpectrum(double[] eigenvalues, JacobianMoments moments) {
        this.eigenvalues = eigenvalues;
        this.moments = moments;
    }

    /**
     * The spectrum of {@code J J^T} at input {@code point} of {@code jacobian}: forms J
     * ({@link HiddenJacobian#matrix}), the Gram matrix and its eigenvalues.
     *
     * @throws IllegalArgumentException if point does not exist, or J is not finite (float32
     *         overflows where m1 exceeds about 1e76)
     */
    public static JacobianSpectrum at(HiddenJacobian jacobian, int point) {
        return of(jacobian.matrix(point), jacobian.blas());
    }

    /**
     * The spectrum of {@code J J^T} for a given N x n0 matrix J (not modified).
     *
     * @throws IllegalArgumentException if J is empty or has a non-finite entry
     */
    public static JacobianSpectrum of(FloatMatrix j, Blas blas) {
        DoubleMatrix g = gram(j, blas);
        double[] small = SymmetricEigen.values(g, blas);
        double[] all = new double[j.rows()];                      // ascending: the extra zeros first
        System.arraycopy(small, 0, all, all.length - small.length, small.length);
        return new JacobianSpectrum(all, momentsOf(g, j.rows(), blas));
    }

    /**
     * The exact moments of {@code J J^T} for a given N x n0 matrix J (not modified), without the
     * eigenvalues (no N^3 eigen-decomposition).
     *
     * @throws IllegalArgumentException if J is empty or has a non-finite entry
     */
    public static JacobianMoments moments(FloatMatrix j, Blas blas) {
        return momentsOf(gram(j, blas), j.rows(), blas);
    }

    /** {@code J J^T} or {@code J^T J}, whichever is smaller, in float64. */
    private static DoubleMatrix gram(FloatMatrix j, Blas blas) {
        if (j.rows() < 1 || j.cols() < 1) throw new IllegalArgumentException("Jacobian is " + j.rows() + "x" + j.cols() + "; expected at least 1x1");
        int k = Math.min(j.rows(), j.cols());
        DoubleMatrix g = new DoubleMatrix(k, k);
        // SYRK forms one triangle (half a GEMM's work): A^T A with A = J^T for J J^T, A = J for J^T J
        blas.syrk(1.0, (j.rows() <= j.cols() ? j.transpose() : j).toDouble(), 0.0, g);
        double trace = trace(g); // = ||J||_F^2: finite exactly when every entry of J is
        if (!Double.isFinite(trace)) {
            throw new IllegalArgumentException("Jacobian has non-finite entries (||J||_F^2 = " + trace
                    + "); expected a finite J (float32 overflows where m1 exceeds about 1e76)");
        }
        return g;
    }

    private static double trace(DoubleMatrix g) {
        double t = 0;
        for (int i = 0; i < g.rows(); i++) t += g.get(i, i);
        return t;
    }

    /** tr(G) and tr(G^2) = ||G||_F^2 of a Gram matrix G (contiguous), which equal those of J J^T. */
    private static JacobianMoments momentsOf(DoubleMatrix g, int n, Blas blas) {
        return JacobianMoments.exact(n, trace(g), blas.dot(g.data(), g.data()));
    }

    /** N, the number of eigenvalues. */
    public int width() { return eigenvalues.length; }

    /** The N eigenvalues of {@code J J^T}, ascending (a copy); rounding can leave zeros slightly negative. */
    public double[] eigenvalues() { return eigenvalues.clone(); }

    /** m1, m2 and the VNI, exact (standard errors 0). */
    public JacobianMoments moments() { return moments; }

    /** {@code m1 = tr(J J^T) / N}. */
    public double m1() { return moments.m1().value(); }

    /** {@code m2 = tr((J J^T)^2) / N}. */
    public double m2() { return moments.m2().value(); }

    /** {@code m2 / (N m1^2)}; NaN when J = 0. */
    public double vni() { return moments.vni().value(); }

    /** The eigenvalues binned over the given edges ({@link Histogram#of}). */
    public Histogram histogram(double[] edges) { return Histogram.of(eigenvalues, edges); }

    /**
     * The eigenvalues in {@code bins} equal bins from the smallest to the largest (a range of
     * width 1 around them when all are equal), so every eigenvalue is counted.
     *
     * @throws IllegalArgumentException if bins &lt; 1
     */
    public Histogram histogram(int bins) {
        double lo = eigenvalues[0], hi = eigenvalues[eigenvalues.length - 1];
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        return histogram(Histogram.linearEdges(lo, hi, bins));
    }
}
