package dev.vnlab.theory;

import dev.vnlab.linalg.decomp.TridiagonalEigen;
import dev.vnlab.linalg.kernel.KernelProvider;

/**
 * The Golub-Welsch step shared by the Gaussian quadrature rules: for orthogonal polynomials of
 * a symmetric weight (zero recurrence diagonal), the nodes are the eigenvalues of the Jacobi
 * matrix and the weights the squared first components of its normalised eigenvectors, times
 * the total mass of the weight.
 */
final class GolubWelsch {
    private GolubWelsch() {}

    /**
     * The n-point rule of a symmetric weight of total mass 1.
     *
     * @param offDiagonal the n - 1 off-diagonal entries of the Jacobi matrix (not modified)
     * @return {nodes ascending, weights summing to 1}, each of length n = offDiagonal.length + 1
     */
    static double[][] symmetricRule(double[] offDiagonal) {
        int n = offDiagonal.length + 1;
        double[] d = new double[n];
        double[] z = new double[n];
        z[0] = 1; // first row of the identity: its rotated copy holds the first eigenvector components
        // Rotations of one component each: nothing to vectorise, and the scalar rotation has the SIMD one's bits.
        TridiagonalEigen.solve(d, offDiagonal.clone(), z, 1, KernelProvider.scalar());
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = z[i] * z[i];
        // The exact rule is symmetric: enforce it so odd moments vanish to rounding.
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            double x = 0.5 * (d[j] - d[i]), ww = 0.5 * (w[i] + w[j]);
            d[i] = -x;
            d[j] = x;
            w[i] = ww;
            w[j] = ww;
        }
        if (n % 2 == 1) d[n / 2] = 0;
        return new double[][] {d, w};
    }
}
