package dev.vnlab.theory;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The free-probability predictions of docs/theory.md section 4 for a depth-L, width-N network with
 * activation phi and initialisation {@link Init} (scheme, sigma_w^2, sigma_b^2), in two forms:
 * <ul>
 *   <li><b>fixed point</b>: every layer at the fixed point q* of the variance map (the paper's
 *       eq. 3.6): {@code m1 = chi^L}, {@code m2 = chi^(2L) L (mu_2/mu_1^2 + 1/L - 1 - s_1)},
 *       {@code VNI = 1/N + (L/N)(mu_2/mu_1^2 - 1 - s_1)}, with {@code chi = sigma_w^2 mu_1} and
 *       mu_k at q*;</li>
 *   <li><b>finite depth</b> (derived): layer l at q_l of the actual variance sequence from the
 *       input second moment q_x, {@code m1 = prod_l sigma_w^2 mu_1(q_l)},
 *       {@code m2/m1^2 = 1 + sum_l [mu_2(q_l)/mu_1(q_l)^2 - 1 - s_1]},
 *       {@code VNI = m2 / (N m1^2)}; it equals the fixed-point form when q_x puts q_1 at q*, and
 *       differs where q_l has not reached q* (tanh with sigma_b = 0, whose q_l decays like 1/l).</li>
 * </ul>
 * Both VNIs are first-order in L/N: accurate for N &gt;&gt; L and not clamped, so they exceed 1
 * for large L/N although a measured VNI cannot.
 */
public final class Predictions {
    private Predictions() {}

    /**
     * The fixed-point prediction (eq. 3.6).
     *
     * @throws IllegalArgumentException if depth &lt; 1 or width &lt; 1
     * @throws NoFixedPointException if the variance map has no finite fixed point (e.g. ReLU with
     *         sigma_w^2 &gt; 2, or linear with sigma_w^2 &gt; 1)
     */
    public static Prediction fixedPoint(Activation phi, Init init, int depth, int width) {
        return fixedPoint(phi, init, new int[] {depth}, width).get(0);
    }

    /**
     * The fixed-point predictions at each of {@code depths}, from one solve for q*: each equal to
     * {@link #fixedPoint(Activation, Init, int, int)} at its depth.
     *
     * @return an unmodifiable list, one per depth, in order
     * @throws IllegalArgumentException if a depth &lt; 1 or width &lt; 1
     * @throws NoFixedPointException as {@link #fixedPoint(Activation, Init, int, int)}
     */
    public static List<Prediction> fixedPoint(Activation phi, Init init, int[] depths, int width) {
        for (int depth : depths) MeanField.checkDepth(depth);
        checkWidth(width);
        double q = MeanField.fixedPoint(phi, init.sigmaW2(), init.sigmaB2());
        double mu1 = ActivationMoments.mu1(phi, q), mu2 = ActivationMoments.mu2(phi, q);
        double chi = init.sigmaW2() * mu1, excess = excess(phi, q, mu1, mu2, STransform.s1(init.scheme()));
        List<Prediction> out = new ArrayList<>(depths.length);
        for (int depth : depths) {
            double ratio = 1 + depth * excess;
            out.add(new Prediction(depth, width, StrictMath.pow(chi, depth), StrictMath.pow(chi, 2.0 * depth) * ratio, ratio, ratio / width));
        }
        return List.copyOf(out);
    }

    /**
     * The finite-depth (layerwise) prediction for inputs of per-component second moment q_x.
     *
     * @throws IllegalArgumentException if depth &lt; 1, width &lt; 1, q_x is negative, infinite or
     *         NaN, or q_l overflows
     */
    public static Prediction finiteDepth(Activation phi, Init init, int depth, int width, double qx) {
        List<Prediction> all = finiteDepthUpTo(phi, init, depth, width, qx);
        return all.get(depth - 1);
    }

    /**
     * The finite-depth predictions at every depth 1..maxDepth in one pass (one variance sequence,
     * prefix products and sums), for depth sweeps.
     *
     * @return an unmodifiable list; element L - 1 is the prediction at depth L
     * @throws IllegalArgumentException as {@link #finiteDepth}
     */
    public static List<Prediction> finiteDepthUpTo(Activation phi, Init init, int maxDepth, int width, double qx) {
        checkWidth(width);
        double[] q = MeanField.varianceSequence(phi, init.sigmaW2(), init.sigmaB2(), qx, maxDepth);
        double s1 = STransform.s1(init.scheme());
        List<Prediction> out = new ArrayList<>(maxDepth);
        double m1 = 1, ratio = 1;
        for (int l = 1; l <= maxDepth; l++) {
            double mu1 = ActivationMoments.mu1(phi, q[l - 1]), mu2 = ActivationMoments.mu2(phi, q[l - 1]);
            m1 *= init.sigmaW2() * mu1;
            ratio += excess(phi, q[l - 1], mu1, mu2, s1);
            out.add(new Prediction(l, width, m1, m1 * m1 * ratio, ratio, ratio / width));
        }
        return List.copyOf(out);
    }

