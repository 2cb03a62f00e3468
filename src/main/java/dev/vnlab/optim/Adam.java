package dev.vnlab.optim;

import java.util.List;

/**
 * Adam (Kingma and Ba), PyTorch's form: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. AdamW (Loshchilov and
 * Hutter) decouples weight decay: {@code w *= 1 - lr lambda} before the update.
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2;
    private final float eps;
    private final boolean decoupled;

    /**
     * @param decoupled true for AdamW
     * @throws IllegalArgumentException if a beta is not in [0, 1) or eps is not positive
     */
    public Adam(List<Parameter> params, double beta1, double beta2, double eps, boolean decoupled) {
        super(decoupled ? "adamw" : "adam", params, 2);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas (" + beta1 + ", " + beta2 + ") are invalid; expected both in [0, 1)");
        }
        if (!(eps > 0)) throw new IllegalArgumentException("Adam eps " + eps + " is invalid; expected > 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = (float) eps;
        this.decoupled = decoupled;
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public Adam(List<Parameter> params, boolean decoupled) { this(params, 0.9, 0.999, 1e-8, decoupled); }

    @Override protected boolean decoupledDecay() { return decoupled; }

    @Override protected void update(Parameter p, float[][] s, double lr, long t) {
        float[] w = p.value(), g = p.grad(), m = s[0], v = s[1];
        float b1 = (float) beta1, c1 = (float) (1 - beta1), b2 = (float) beta2, c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float invRootBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        for (int k = 0; k < p.length(); k++) {
            float gk = g[p.gradOffset() + k];
            float mk = Math.fma(b1, m[k], c1 * gk);
            float vk = Math.fma(b2, v[k], c2 * gk * gk);
            m[k] = mk;
            v[k] = vk;
            float denom = (float) Math.sqrt(vk) * invRootBc2 + eps;
            w[p.offset() + k] -= stepSize * mk / denom;
        }
    }
}
