package dev.vnlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** First steps of every rule against values worked out by hand. */
class OptimizerTest {
    float[] w, g;

    private Optimizer with(Function<List<Parameter>, Optimizer> make, float[] w0) {
        w = w0.clone();
        g = new float[w.length];
        return make.apply(List.of(Parameter.of("w", w, g)));
    }

    private void grad(float... v) { System.arraycopy(v, 0, g, 0, v.length); }

    @Test
    void sgdAndCoupledWeightDecay() {
        Optimizer o = with(Sgd::new, new float[] {1, -2});
        grad(0.5f, 0.25f);
        o.step(0.1);
        assertThat(w).containsExactly(0.95f, -2.025f);
        Optimizer d = with(Sgd::new, new float[] {2}).weightDecay(0.5);
        grad(0);
        d.step(0.1);                                  // g = 0 + 0.5 * 2 = 1
        assertThat(w[0]).isCloseTo(1.9f, within(1e-7f));
    }

    @Test
    void momentumAndNesterov() {
        Optimizer m = with(p -> new Momentum(p, 0.9, false), new float[] {0});
        grad(1); m.step(0.1);                         // b = 1, w = -0.1
        grad(1); m.step(0.1);                         // b = 1.9, w = -0.29
        assertThat(w[0]).isCloseTo(-0.29f, within(1e-7f));
        Optimizer n = with(p -> new Momentum(p, 0.9, true), new float[] {0});
        grad(1); n.step(0.1);                         // b = 1, step g + 0.9 b = 1.9
        assertThat(w[0]).isCloseTo(-0.19f, within(1e-7f));
        grad(1); n.step(0.1);                         // b = 1.9, step 1 + 1.71 = 2.71
        assertThat(w[0]).isCloseTo(-0.461f, within(1e-6f));
    }

    @Test
    void adamMovesEachWeightByTheLearningRateUnderAConstantGradient() {
        // With bias correction, m/(1-b1^t) = g and v/(1-b2^t) = g^2 for a constant g: every step is lr sign(g).
        Optimizer a = with(p -> new Adam(p, false), new float[] {0, 0});
        for (int t = 1; t <= 3; t++) {
            grad(2f, -0.5f);
            a.step(0.01);
            assertThat(w[0]).isCloseTo(-0.01f * t, within(1e-7f));
            assertThat(w[1]).isCloseTo(0.01f * t, within(1e-7f));
        }
        assertThat(a.steps()).isEqualTo(3);
    }

    @Test
    void adamWDecaysTheWeightsNotTheGradient() {
        Optimizer aw = with(p -> new Adam(p, true), new float[] {1}).weightDecay(0.1);
        grad(0);
        aw.step(0.01);                                // w *= 1 - 0.001; the zero gradient moves nothing
        assertThat(w[0]).isCloseTo(0.999f, within(1e-7f));
        Optimizer a = with(p -> new Adam(p, false), new float[] {1}).weightDecay(0.1);
        grad(0);
        a.step(0.01);                                 // coupled: g = 0.1, and Adam moves by lr
        assertThat(w[0]).isCloseTo(0.99f, within(1e-7f));
    }

    @Test
    void rmsPropAndAdaGrad() {
        Optimizer r = with(RmsProp::new, new float[] {0});
        grad(4); r.step(0.001);                       // v = 0.01 * 16, sqrt = 0.4: w -= 0.001 * 4 / 0.4
        assertThat(w[0]).isCloseTo(-0.01f, within(1e-8f));
        grad(4); r.step(0.001);                       // v = 0.99 * 0.16 + 0.16 = 0.3184
        assertThat(w[0]).isCloseTo((float) (-0.01 - 0.004 / Math.sqrt(0.3184)), within(1e-8f));
        Optimizer ada = with(AdaGrad::new, new float[] {0});
        grad(3); ada.step(0.1);                       // s = 9: w -= 0.1 * 3 / 3
        grad(4); ada.step(0.1);                       // s = 25: w -= 0.1 * 4 / 5
        assertThat(w[0]).isCloseTo(-0.18f, within(1e-7f));
    }

