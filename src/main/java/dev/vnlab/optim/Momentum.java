package dev.vnlab.optim;

import java.util.List;

/**
 * SGD with momentum mu, PyTorch's form: {@code b = mu b + g}, then {@code w -= lr b}, or with
 * Nesterov {@code w -= lr (g + mu b)}.
 */
public final class Momentum extends Optimizer {
    private final float mu;
    private final boolean nesterov;

    /**
     * @throws IllegalArgumentException if mu is not in [0, 1)
     */
    public Momentum(List<Parameter> params, double mu, boolean nesterov) {
        super(nesterov ? "nesterov" : "momentum", params, 1);
        if (!(mu >= 0 && mu < 1)) throw new IllegalArgumentException("momentum " + mu + " is invalid; expected [0, 1)");
        this.mu = (float) mu;
        this.nesterov = nesterov;
    }

    @Override protected void update(Parameter p, float[][] s, double lr, long t) {
        float[] w = p.value(), g = p.grad(), b = s[0];
        float a = (float) -lr;
        for (int k = 0; k < p.length(); k++) {
            float gk = g[p.gradOffset() + k];
            float bk = Math.fma(mu, b[k], gk);
            b[k] = bk;
            float d = nesterov ? Math.fma(mu, bk, gk) : bk;
            w[p.offset() + k] = Math.fma(a, d, w[p.offset() + k]);
        }
    }
}