    /**
     * Eq. 4.1-4.3 at the fixed point: {@code Var[x_L] = sigma_x^2 chi^L},
     * {@code Var[dCost/dx_0] = sigma_y^2 chi^L} and, for every layer,
     * {@code Var[dCost/dW_l] = sigma_x^2 sigma_y^2 chi^(L-1)}, chi = sigma_w^2 mu_1(q*).
     *
     * @throws IllegalArgumentException if depth &lt; 1 or a variance is negative, infinite or NaN
     * @throws NoFixedPointException if the variance map has no finite fixed point
     */
    public static SignalScales fixedPointScales(Activation phi, Init init, int depth, double sigmaX2, double sigmaY2) {
        MeanField.checkDepth(depth);
        checkVariance("sigma_x^2", sigmaX2);
        checkVariance("sigma_y^2", sigmaY2);
        double chi = Criticality.chi(phi, init.sigmaW2(), init.sigmaB2());
        double gain = StrictMath.pow(chi, depth);
        Double[] grads = new Double[depth];
        Arrays.fill(grads, sigmaX2 * sigmaY2 * StrictMath.pow(chi, depth - 1));
        return new SignalScales(sigmaX2 * gain, sigmaY2 * gain, Arrays.asList(grads));
    }

    /**
     * Eq. 4.1-4.3 layer by layer along the variance sequence from q_x, chi_l = sigma_w^2 mu_1(q_l):
     * {@code Var[x_L] = sigma_x^2 prod_l chi_l}, {@code Var[dCost/dx_0] = sigma_y^2 prod_l chi_l},
     * and {@code Var[dCost/dW_l] = sigma_x^2 sigma_y^2 prod_{k<l} chi_k prod_{k>l} chi_k}
     * (Var[x_{l-1}] from the l - 1 layers below, Var[dCost/dh_l] from the L - l above, as in the
     * paper's split of eq. 4.3).
     *
     * @param qx the per-component second moment of the inputs, which sets q_1
     * @param sigmaX2 the variance of the input nodes (q_x for zero-mean inputs)
     * @throws IllegalArgumentException if depth &lt; 1, a variance is negative, infinite or NaN, or
     *         q_l overflows
     */
    public static SignalScales finiteDepthScales(Activation phi, Init init, int depth, double qx, double sigmaX2, double sigmaY2) {
        checkVariance("sigma_x^2", sigmaX2);
        checkVariance("sigma_y^2", sigmaY2);
        double[] q = MeanField.varianceSequence(phi, init.sigmaW2(), init.sigmaB2(), qx, depth);
        double[] chi = new double[depth];
        for (int l = 0; l < depth; l++) chi[l] = init.sigmaW2() * ActivationMoments.mu1(phi, q[l]);
        // below[l] = prod of chi over layers before l, above[l] = over layers after l (0-based); no division, chi may be 0.
        double[] below = new double[depth], above = new double[depth];
        below[0] = 1;
        for (int l = 1; l < depth; l++) below[l] = below[l - 1] * chi[l - 1];
        above[depth - 1] = 1;
        for (int l = depth - 2; l >= 0; l--) above[l] = above[l + 1] * chi[l + 1];
        double gain = below[depth - 1] * chi[depth - 1];
        Double[] grads = new Double[depth];
        for (int l = 0; l < depth; l++) grads[l] = sigmaX2 * sigmaY2 * below[l] * above[l];
        return new SignalScales(sigmaX2 * gain, sigmaY2 * gain, Arrays.asList(grads));
    }

    /** {@code mu_2/mu_1^2 - 1 - s_1}, the per-layer growth of m2/m1^2. */
    private static double excess(Activation phi, double q, double mu1, double mu2, double s1) {
        if (!(mu1 > 0)) {
            throw new IllegalArgumentException("mu_1(" + q + ") of " + phi + " is " + mu1 + "; expected a q where phi' is not 0 almost everywhere");
        }
        return mu2 / (mu1 * mu1) - 1 - s1;
    }

    private static void checkWidth(int width) {
        if (width < 1) throw new IllegalArgumentException("width N = " + width + " is invalid; expected N >= 1");
    }

    private static void checkVariance(String name, double v) {
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + v + " is invalid; expected a finite value >= 0");
        }
    }
}
