package dev.vnlab.optim;

import java.util.List;

/** AdaGrad, PyTorch's form: {@code s += g^2}, {@code w -= lr g / (sqrt(s) + eps)}. */
public final class AdaGrad extends Optimizer {
    private final float eps;

    /**
     * @throws IllegalArgumentException if eps is not positive
     */
    public AdaGrad(List<Parameter> params, double eps) {
        super("adagrad", params, 1);
        if (!(eps > 0)) throw new IllegalArgumentException("AdaGrad eps " + eps + " is invalid; expected > 0");
        this.eps = (float) eps;
    }

    /** PyTorch's default eps 1e-10. */
    public AdaGrad(List<Parameter> params) { this(params, 1e-10); }

    @Override protected void update(Parameter p, float[][] s, double lr, long t) {
        float[] w = p.value(), g = p.grad(), acc = s[0];
        float rate = (float) lr;
        for (int k = 0; k < p.length(); k++) {
            float gk = g[p.gradOffset() + k];
            float ak = Math.fma(gk, gk, acc[k]);
            acc[k] = ak;
            w[p.offset() + k] -= rate * gk / ((float) Math.sqrt(ak) + eps);
        }
    }
}