    @Test
    void globalNormClippingScalesEveryGradient() {
        float[] w1 = {0}, g1 = {3}, w2 = {0}, g2 = {4};
        Optimizer o = new Sgd(List.of(Parameter.of("a", w1, g1), Parameter.of("b", w2, g2))).clipNorm(1.0);
        assertThat(o.step(1.0)).isCloseTo(5.0, within(1e-12));
        assertThat(w1[0]).isCloseTo(-0.6f, within(1e-6f));
        assertThat(w2[0]).isCloseTo(-0.8f, within(1e-6f));
        Optimizer loose = new Sgd(List.of(Parameter.of("a", w1, new float[] {0.3f}))).clipNorm(1.0);
        loose.step(1.0);                              // below the bound: untouched
        assertThat(w1[0]).isCloseTo(-0.9f, within(1e-6f));
    }

    /**
     * Without clipping, the norm reported is the gradient's before coupled decay adds to it, the
     * same bits as with a bound that does not bite, and the updates are the same too.
     */
    @Test
    void reportedNormWithoutClippingIsTheGradientsBeforeDecay() {
        float[] g1 = {3, 0, 1e-3f}, g2 = {4};
        float[] w1 = {0.5f, -2, 7}, w2 = {1};
        float[] v1 = w1.clone(), v2 = w2.clone();
        Optimizer free = new Sgd(List.of(Parameter.of("a", w1, g1.clone()), Parameter.of("b", w2, g2.clone()))).weightDecay(0.5);
        Optimizer bounded = new Sgd(List.of(Parameter.of("a", v1, g1.clone()), Parameter.of("b", v2, g2.clone()))).weightDecay(0.5).clipNorm(1e9);
        double naive = Math.sqrt(3.0 * 3 + 1e-3f * (double) 1e-3f + 4.0 * 4);
        double norm = free.step(0.1);
        assertThat(norm).isCloseTo(naive, within(1e-12)).isEqualTo(bounded.step(0.1));
        assertThat(w1).containsExactly(v1);
        assertThat(w2).containsExactly(v2);
        assertThat(w1[1]).isEqualTo(-2 - 0.1f * (0.5f * -2), within(1e-6f)); // decay moved a weight whose gradient is 0
    }

    /** Many parameters of mixed sizes, with clipping and weight decay: any thread count gives the serial bits. */
    @Test
    void stepsOnWorkersGiveTheSerialBits() {
        for (Function<List<Parameter>, Optimizer> make : List.<Function<List<Parameter>, Optimizer>>of(
                p -> new Adam(p, true), p -> new Adam(p, false), p -> new Momentum(p, 0.9, true), RmsProp::new, AdaGrad::new, Sgd::new)) {
            float[][] results = null;
            double[] norms = new double[4];
            for (int threads = 0; threads <= 3; threads++) { // 0: no workers at all
                Random r = new Random(5);
                List<Parameter> params = new ArrayList<>();
                List<float[]> values = new ArrayList<>();
                for (int i = 0; i < 37; i++) {
                    int n = 1 + r.nextInt(300);
                    float[] v = new float[n], gr = new float[n];
                    for (int k = 0; k < n; k++) v[k] = (float) r.nextGaussian();
                    params.add(Parameter.of("p" + i, v, gr));
                    values.add(v);
                }
                Optimizer opt = make.apply(params).weightDecay(0.01).clipNorm(3);
                try (Workers workers = threads == 0 ? null : Workers.of(threads)) {
                    if (workers != null) opt.on(Blas.on(workers));
                    for (int step = 0; step < 4; step++) {
                        for (Parameter p : params) for (int k = 0; k < p.length(); k++) p.grad()[k] = (float) r.nextGaussian();
                        norms[threads] = opt.step(0.01);
                    }
                }
                float[][] now = values.toArray(new float[0][]);
                if (results == null) results = now;
                else for (int i = 0; i < now.length; i++) assertThat(now[i]).as("%s, %d threads, parameter %d", opt.rule(), threads, i).containsExactly(results[i]);
                assertThat(norms[threads]).isEqualTo(norms[0]);
            }
        }
    }

