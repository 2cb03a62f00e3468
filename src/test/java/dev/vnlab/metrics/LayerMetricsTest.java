package dev.vnlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.data.Dataset;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Loss;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;
import dev.vnlab.nn.Trainer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.optim.Sgd;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Per-layer statistics of a network against its layers' activations taken whole, and the epoch monitor. */
class LayerMetricsTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    private static Mlp net(Activation phi, Blas blas) {
        return Mlp.create(24, new int[] {30, 30, 20, 30}, 5, phi, new Init(Init.Scheme.GAUSSIAN, 1.0, 0.02),
                new Init(Init.Scheme.GAUSSIAN, 1.0, 0), Rng.seeded(4), blas);
    }

    @Test
    void everyHiddenLayerMatchesTheTwoPassReferenceWhateverTheBatch() {
        Mlp net = net(Activation.TANH, BLAS);
        int m = 157; // more inputs than any layer has nodes, with a short last batch
        FloatMatrix x = new FloatMatrix(m, 24);
        Rng.seeded(7).fillGaussian(x, 0f, 1f, Blas.on(ONE));
        Pass whole = new Pass(net, m, BLAS);
        whole.forward(x);
        for (int batch : new int[] {1, 10, 64, m, 1000}) {
            LayerMetrics.Layer[] got = LayerMetrics.measure(net, RowSource.of(x), batch, true, BLAS);
            assertThat(got).hasSize(4);
            for (int l = 0; l < 4; l++) { // got[l] is depth l + 1
                double[][] ref = CovarianceTest.referenceCovariance(whole.output(l + 1));
                double vni = CovarianceTest.referenceVni(ref), tr = 0;
                for (int i = 0; i < ref.length; i++) tr += ref[i][i];
                assertThat(got[l].depth()).isEqualTo(l + 1);
                assertThat(got[l].inputs()).isEqualTo(m);
                assertThat(got[l].vni()).as("layer %d, batch %d", l, batch).isCloseTo(vni, within(2e-6 * vni));
                assertThat(got[l].participationRatio()).isCloseTo(1 / vni, within(2e-6 / vni));
                assertThat(got[l].meanVariance()).isCloseTo(tr / ref.length, within(2e-6 * tr));
                assertThat(got[l].entropyRank()).isBetween(1 / vni * 0.999, (double) ref.length);
                assertThat(got[l].deadFraction()).isZero();
            }
            assertThat(LayerMetrics.measure(net, RowSource.of(x), batch, false, BLAS)[2].entropyRank()).isNaN();
        }
        Covariance c = LayerMetrics.covariance(net, 4, RowSource.of(x), 50, BLAS);
        assertThat(c.vni()).isCloseTo(CovarianceTest.referenceVni(CovarianceTest.referenceCovariance(whole.output(4))), within(1e-6));
    }

    @Test
    void reluDeadNodesAreCounted() {
        Mlp net = net(Activation.RELU, BLAS);
        // Kill two units of layer 2: zero incoming weights and a negative bias.
        for (int j = 0; j < 30; j++) {
            net.weight(2).set(4, j, 0f);
            net.weight(2).set(9, j, 0f);
        }
        net.bias(2)[4] = -1f;
        net.bias(2)[9] = -0.5f;
        LayerMetrics.Layer[] got = LayerMetrics.measure(net, RowSource.gaussian(Rng.seeded(1), 90, 24, 1.0, Blas.on(ONE)), 32, false, BLAS);
        assertThat(got[1].deadFraction()).isEqualTo(2.0 / 30);
    }

    @Test
    void aReluLayerWhoseUnitsAllDieCollapsesAndSoDoesEveryLayerAfterIt() {
        Mlp net = net(Activation.RELU, BLAS);
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) net.weight(2).set(i, j, 0f);
            net.bias(2)[i] = -1f; // every unit of layer 2 dead for every input
        }
        LayerMetrics.Layer[] got = LayerMetrics.measure(net, RowSource.gaussian(Rng.seeded(1), 90, 24, 1.0, Blas.on(ONE)), 32, false, BLAS);
        assertThat(got[0].collapsed()).isFalse();
        for (int l = 1; l < 4; l++) {
            assertThat(got[l].collapsed()).as("layer %d", l).isTrue();
            assertThat(got[l].vni()).isNaN();
        }
    }

    @Test
    void theInputsOwnCovarianceIsTheRowsCovarianceWhateverTheBatch() {
        FloatMatrix x = CovarianceTest.correlated(157, 24, 6);
        double reference = CovarianceTest.referenceVni(CovarianceTest.referenceCovariance(x));
        for (int batch : new int[] {1, 10, 157, 1000}) {
            Covariance c = LayerMetrics.inputCovariance(RowSource.of(x), batch, BLAS);
            assertThat(c.nodes()).isEqualTo(24);
            assertThat(c.inputs()).isEqualTo(157);
            assertThat(c.vni()).as("batch %d", batch).isCloseTo(reference, within(1e-6 * reference));
        }
        assertThatThrownBy(() -> LayerMetrics.inputCovariance(RowSource.of(x), 0, BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 0");
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        // Wide enough (batch 256 x 300 x 300) for the GEMM and SYRK kernels to split across threads.
        RowSource in = RowSource.gaussian(Rng.seeded(2), 600, 24, 0.1, Blas.on(ONE));
        Init init = new Init(Init.Scheme.GAUSSIAN, 1.0, 0.01);
        LayerMetrics.Layer[] one = LayerMetrics.measure(Mlp.create(24, new int[] {300, 300}, 5, Activation.HARD_TANH, init, init, Rng.seeded(4), Blas.on(ONE)),
                in, 256, true, Blas.on(ONE));
        LayerMetrics.Layer[] two = LayerMetrics.measure(Mlp.create(24, new int[] {300, 300}, 5, Activation.HARD_TANH, init, init, Rng.seeded(4), Blas.on(TWO)),
                in, 256, true, Blas.on(TWO));
        assertThat(two).containsExactly(one);
    }

    @Test
    void monitorRecordsEveryLayerAfterEachEpoch() throws Exception {
        Mlp net = net(Activation.TANH, BLAS);
        Random rnd = new Random(3);
        FloatMatrix x = new FloatMatrix(120, 24);
        int[] y = new int[120];
        for (int i = 0; i < 120; i++) {
            y[i] = i % 5;
            for (int j = 0; j < 24; j++) x.set(i, j, (float) (rnd.nextGaussian() + (j % 5 == y[i] ? 1 : 0)));
        }
        RowSource probe = RowSource.of(x.view(0, 0, 60, 24));
        VniMonitor monitor = new VniMonitor(probe, 25, false);
        VniMonitor.Snapshot initial = monitor.record(net, 0, BLAS);
        Trainer t = new Trainer(net, new Sgd(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY, Schedule.constant(0.05),
                new Dataset(x, y, 5), null, 20, Rng.seeded(1), BLAS).callback(monitor);
        t.run(3);
        List<VniMonitor.Snapshot> h = monitor.history();
        assertThat(h).extracting(VniMonitor.Snapshot::epoch).containsExactly(0, 1, 2, 3);
        assertThat(h.get(0)).isEqualTo(initial);
        assertThat(h.get(3).layers()).containsExactly(LayerMetrics.measure(net, probe, 25, false, BLAS));
        assertThat(h.get(3).outputVni()).isEqualTo(h.get(3).layers().get(3).vni());
        assertThat(h.get(3).layers()).isNotEqualTo(h.get(0).layers()); // training moved the weights
    }

    @Test
    void aMonitorWithDiagnosticsRecordsWhatAnInspectionReadsAndTheSameLayerMetrics() {
        Mlp net = net(Activation.TANH, BLAS);
        FloatMatrix x = new FloatMatrix(90, 24);
        Rng.seeded(12).fillGaussian(x, 0f, 1f, BLAS);
        RowSource probe = RowSource.of(x);
        VniMonitor.Snapshot s = VniMonitor.withDiagnostics(probe, 25).record(net, 0, BLAS);
        assertThat(s.layers()).containsExactly(LayerMetrics.measure(net, probe, 25, true, BLAS)); // the entropy rank included
        assertThat(s.diagnostics()).containsExactly(LayerDiagnostics.measure(net, probe, 25, 0, BLAS).layers());
        assertThat(s.weights()).hasSize(4);
        for (int l = 1; l <= 4; l++) assertThat(s.weights().get(l - 1)).isEqualTo(WeightStatistics.of(net.weight(l), net.bias(l), BLAS));
        assertThat(new VniMonitor(probe, 25, false).record(net, 0, BLAS).diagnostics()).isEmpty();
    }

    @Test
    void severalLayersFromOnePassAreEachLayersOwnCovariance() {
        Mlp net = net(Activation.TANH, BLAS);
        FloatMatrix x = new FloatMatrix(70, 24);
        Rng.seeded(8).fillGaussian(x, 0f, 1f, Blas.on(ONE));
        int[] layers = {4, 1, 3};
        Covariance[] all = LayerMetrics.covariances(net, layers, RowSource.of(x), 16, BLAS);
        assertThat(all).hasSize(3);
        for (int k = 0; k < layers.length; k++) {
            Covariance one = LayerMetrics.covariance(net, layers[k], RowSource.of(x), 16, BLAS);
            assertThat(all[k].vni()).isEqualTo(one.vni());
            assertThat(all[k].meanVariance()).isEqualTo(one.meanVariance());
        }
        Covariance[] stats = LayerMetrics.statistics(net, layers, RowSource.of(x), 16, BLAS); // 70 inputs > 24 nodes: the packed side
        for (int k = 0; k < layers.length; k++) {
            assertThat(stats[k].holdsMatrix()).isFalse();
            assertThat(stats[k].vni()).isEqualTo(all[k].vni());
            assertThat(stats[k].variances()).isEqualTo(all[k].variances());
            assertThat(stats[k].traceOfSquare()).isEqualTo(all[k].traceOfSquare());
        }
        assertThatThrownBy(() -> LayerMetrics.covariances(net, new int[] {1, -1}, RowSource.of(x), 16, BLAS))
                .hasMessage("depth -1 has no hidden layer; expected 1 to 4");
        assertThatThrownBy(() -> LayerMetrics.statistics(net, new int[] {5}, RowSource.of(x), 16, BLAS))
                .hasMessage("depth 5 has no hidden layer; expected 1 to 4");
        assertThatThrownBy(() -> LayerMetrics.covariance(net, 0, RowSource.of(x), 16, BLAS)).hasMessage("depth 0 has no hidden layer; expected 1 to 4");
    }

    /**
     * Inputs in one batch are read depth by depth through one accumulator per width, reused (with
     * its scratch and the pass's buffers from the thread's workspace): the same bits as one
     * accumulator per depth, for layers of several widths, on either side of M = N, and again
     * on a thread whose workspace holds the stale arrays of other sizes.
     */
    @Test
    void statisticsOfOneBatchAreEachDepthsOwnBits() {
        Init init = new Init(Init.Scheme.GAUSSIAN, 1.2, 0.05);
        for (int m : new int[] {30, 300, 1100}) { // below N, between N and one Gram block, past a block
            Mlp net = Mlp.create(40, new int[] {60, 200, 60, 90, 200}, 3, Activation.TANH, init, init, Rng.seeded(11), BLAS);
            FloatMatrix x = new FloatMatrix(m, 40);
            Rng.seeded(12).fillGaussian(x, 0f, 1f, BLAS);
            int[] depths = {5, 1, 3, 2, 4, 3};
            for (int round = 0; round < 2; round++) {
                Covariance[] single = LayerMetrics.statistics(net, depths, RowSource.of(x), m, BLAS);
                Covariance[] streamed = LayerMetrics.statistics(net, depths, RowSource.of(x), m - 1, BLAS); // two batches
                Covariance[] whole = LayerMetrics.covariances(net, depths, RowSource.of(x), m, BLAS);
                for (int k = 0; k < depths.length; k++) {
                    assertThat(single[k].variances()).as("m=%d depth %d", m, depths[k]).isEqualTo(whole[k].variances());
                    assertThat(single[k].traceOfSquare()).isEqualTo(whole[k].traceOfSquare());
                    assertThat(single[k].vni()).isEqualTo(whole[k].vni());
                    assertThat(streamed[k].vni()).isCloseTo(whole[k].vni(), within(1e-6 * whole[k].vni()));
                    assertThat(single[k].nodes()).isEqualTo(net.width(depths[k]));
                }
            }
        }
    }

    @Test
    void badInputIsRejected() {
        Mlp net = net(Activation.TANH, BLAS);
        RowSource wrong = RowSource.of(new FloatMatrix(10, 23));
        assertThatThrownBy(() -> LayerMetrics.measure(net, wrong, 5, false, BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputs have 23 columns; the network expects 24");
        RowSource one = RowSource.of(new FloatMatrix(1, 24));
        assertThatThrownBy(() -> LayerMetrics.measure(net, one, 5, false, BLAS)).hasMessage("statistics over 1 input(s) are undefined; expected at least 2");
        RowSource ok = RowSource.of(new FloatMatrix(10, 24));
        assertThatThrownBy(() -> LayerMetrics.measure(net, ok, 0, false, BLAS)).hasMessage("batch size 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> LayerMetrics.covariance(net, 5, ok, 5, BLAS)).hasMessage("depth 5 has no hidden layer; expected 1 to 4");
        assertThatThrownBy(() -> new VniMonitor(one, 5, false)).hasMessage("probe set of 1 input(s) is too small; expected at least 2");
    }
}
