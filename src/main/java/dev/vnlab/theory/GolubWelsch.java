package dev.vnlab.theory;

import dev.vnlab.linalg.decomp.TridiagonalEigen;

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
        double[][] rule = TridiagonalEigen.gaussRule(new double[n], offDiagonal);
        double[] d = rule[0], w = rule[1];
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
