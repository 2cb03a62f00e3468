package dev.vnlab.spectrum;

import java.util.List;

/**
 * The first two moments of the eigenvalues of {@code J J^T} (N x N, J the hidden-stack
 * Jacobian) and the Jacobian VNI they give (docs/theory.md section 3):
 * {@code m1 = tr(J J^T) / N}, {@code m2 = tr((J J^T)^2) / N},
 * {@code VNI = m2 / (N m1^2) = ||J J^T||_F^2 / ||J||_F^4}, in [1/N, 1]. At one input, or
 * averaged over inputs by {@link #mean}.
 *
 * @param width N
 * @param m1 the first moment
 * @param m2 the second moment
 * @param vni the Jacobian VNI; NaN when J = 0
 */
public record JacobianMoments(int width, Estimate m1, Estimate m2, Estimate vni) {
    /** The exact moments from {@code tr(J J^T)} and {@code tr((J J^T)^2)} of an N-row J. */
    static JacobianMoments exact(int width, double trace, double traceOfSquare) {
        double vni = trace == 0 ? Double.NaN : traceOfSquare / (trace * trace);
        return new JacobianMoments(width, Estimate.exact(trace / width), Estimate.exact(traceOfSquare / width),
                new Estimate(vni, trace == 0 ? Double.NaN : 0));
    }

    /** {@code m2 / m1^2 = N VNI}, with the VNI's standard error scaled alike. */
    public Estimate m2OverM1Squared() { return new Estimate(width * vni.value(), width * vni.standardError()); }

    /**
     * The mean over inputs of each quantity, the VNI included: the mean of the per-input VNIs
     * (every input weighs the same whatever the scale of its J), not {@code mean m2 / (N (mean
     * m1)^2)}. The standard errors are those of a mean of independent estimates,
     * {@code sqrt(sum_i se_i^2) / K}: the probe noise of the estimate of the mean over these K
     * inputs, not the spread from one set of inputs to another (0 for exact values).
     *
     * @throws IllegalArgumentException if the list is empty or the widths differ
     */
    public static JacobianMoments mean(List<JacobianMoments> perInput) {
        if (perInput.isEmpty()) throw new IllegalArgumentException("the mean of 0 inputs' moments is undefined; expected at least one");
        int n = perInput.get(0).width();
        double[] sum = new double[3], var = new double[3];
        for (JacobianMoments m : perInput) {
            if (m.width() != n) throw new IllegalArgumentException("moments of width " + m.width() + " among width " + n + "; expected one width");
            Estimate[] e = {m.m1, m.m2, m.vni};
            for (int q = 0; q < 3; q++) {
                sum[q] += e[q].value();
                var[q] += e[q].standardError() * e[q].standardError();
            }
        }
        int k = perInput.size();
        Estimate[] out = new Estimate[3];
        for (int q = 0; q < 3; q++) out[q] = new Estimate(sum[q] / k, Math.sqrt(var[q]) / k);
        return new JacobianMoments(n, out[0], out[1], out[2]);
    }
}
