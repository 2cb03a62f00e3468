package dev.vnlab.theory;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;

/**
 * A critical initialisation of an activation: weight and bias scales at which
 * {@code sigma_w^2 mu_1(q*) = 1}, with q* the fixed point of the variance map there.
 *
 * @param activation the activation phi
 * @param sigmaW2 the weight scale sigma_w^2 (weights of variance sigma_w^2 / fan_in)
 * @param sigmaB2 the bias variance sigma_b^2
 * @param qStar the fixed point q* of the variance map at (sigma_w^2, sigma_b^2); +Infinity for a
 *        positively homogeneous activation (linear, ReLU, leaky ReLU) with sigma_b^2 &gt; 0, whose
 *        mu_1 does not depend on q and whose q_l then grows linearly in l without bound
 */
public record CriticalPoint(Activation activation, double sigmaW2, double sigmaB2, double qStar) {
    /** The {@link Init} with these scales and the given weight distribution. */
    public Init init(Init.Scheme scheme) { return new Init(scheme, sigmaW2, sigmaB2); }
}