    @Test
    void savedStateResumesBitForBit() throws IOException {
        float[] w0 = {0.3f, -1.2f, 2.5f};
        float[][] grads = {{1, -2, 0.5f}, {0.3f, 0.3f, -1}, {-2, 1, 1}, {0.1f, -0.1f, 4}, {1, 1, 1}};
        for (Function<List<Parameter>, Optimizer> make : List.<Function<List<Parameter>, Optimizer>>of(
                p -> new Adam(p, true), p -> new Momentum(p, 0.9, true), RmsProp::new, AdaGrad::new, Sgd::new)) {
            Optimizer straight = with(make, w0);
            float[] ws = w, gs = g;
            for (float[] gr : grads) { System.arraycopy(gr, 0, gs, 0, 3); straight.step(0.01); }

            Optimizer first = with(make, w0);
            for (int i = 0; i < 3; i++) { grad(grads[i]); first.step(0.01); }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.save(new DataOutputStream(bytes));
            float[] wMid = w.clone();
            Optimizer resumed = with(make, wMid);
            resumed.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(resumed.steps()).isEqualTo(3);
            for (int i = 3; i < grads.length; i++) { grad(grads[i]); resumed.step(0.01); }
            assertThat(w).as(straight.rule()).containsExactly(ws);
        }
    }

    @Test
    void stateForAnotherRuleOrParameterListIsRefused() throws IOException {
        Optimizer a = with(p -> new Adam(p, false), new float[] {1, 2});
        grad(1, 1);
        a.step(0.1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.save(new DataOutputStream(bytes));
        Optimizer other = with(RmsProp::new, new float[] {1, 2});
        assertThatThrownBy(() -> other.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("for adam").hasMessageContaining("expected rmsprop");
        Optimizer wider = with(p -> new Adam(p, false), new float[] {1, 2, 3});
        assertThatThrownBy(() -> wider.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("w (2)").hasMessageContaining("w (3)");
    }

    @Test
    void schedules() {
        assertThat(Schedule.constant(0.1).rate(7)).isEqualTo(0.1);
        Schedule s = Schedule.step(1, 2, 0.5);
        assertThat(new double[] {s.rate(0), s.rate(1), s.rate(2), s.rate(3), s.rate(4)}).containsExactly(1, 1, 0.5, 0.5, 0.25);
        Schedule c = Schedule.cosine(1, 0.1, 4);
        assertThat(c.rate(0)).isEqualTo(1.0);
        assertThat(c.rate(2)).isCloseTo(0.55, within(1e-15));
        assertThat(c.rate(4)).isCloseTo(0.1, within(1e-15));
        assertThat(c.rate(9)).isEqualTo(0.1);
        assertThatThrownBy(() -> Schedule.constant(0)).hasMessageContaining("learning rate 0.0");
        assertThatThrownBy(() -> Schedule.step(1, 0, 0.5)).hasMessageContaining("period 0");
        assertThatThrownBy(() -> Schedule.cosine(1, 2, 4)).hasMessageContaining("floor 2.0");
    }

    @Test
    void badHyperParametersAreRejected() {
        List<Parameter> p = List.of(Parameter.of("w", new float[1], new float[1]));
        assertThatThrownBy(() -> new Momentum(p, 1.0, false)).hasMessageContaining("momentum 1.0");
        assertThatThrownBy(() -> new Adam(p, 0.9, 1.0, 1e-8, false)).hasMessageContaining("betas (0.9, 1.0)");
        assertThatThrownBy(() -> new RmsProp(p, 0.9, 0)).hasMessageContaining("eps 0.0");
        assertThatThrownBy(() -> new Sgd(List.of())).hasMessageContaining("no parameters");
        assertThatThrownBy(() -> new Sgd(p).step(Double.NaN)).hasMessageContaining("learning rate NaN");
        assertThatThrownBy(() -> new Sgd(p).weightDecay(-1)).hasMessageContaining("weight decay -1.0");
        assertThatThrownBy(() -> Parameter.of("b", new float[2], new float[3])).hasMessageContaining("b has 2 values but 3");
    }
}
