package dev.vnlab.optim;

import java.util.List;

/** Plain SGD: {@code w -= lr g}. */
public final class Sgd extends Optimizer {
    public Sgd(List<Parameter> params) { super("sgd", params, 0); }

    @Override protected void update(Parameter p, float[][] s, double lr, long t) {
        float[] w = p.value(), g = p.grad();
        float a = (float) -lr;
        for (int k = 0; k < p.length(); k++) w[p.offset() + k] = Math.fma(a, g[p.gradOffset() + k], w[p.offset() + k]);
    }
}
