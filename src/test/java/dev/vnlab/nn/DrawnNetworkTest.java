package dev.vnlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The network drawn on demand holds the numbers {@link Mlp#create} draws, bit for bit, whatever the
 * order its layers are asked for, gives the observed pass the same results, and holds at most
 * {@link DrawnNetwork#HELD} layers.
 */
class DrawnNetworkTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);

    @AfterAll
    static void close() { TWO.close(); }

    private static Init[] inits() {
        return new Init[] {new Init(Init.Scheme.GAUSSIAN, 1.7, 0.05), new Init(Init.Scheme.UNIFORM, 0.9, 0),
                new Init(Init.Scheme.ORTHOGONAL, 1.3, 0.2)};
    }

    /** Every layer's weights and bias equal the held network's, asked for in the order given. */
    private static void assertSameLayers(Mlp held, DrawnNetwork drawn, int[] order, String what) {
        for (int l : order) {
            assertThat(drawn.weight(l).toArray()).as("%s: W_%d", what, l).isEqualTo(held.weight(l).toArray());
            assertThat(drawn.bias(l)).as("%s: b_%d", what, l).isEqualTo(held.bias(l));
        }
    }

    private static int[] upAndDown(int layers) {
        int[] order = new int[2 * layers];
        for (int l = 1; l <= layers; l++) {
            order[l - 1] = l;
            order[2 * layers - l] = l;
        }
        return order;
    }

    @Test
    void everyLayerIsMlpCreatesForEveryActivationSchemeWidthAndDepth() {
        int[][] widths = {{1}, {5, 5}, {17, 3, 33, 1, 9}, {64, 64, 64, 64, 64, 64, 64}, {2, 31, 7}};
        int[] inputs = {1, 13, 40};
        int[] outputs = {1, 4};
        for (Activation phi : Activation.values()) {
            for (Init hidden : inits()) {
                for (int w = 0; w < widths.length; w++) {
                    int n0 = inputs[w % inputs.length], out = outputs[w % outputs.length];
                    Init output = inits()[(w + 1) % 3];
                    Rng rng = Rng.seeded(31 + w);
                    Mlp held = Mlp.create(n0, widths[w], out, phi, hidden, output, rng, BLAS);
                    DrawnNetwork drawn = DrawnNetwork.of(n0, widths[w], out, phi, hidden, output, rng, BLAS);
                    String what = phi + " " + hidden.scheme() + " widths " + java.util.Arrays.toString(widths[w]);
                    assertThat(drawn.activation()).isEqualTo(phi);
                    assertThat(drawn.depth()).isEqualTo(held.depth());
                    for (int l = 0; l <= held.depth() + 1; l++) assertThat(drawn.width(l)).as(what).isEqualTo(held.width(l));
                    assertSameLayers(held, drawn, upAndDown(held.depth() + 1), what);
                    int[] scattered = new int[held.depth() + 1];
                    for (int i = 0; i < scattered.length; i++) scattered[i] = 1 + (int) ((7L * i + 3) % scattered.length);
                    assertSameLayers(held, drawn, scattered, what + ", scattered");
                }
            }
        }
    }

    @Test
    void uniformWidthFactoryIsTheGeneralOne() {
        Init init = inits()[2];
        Mlp held = Mlp.create(6, 10, 4, 2, Activation.TANH, init, init, Rng.seeded(3), BLAS);
        DrawnNetwork drawn = DrawnNetwork.of(6, 10, 4, 2, Activation.TANH, init, init, Rng.seeded(3), BLAS);
        assertSameLayers(held, drawn, upAndDown(5), "uniform");
    }

    @Test
    void layersAreDrawnWhenFirstAskedAndKeptWhileHeld() {
        Init init = inits()[0];
        DrawnNetwork net = DrawnNetwork.of(8, 8, 5, 1, Activation.RELU, init, init, Rng.seeded(9), BLAS);
        assertThat(net.draws()).as("nothing drawn by making it").isZero();
        FloatMatrix w1 = net.weight(1);
        float[][] first = w1.toArray();
        net.bias(1);
        net.weight(2);
        net.bias(2);
        assertThat(net.draws()).as("weights and bias of a layer are one draw").isEqualTo(2);
        assertThat(net.weight(1).toArray()).as("the previous layer is still held").isEqualTo(first);
        assertThat(w1.toArray()).as("and its matrix still valid").isEqualTo(first);
        assertThat(net.draws()).isEqualTo(2);
        net.weight(3); // evicts layer 2, the least recently asked for
        net.weight(1);
        assertThat(net.draws()).isEqualTo(3);
        net.weight(2);
        assertThat(net.draws()).isEqualTo(4);
    }

    @Test
    void observedPassGivesTheHeldNetworksNumbersAndDrawsEachLayerOncePerBatchInAtMostHeldBuffers() {
        Init init = inits()[1];
        int[] widths = {9, 12, 5, 12, 7, 12};
        Mlp held = Mlp.create(4, widths, 3, Activation.TANH, init, init, Rng.seeded(2), BLAS);
        DrawnNetwork drawn = DrawnNetwork.of(4, widths, 3, Activation.TANH, init, init, Rng.seeded(2), BLAS);
        FloatMatrix x = new FloatMatrix(23, 4);
        Rng.seeded(4).fillGaussian(x, 0f, 1f, BLAS);
        FloatMatrix seeds = new FloatMatrix(23 * 2, 4);
        Rng.seeded(5).fillGaussian(seeds, 0f, 1f, BLAS);
        float[][][] fromHeld = run(held, x, seeds, null), fromDrawn;
        Set<float[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        fromDrawn = run(drawn, x, seeds, buffers);
        for (int i = 0; i < fromHeld.length; i++) assertThat(fromDrawn[i]).as("record %d", i).isEqualTo(fromHeld[i]);
        assertThat(drawn.draws()).as("6 layers, once for each of 3 batches").isEqualTo(18);
        assertThat(buffers.size()).as("weight buffers ever used").isLessThanOrEqualTo(DrawnNetwork.HELD);
    }

    /** Outputs, slopes and tangents of every depth, batches of 10 (a short last one); the weights' storage into {@code buffers}. */
    private static float[][][] run(Layers net, FloatMatrix x, FloatMatrix seeds, Set<float[]> buffers) {
        int depth = net.depth();
        float[][][] seen = new float[3 * depth][][];
        ObservedPass pass = new ObservedPass(net, BLAS).withTangents(RowSource.of(seeds), 2);
        for (int l = 1; l <= depth; l++) {
            int at = l;
            FloatMatrix out = new FloatMatrix(x.rows(), net.width(l)), slopes = new FloatMatrix(x.rows(), net.width(l));
            FloatMatrix tangents = new FloatMatrix(seeds.rows(), net.width(l));
            pass.observe(l, layer -> {
                out.rowsView((int) layer.first(), layer.rows()).copyFrom(layer.outputs());
                slopes.rowsView((int) layer.first(), layer.rows()).copyFrom(layer.slopes());
                tangents.rowsView(2 * (int) layer.first(), 2 * layer.rows()).copyFrom(layer.tangents());
                if (buffers != null) buffers.add(layer.weight().data());
                seen[3 * at - 3] = out.toArray();
                seen[3 * at - 2] = slopes.toArray();
                seen[3 * at - 1] = tangents.toArray();
            });
        }
        pass.run(RowSource.of(x), 10);
        return seen;
    }

    @Test
    void rejectsLayersThatDoNotExist() {
        Init init = inits()[0];
        DrawnNetwork net = DrawnNetwork.of(3, new int[] {4, 5}, 2, Activation.TANH, init, init, Rng.seeded(1), BLAS);
        assertThatThrownBy(() -> net.weight(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 to 3");
        assertThatThrownBy(() -> net.bias(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 to 3");
        assertThatThrownBy(() -> net.width(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 0 (the inputs) to 3");
        assertThatThrownBy(() -> DrawnNetwork.of(3, new int[] {4, 0}, 2, Activation.TANH, init, init, Rng.seeded(1), BLAS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 2 width 0");
        assertThat(net.draws()).isZero();
    }
}
