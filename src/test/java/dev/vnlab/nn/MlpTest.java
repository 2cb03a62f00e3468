package dev.vnlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.data.Dataset;
import dev.vnlab.data.Synthetic;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.optim.Adam;
import dev.vnlab.optim.Optimizer;
import dev.vnlab.optim.Parameter;
import dev.vnlab.optim.Sgd;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MlpTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);
    private static final Init GAUSS = new Init(Init.Scheme.GAUSSIAN, 1.5, 0.1);

    @AfterAll
    static void close() { ONE.close(); }

    static FloatMatrix randomInputs(int rows, int cols, long seed) {
        Random r = new Random(seed);
        FloatMatrix x = new FloatMatrix(rows, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) x.set(i, j, (float) r.nextGaussian());
        return x;
    }

    /** Every weight and bias gradient against central differences of the loss (accumulated in double). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesFiniteDifferences(Activation phi) {
        Mlp net = Mlp.create(3, new int[] {4, 5}, 3, phi, GAUSS, GAUSS, Rng.seeded(phi.ordinal()), BLAS);
        Pass pass = new Pass(net, 2, BLAS);
        FloatMatrix in = randomInputs(2, 3, 7);
        int[] y = {2, 0};
        pass.forward(in);
        pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, y);
        for (Parameter p : net.parameters()) {
            float[] grad = p.grad().clone();
            for (int k = 0; k < p.length(); k++) {
                float v = p.value()[k], e = 1f / 256, up = v + e, down = v - e;
                p.value()[k] = up;
                double lUp = Loss.SOFTMAX_CROSS_ENTROPY.evaluate(pass.forward(in), y, null);
                p.value()[k] = down;
                double lDown = Loss.SOFTMAX_CROSS_ENTROPY.evaluate(pass.forward(in), y, null);
                p.value()[k] = v;
                double fd = (lUp - lDown) / ((double) up - down);
                assertThat((double) grad[k]).as("%s %s[%d]", phi, p.name(), k).isCloseTo(fd, within(2e-3 + 2e-2 * Math.abs(fd)));
            }
        }
    }

    @Test
    void firstHiddenLayerIsPhiOfAffineMap() {
        Mlp net = Mlp.create(6, new int[] {5}, 2, Activation.TANH, GAUSS, GAUSS, Rng.seeded(1), BLAS);
        Pass pass = new Pass(net, 3, BLAS);
        FloatMatrix in = randomInputs(3, 6, 2);
        pass.forward(in);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 5; j++) {
                double h = net.bias(1)[j];
                for (int k = 0; k < 6; k++) h += (double) in.get(r, k) * net.weight(1).get(j, k);
                assertThat((double) pass.output(1).get(r, j)).isCloseTo(Math.tanh(h), within(1e-6));
            }
        }
    }

    @Test
    void learnsXor() {
        Dataset xor = Synthetic.xor();
        Mlp net = Mlp.create(2, new int[] {8}, 2, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), new Init(Init.Scheme.GAUSSIAN, 1, 0), Rng.seeded(3), BLAS);
        Pass pass = new Pass(net, 4, BLAS);
        Optimizer opt = new Adam(net.parameters(), false);
        double loss = Double.NaN;
        for (int step = 0; step < 400; step++) {
            pass.forward(xor.inputs());
            loss = pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, xor.labels());
            opt.step(0.05);
        }
        assertThat(Loss.correct(pass.forward(xor.inputs()), xor.labels())).isEqualTo(4);
        assertThat(loss).isLessThan(0.05);
    }

    @Test
    void trainingGivesTheSameWeightsBitForBitOnOneAndTwoThreads() {
        float[][] finals = new float[2][];
        for (int t = 1; t <= 2; t++) {
            try (Workers w = Workers.of(t)) {
                Blas blas = Blas.on(w);
                Mlp net = Mlp.create(40, new int[] {128, 128}, 10, Activation.TANH, GAUSS, GAUSS, Rng.seeded(11), blas);
                Pass pass = new Pass(net, 64, blas);
                Optimizer opt = new Sgd(net.parameters()).on(blas);
                FloatMatrix in = randomInputs(64, 40, 5);
                int[] y = new int[64];
                for (int i = 0; i < 64; i++) y[i] = i % 10;
                for (int step = 0; step < 10; step++) {
                    pass.forward(in);
                    pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, y);
                    opt.step(0.05);
                }
                finals[t - 1] = net.weight(1).data().clone();
            }
        }
        assertThat(finals[1]).containsExactly(finals[0]);
    }

    @Test
    void misuseIsRejected() {
        Mlp net = Mlp.create(3, new int[] {4}, 2, Activation.RELU, GAUSS, GAUSS, Rng.seeded(1), BLAS);
        Pass pass = new Pass(net, 2, BLAS);
        assertThatThrownBy(() -> pass.backward(new FloatMatrix(2, 2))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pass.forward(new FloatMatrix(2, 4))).hasMessageContaining("2x4").hasMessageContaining("expected 2x3");
        assertThatThrownBy(() -> Mlp.create(3, new int[] {0}, 2, Activation.RELU, GAUSS, GAUSS, Rng.seeded(1), BLAS)).hasMessageContaining("width 0");
        assertThatThrownBy(() -> new Pass(net, 0, BLAS)).hasMessageContaining("batch size 0");
        assertThatThrownBy(() -> pass.output(2)).hasMessage("hidden layer 2 does not exist; expected 1 to 1");
        assertThatThrownBy(() -> pass.output(0)).hasMessage("hidden layer 0 does not exist; expected 1 to 1");
        assertThatThrownBy(() -> net.weight(0)).hasMessage("layer 0 has no weights; expected 1 to 2");
        assertThatThrownBy(() -> net.width(3)).hasMessage("layer 3 does not exist; expected 0 (the inputs) to 2 (the logits)");
    }

    /** The logits equal the training pass's bit for bit, with mixed widths so the shared buffers change shape. */
    @Test
    void forwardOnlyGivesTheTrainingPassLogitsAndNothingElse() {
        int[] widths = {7, 9, 5, 9, 6, 8};
        Mlp net = Mlp.create(4, widths, 3, Activation.TANH, GAUSS, GAUSS, Rng.seeded(21), BLAS);
        FloatMatrix in = randomInputs(5, 4, 22);
        Pass full = new Pass(net, 5, BLAS);
        full.forward(in);
        Pass logitsOnly = Pass.forwardOnly(net, 5, BLAS);
        assertThat(logitsOnly.forward(in).toArray()).isEqualTo(full.logits().toArray());
        assertThatThrownBy(() -> logitsOnly.output(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> logitsOnly.slope(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> logitsOnly.backward(Loss.SOFTMAX_CROSS_ENTROPY, new int[5])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("forward-only");
    }

    /** Layers are numbered 1..L+1, L = 6 hidden here; widths 0..L+1 run from the inputs to the logits. */
    @Test
    void layersAreNumberedFromOneWithTheInputsAtZero() {
        int[] widths = {7, 9, 5, 9, 6, 8};
        Mlp net = Mlp.create(4, widths, 3, Activation.TANH, GAUSS, GAUSS, Rng.seeded(21), BLAS);
        assertThat(net.depth()).isEqualTo(6);
        assertThat(net.width(0)).isEqualTo(4);
        for (int l = 1; l <= 6; l++) {
            assertThat(net.width(l)).isEqualTo(widths[l - 1]);
            assertThat(net.weight(l).rows()).isEqualTo(net.width(l));
            assertThat(net.weight(l).cols()).isEqualTo(net.width(l - 1));
        }
        assertThat(net.width(7)).isEqualTo(3);
        assertThat(net.parameters().get(0).name()).isEqualTo("W1");
        assertThat(net.parameters().get(0).value()).isSameAs(net.weight(1).data());
        assertThat(net.parameters().get(13).name()).isEqualTo("b7");
    }
}
