package dev.vnlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The observed pass against the training pass (bit for bit), its tangents against an explicit
 * Jacobian product in double, layers drawn on demand against the held network, and the numbering.
 */
class ObservedPassTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(ONE);
    private static final Init INIT = new Init(Init.Scheme.GAUSSIAN, 1.5, 0.1);
    private static final int[] WIDTHS = {7, 9, 5, 9, 6, 8}; // mixed, so the alternating buffers change shape

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    private static Mlp net(Activation phi, Blas blas) {
        return Mlp.create(4, WIDTHS, 3, phi, INIT, INIT, Rng.seeded(21), blas);
    }

    private static FloatMatrix inputs(int rows, int cols, long seed) {
        FloatMatrix x = new FloatMatrix(rows, cols);
        Rng.seeded(seed).fillGaussian(x, 0f, 1f, BLAS);
        return x;
    }

    /** Copies of what the observers of each depth saw, batches stacked in input order. */
    private static final class Recorder {
        final FloatMatrix[] outputs, slopes;

        Recorder(Layers net, int rows, ObservedPass pass, boolean slopes) {
            outputs = new FloatMatrix[net.depth() + 1];
            this.slopes = new FloatMatrix[net.depth() + 1];
            for (int l = 0; l <= net.depth(); l++) {
                FloatMatrix x = outputs[l] = new FloatMatrix(rows, net.width(l));
                FloatMatrix d = l > 0 && slopes ? (this.slopes[l] = new FloatMatrix(rows, net.width(l))) : null;
                pass.observe(l, layer -> {
                    x.rowsView((int) layer.first(), layer.rows()).copyFrom(layer.outputs());
                    if (d != null) d.rowsView((int) layer.first(), layer.rows()).copyFrom(layer.slopes());
                });
            }
        }
    }

    @Test
    void observersSeeTheTrainingPassActivationsAndSlopesBitForBitWhateverTheBatch() {
        int m = 23;
        FloatMatrix x = inputs(m, 4, 22);
        for (Activation phi : Activation.values()) { // slopes from h and from phi(h) alike
            Mlp net = net(phi, BLAS);
            Pass whole = new Pass(net, m, BLAS);
            whole.forward(x);
            for (int batch : new int[] {1, 5, m, 100}) { // a short last batch, and a batch larger than the set
                ObservedPass pass = new ObservedPass(net, BLAS).withSlopes();
                Recorder seen = new Recorder(net, m, pass, true);
                pass.run(RowSource.of(x), batch);
                assertThat(seen.outputs[0].toArray()).isEqualTo(x.toArray());
                for (int l = 1; l <= net.depth(); l++) {
                    // Equal here for every batch size; the pass promises equality for the training pass's batch size.
                    assertThat(seen.outputs[l].toArray()).as("%s x_%d, batch %d", phi, l, batch).isEqualTo(whole.output(l).toArray());
                    assertThat(seen.slopes[l].toArray()).as("%s phi'(h_%d), batch %d", phi, l, batch).isEqualTo(whole.slope(l).toArray());
                }
            }
        }
    }

    @Test
    void batchesArriveInInputOrderWithTheirRowsAndTheLayersWeights() {
        Mlp net = net(Activation.TANH, BLAS);
        List<String> calls = new ArrayList<>();
        ObservedPass pass = new ObservedPass(net, BLAS);
        for (int l : new int[] {0, 2, 6}) {
            pass.observe(l, layer -> {
                calls.add(layer.depth() + "@" + layer.first() + "+" + layer.rows());
                assertThat(layer.outputs().cols()).isEqualTo(net.width(layer.depth()));
                if (layer.depth() > 0) {
                    assertThat(layer.weight()).isSameAs(net.weight(layer.depth()));
                    assertThat(layer.bias()).isSameAs(net.bias(layer.depth()));
                    assertThatThrownBy(layer::slopes).isInstanceOf(IllegalStateException.class).hasMessageContaining("withSlopes");
                } else {
                    assertThatThrownBy(layer::weight).isInstanceOf(IllegalStateException.class);
                }
                assertThatThrownBy(layer::tangents).isInstanceOf(IllegalStateException.class);
            });
        }
        pass.run(RowSource.of(inputs(12, 4, 3)), 5);
        assertThat(calls).containsExactly("0@0+5", "2@0+5", "6@0+5", "0@5+5", "2@5+5", "6@5+5", "0@10+2", "2@10+2", "6@10+2");
    }

    /** A network whose layers are drawn when asked, as Mlp.create draws them, and a log of what was asked. */
    private static final class DrawnLayers implements Layers {
        final List<Integer> asked = new ArrayList<>();
        final Activation phi;

        DrawnLayers(Activation phi) { this.phi = phi; }

        @Override public int depth() { return WIDTHS.length; }
        @Override public int width(int l) { return l == 0 ? 4 : l <= WIDTHS.length ? WIDTHS[l - 1] : 3; }
        @Override public Activation activation() { return phi; }

        @Override public FloatMatrix weight(int l) {
            asked.add(l);
            FloatMatrix w = new FloatMatrix(width(l), width(l - 1));
            INIT.weights(w, Rng.seeded(21).child(l - 1).child(0), BLAS);
            return w;
        }

        @Override public float[] bias(int l) {
            float[] b = new float[width(l)];
            INIT.biases(b, Rng.seeded(21).child(l - 1).child(1), BLAS);
            return b;
        }
    }

    @Test
    void layersDrawnOnDemandGiveTheHeldNetworksNumbersAndAreAskedForInOrderUpToTheDeepestObserved() {
        FloatMatrix x = inputs(11, 4, 5);
        Mlp held = net(Activation.HARD_TANH, BLAS);
        DrawnLayers drawn = new DrawnLayers(Activation.HARD_TANH);
        ObservedPass a = new ObservedPass(held, BLAS).withSlopes(), b = new ObservedPass(drawn, BLAS).withSlopes();
        Recorder fromHeld = new Recorder(held, 11, a, true), fromDrawn = new Recorder(drawn, 11, b, true);
        a.run(RowSource.of(x), 6);
        b.run(RowSource.of(x), 6);
        for (int l = 0; l <= held.depth(); l++) assertThat(fromDrawn.outputs[l].toArray()).as("x_%d", l).isEqualTo(fromHeld.outputs[l].toArray());

        DrawnLayers shallow = new DrawnLayers(Activation.HARD_TANH);
        new ObservedPass(shallow, BLAS).observe(3, layer -> {}).run(RowSource.of(x), 6);
        assertThat(shallow.asked).as("layer by layer, once per batch, never past depth 3").containsExactly(1, 2, 3, 1, 2, 3);
    }

    /** J_l t in double: the explicit product D_l W_l ... D_1 W_1 t at one input row. */
    private static double[] explicitTangent(Mlp net, int depth, float[] in, float[] t) {
        double[] a = new double[in.length], v = new double[t.length];
        for (int k = 0; k < in.length; k++) {
            a[k] = in[k];
            v[k] = t[k];
        }
        for (int l = 1; l <= depth; l++) {
            FloatMatrix w = net.weight(l);
            double[] h = new double[w.rows()], next = new double[w.rows()];
            for (int i = 0; i < w.rows(); i++) {
                double s = net.bias(l)[i], dv = 0;
                for (int k = 0; k < w.cols(); k++) {
                    s += (double) w.get(i, k) * a[k];
                    dv += (double) w.get(i, k) * v[k];
                }
                h[i] = net.activation().apply(s);
                next[i] = net.activation().slope(s) * dv;
            }
            a = h;
            v = next;
        }
        return v;
    }

    @Test
    void tangentsAreTheJacobianTimesTheSeedsAtEveryDepth() {
        int m = 9, p = 3;
        Mlp net = net(Activation.TANH, BLAS);
        FloatMatrix x = inputs(m, 4, 7), seeds = inputs(m * p, 4, 8);
        ObservedPass pass = new ObservedPass(net, BLAS).withTangents(RowSource.of(seeds), p);
        FloatMatrix[] tangents = new FloatMatrix[net.depth() + 1];
        for (int l = 0; l <= net.depth(); l++) {
            FloatMatrix t = tangents[l] = new FloatMatrix(m * p, net.width(l));
            pass.observe(l, layer -> t.rowsView((int) layer.first() * p, layer.rows() * p).copyFrom(layer.tangents()));
        }
        pass.run(RowSource.of(x), 4);
        assertThat(tangents[0].toArray()).isEqualTo(seeds.toArray());
        for (int l = 1; l <= net.depth(); l++) {
            for (int r = 0; r < m * p; r++) {
                double[] want = explicitTangent(net, l, x.toArray()[r / p], seeds.toArray()[r]);
                for (int i = 0; i < want.length; i++) {
                    assertThat((double) tangents[l].get(r, i)).as("depth %d, seed %d, node %d", l, r, i).isCloseTo(want[i], within(1e-5 + 1e-4 * Math.abs(want[i])));
                }
            }
        }
    }

    @Test
    void tangentsMatchAFiniteDifferenceOfTheActivations() {
        Mlp net = net(Activation.ERF, BLAS);
        FloatMatrix x = inputs(1, 4, 9), t = inputs(1, 4, 10);
        int depth = net.depth();
        float[] seen = new float[net.width(depth)];
        new ObservedPass(net, BLAS).withTangents(RowSource.of(t), 1)
                .observe(depth, layer -> System.arraycopy(layer.tangents().toArray()[0], 0, seen, 0, seen.length)).run(RowSource.of(x), 1);
        double eps = 1e-3;
        double[] up = activations(net, x, t, eps), down = activations(net, x, t, -eps);
        for (int i = 0; i < seen.length; i++) assertThat((double) seen[i]).isCloseTo((up[i] - down[i]) / (2 * eps), within(2e-3));
    }

    /** x_L at x + eps t, in double from the float weights. */
    private static double[] activations(Mlp net, FloatMatrix x, FloatMatrix t, double eps) {
        double[] a = new double[x.cols()];
        for (int k = 0; k < a.length; k++) a[k] = x.get(0, k) + eps * t.get(0, k);
        for (int l = 1; l <= net.depth(); l++) {
            FloatMatrix w = net.weight(l);
            double[] h = new double[w.rows()];
            for (int i = 0; i < h.length; i++) {
                double s = net.bias(l)[i];
                for (int k = 0; k < w.cols(); k++) s += (double) w.get(i, k) * a[k];
                h[i] = net.activation().apply(s);
            }
            a = h;
        }
        return a;
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        // Wide enough for the GEMMs to split across threads.
        FloatMatrix x = inputs(300, 40, 11), seeds = inputs(600, 40, 12);
        float[][][] got = new float[2][][];
        for (int t = 0; t < 2; t++) {
            Blas blas = Blas.on(t == 0 ? ONE : TWO);
            Mlp net = Mlp.create(40, new int[] {200, 200}, 2, Activation.TANH, INIT, INIT, Rng.seeded(3), blas);
            FloatMatrix last = new FloatMatrix(600, 200);
            new ObservedPass(net, blas).withTangents(RowSource.of(seeds), 2)
                    .observe(2, layer -> last.rowsView((int) layer.first() * 2, layer.rows() * 2).copyFrom(layer.tangents())).run(RowSource.of(x), 128);
            got[t] = last.toArray();
        }
        assertThat(got[1]).isEqualTo(got[0]);
    }

    @Test
    void depthsAreZeroForTheInputsToLAndMisuseIsRejected() {
        Mlp net = net(Activation.TANH, BLAS);
        ObservedPass pass = new ObservedPass(net, BLAS);
        assertThatThrownBy(() -> pass.observe(7, layer -> {})).hasMessage("depth 7 does not exist; expected 0 (the inputs) to 6 (the last hidden layer)");
        assertThatThrownBy(() -> pass.observe(-1, layer -> {})).hasMessageStartingWith("depth -1 does not exist");
        assertThatThrownBy(() -> pass.run(RowSource.of(new FloatMatrix(3, 5)), 2)).hasMessage("inputs have 5 columns; the network expects 4");
        assertThatThrownBy(() -> pass.run(RowSource.of(new FloatMatrix(3, 4)), 0)).hasMessage("batch size 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> pass.withTangents(RowSource.of(new FloatMatrix(3, 4)), 0)).hasMessageContaining("expected at least 1");
        ObservedPass tangents = new ObservedPass(net, BLAS).withTangents(RowSource.of(new FloatMatrix(5, 4)), 2);
        assertThatThrownBy(() -> tangents.run(RowSource.of(new FloatMatrix(3, 4)), 2)).hasMessage("tangent seeds have 5 rows; expected 6, 2 per input");
    }
}
