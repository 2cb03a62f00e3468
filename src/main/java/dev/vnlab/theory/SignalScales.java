package dev.vnlab.theory;

import java.util.List;

/**
 * Forward and backward variance scales of a depth-L network (docs/theory.md section 4, eq.
 * 4.1-4.3), with sigma_x^2 the variance of the input nodes and sigma_y^2 that of the gradient
 * at the output layer.
 *
 * @param forwardVariance {@code Var[x_L]} (eq. 4.1)
 * @param backwardVariance {@code Var[dCost/dx_0]} (eq. 4.2)
 * @param weightGradientVariances {@code Var[dCost/dW_l]} for l = 1..L (element l - 1; eq. 4.3),
 *        the product of Var[x_{l-1}] and Var[dCost/dh_l]; unmodifiable
 */
public record SignalScales(double forwardVariance, double backwardVariance, List<Double> weightGradientVariances) {
    /** Copies the list (unmodifiable). */
    public SignalScales {
        weightGradientVariances = List.copyOf(weightGradientVariances);
    }
}
