package dev.vnlab.nn;

import dev.vnlab.linalg.FloatMatrix;

/**
 * A loss over a batch of network outputs (batch x outputs, one example per row) and its
 * gradient with respect to those outputs, averaged over the batch. Values are computed in
 * double from the float outputs (per example, so a batch of 100 x 10 costs nothing next to a
 * layer) and gradients rounded to float once.
 */
public enum Loss {
    /**
     * Softmax cross-entropy with integer labels: {@code mean_b [logsumexp(z_b) - z_b[y_b]]},
     * gradient {@code (softmax(z_b) - onehot(y_b)) / batch}; the row maximum is subtracted before
     * exponentiating, so no logit overflows.
     */
    SOFTMAX_CROSS_ENTROPY,
    /** Mean squared error against the one-hot labels: {@code mean over all entries of (z - onehot(y))^2}, as PyTorch's MSELoss. */
    MSE;

    /**
     * The loss of {@code z} (batch x classes) for {@code labels[0, batch)}; writes its gradient
     * into {@code dz} (same shape as z, may be z itself) when dz is not null.
     *
     * @throws IllegalArgumentException if shapes differ or a label is outside [0, classes)
     */
    public double evaluate(FloatMatrix z, int[] labels, FloatMatrix dz) {
        int batch = z.rows(), k = z.cols();
        if (labels.length < batch || (dz != null && (dz.rows() != batch || dz.cols() != k)) || batch == 0) {
            throw new IllegalArgumentException("loss: outputs " + batch + "x" + k + ", " + labels.length + " labels, gradient "
                    + (dz == null ? "none" : dz.rows() + "x" + dz.cols()) + "; expected a non-empty batch, a label per row and a gradient of the outputs' shape");
        }
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int y = labels[b];
            if (y < 0 || y >= k) throw new IllegalArgumentException("label " + y + " of example " + b + " is outside [0, " + k + ")");
            if (this == SOFTMAX_CROSS_ENTROPY) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) max = Math.max(max, z.get(b, j));
                double sum = 0;
                for (int j = 0; j < k; j++) sum += StrictMath.exp(z.get(b, j) - max);
                double logSum = max + StrictMath.log(sum);
                total += logSum - z.get(b, y);
                if (dz != null) {
                    for (int j = 0; j < k; j++) {
                        double p = StrictMath.exp(z.get(b, j) - logSum);
                        dz.set(b, j, (float) ((p - (j == y ? 1 : 0)) / batch));
                    }
                }
            } else {
                for (int j = 0; j < k; j++) {
                    double r = z.get(b, j) - (j == y ? 1 : 0);
                    total += r * r;
                    if (dz != null) dz.set(b, j, (float) (2 * r / ((double) batch * k)));
                }
            }
        }
        return this == SOFTMAX_CROSS_ENTROPY ? total / batch : total / ((double) batch * k);
    }

    /** Number of rows of {@code z} whose largest entry (the first, on ties) is at the label. */
    public static int correct(FloatMatrix z, int[] labels) {
        int hits = 0;
        for (int b = 0; b < z.rows(); b++) {
            int arg = 0;
            for (int j = 1; j < z.cols(); j++) if (z.get(b, j) > z.get(b, arg)) arg = j;
            if (arg == labels[b]) hits++;
        }
        return hits;
    }
}
