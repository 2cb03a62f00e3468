package dev.vnlab.optim;

import java.util.List;

/** RMSProp, PyTorch's form: {@code v = alpha v + (1 - alpha) g^2}, {@code w -= lr g / (sqrt(v) + eps)}. */
public final class RmsProp extends Optimizer {
    private final float alpha, eps;

    /**
     * @throws IllegalArgumentException if alpha is not in [0, 1) or eps is not positive
     */
    public RmsProp(List<Parameter> params, double alpha, double eps) {
        super("rmsprop", params, 1);
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("RMSProp alpha " + alpha + " is invalid; expected [0, 1)");
        if (!(eps > 0)) throw new IllegalArgumentException("RMSProp eps " + eps + " is invalid; expected > 0");
        this.alpha = (float) alpha;
        this.eps = (float) eps;
    }

    /** PyTorch's defaults: alpha 0.99, eps 1e-8. */
    public RmsProp(List<Parameter> params) { this(params, 0.99, 1e-8); }

    @Override protected void update(Parameter p, float[][] s, double lr, long t) {
        float[] w = p.value(), g = p.grad(), v = s[0];
        float c = 1 - alpha, rate = (float) lr;
        for (int k = 0; k < p.length(); k++) {
            float gk = g[p.gradOffset() + k];
            float vk = Math.fma(alpha, v[k], c * gk * gk);
            v[k] = vk;
            w[p.offset() + k] -= rate * gk / ((float) Math.sqrt(vk) + eps);
        }
    }
}
