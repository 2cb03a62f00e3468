package dev.vnlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The inspection's per-layer diagnostics against naive double-precision references on the activations taken whole. */
class LayerDiagnosticsTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    private static FloatMatrix gaussian(Random r, int rows, int cols, double scale, double mean) {
        FloatMatrix m = new FloatMatrix(rows, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m.set(i, j, (float) (mean + scale * r.nextGaussian()));
        return m;
    }

    /** The reference: every (cross-)covariance formed in double from centred columns. */
    private static double naiveCka(FloatMatrix x, FloatMatrix y) {
        double[][] cx = centred(x), cy = centred(y);
        return frob2(cross(cx, cy)) / Math.sqrt(frob2(cross(cx, cx)) * frob2(cross(cy, cy)));
    }

    private static double[][] centred(FloatMatrix x) {
        double[][] c = new double[x.rows()][x.cols()];
        for (int j = 0; j < x.cols(); j++) {
            double mean = 0;
            for (int i = 0; i < x.rows(); i++) mean += x.get(i, j);
            mean /= x.rows();
            for (int i = 0; i < x.rows(); i++) c[i][j] = x.get(i, j) - mean;
        }
        return c;
    }

    private static double[][] cross(double[][] a, double[][] b) {
        int p = a[0].length, q = b[0].length;
        double[][] c = new double[p][q];
        for (int r = 0; r < a.length; r++) for (int i = 0; i < p; i++) for (int j = 0; j < q; j++) c[i][j] += a[r][i] * b[r][j] / (a.length - 1);
        return c;
    }

    private static double frob2(double[][] c) {
        double s = 0;
        for (double[] row : c) for (double v : row) s += v * v;
        return s;
    }

    @Test
    void linearCkaMatchesTheNaiveFormulaAndIsOneForRotatedScaledShiftedCopies() {
        Random r = new Random(3);
        for (int[] shape : new int[][] {{50, 7, 5}, {400, 33, 17}, {20, 40, 9}, {1500, 12, 3}}) {
            FloatMatrix x = gaussian(r, shape[0], shape[1], 1, 0.3), y = gaussian(r, shape[0], shape[2], 2, -1);
            for (int i = 0; i < shape[0]; i++) y.set(i, 0, y.get(i, 0) + 3 * x.get(i, 0)); // some shared signal
            assertThat(LayerDiagnostics.linearCka(x, y, BLAS)).as("%d inputs", shape[0]).isCloseTo(naiveCka(x, y), within(1e-6));
            assertThat(LayerDiagnostics.linearCka(x, x, BLAS)).isCloseTo(1, within(1e-6));
            // x Q * 2.5 + 7: an orthogonal Q from a Householder reflection
            int p = shape[1];
            double[] v = new double[p];
            double norm = 0;
            for (int j = 0; j < p; j++) norm += (v[j] = r.nextGaussian()) * v[j];
            FloatMatrix z = new FloatMatrix(shape[0], p);
            for (int i = 0; i < shape[0]; i++) {
                double dot = 0;
                for (int j = 0; j < p; j++) dot += x.get(i, j) * v[j];
                for (int j = 0; j < p; j++) z.set(i, j, (float) (2.5 * (x.get(i, j) - 2 * dot * v[j] / norm) + 7));
            }
            assertThat(LayerDiagnostics.linearCka(x, z, BLAS)).isCloseTo(1, within(1e-5));
            assertThat(LayerDiagnostics.linearCka(z, y, BLAS)).isCloseTo(LayerDiagnostics.linearCka(x, y, BLAS), within(1e-5));
        }
        FloatMatrix a = gaussian(new Random(1), 3000, 4, 1, 0), b = gaussian(new Random(2), 3000, 4, 1, 0);
        assertThat(LayerDiagnostics.linearCka(a, b, BLAS)).isLessThan(0.01); // independent features: about p q / M
        assertThat(LayerDiagnostics.linearCka(a, new FloatMatrix(3000, 2).fill(5), BLAS)).isNaN();
        assertThatThrownBy(() -> LayerDiagnostics.linearCka(a, new FloatMatrix(10, 2), BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features of 3000 and 10 inputs; expected the same inputs, at least 2");
    }

    @Test
    void redundantPairsAreTheNodePairsWhoseSampleCorrelationExceedsTheThresholds() {
        // nodes 0..5: z, z + small noise (|rho| > 0.99), -z + more noise (0.9 < |rho| < 0.99), independent, constant, another copy of z
        Random r = new Random(7);
        int m = 4000;
        FloatMatrix x = new FloatMatrix(m, 6);
        for (int i = 0; i < m; i++) {
            double z = r.nextGaussian();
            x.set(i, 0, (float) z);
            x.set(i, 1, (float) (z + 0.05 * r.nextGaussian()));
            x.set(i, 2, (float) (-z + 0.3 * r.nextGaussian()));
            x.set(i, 3, (float) r.nextGaussian());
            x.set(i, 4, 2f);
            x.set(i, 5, (float) (z + 0.02 * r.nextGaussian()));
        }
        CovarianceAccumulator acc = new CovarianceAccumulator(6, BLAS);
        acc.add(x);
        long[] got = LayerDiagnostics.redundantPairs(acc.covariance());
        double[][] c = centred(x);
        long[] expected = new long[2];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < i; j++) {
                double sij = 0, sii = 0, sjj = 0;
                for (double[] row : c) {
                    sij += row[i] * row[j];
                    sii += row[i] * row[i];
                    sjj += row[j] * row[j];
                }
                double rho = sii * sjj > 0 ? Math.abs(sij) / Math.sqrt(sii * sjj) : 0;
                if (rho > 0.9) expected[0]++;
                if (rho > 0.99) expected[1]++;
            }
        }
        assertThat(got).containsExactly(expected);
        assertThat(expected).containsExactly(6, 3); // {0,1,2,5} pairwise above 0.9; {0,1}, {0,5}, {1,5} above 0.99
    }

    @Test
    void aNetworksLayersMatchLayerMetricsAndNaiveSaturationAndCkaOnTheWholeActivations() {
        Mlp net = Mlp.create(12, new int[] {30, 30, 25}, 3, Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 2.5, 0.1), new Init(Init.Scheme.GAUSSIAN, 1, 0),
                Rng.seeded(5), BLAS);
        int m = 700;
        FloatMatrix inputs = gaussian(new Random(11), m, 12, 1, 0.2);
        LayerDiagnostics.Result result = LayerDiagnostics.measure(net, RowSource.of(inputs), 128, 2, BLAS);
        LayerMetrics.Layer[] plain = LayerMetrics.measure(net, RowSource.of(inputs), 128, true, BLAS);
        FloatMatrix before = inputs;
        for (int l = 1; l <= 3; l++) {
            LayerDiagnostics.Layer d = result.layers()[l - 1];
            assertThat(d.depth()).isEqualTo(l);
            assertThat(d.vni()).isEqualTo(plain[l - 1].vni());
            assertThat(d.participationRatio()).isEqualTo(plain[l - 1].participationRatio());
            assertThat(d.effectiveRank()).isEqualTo(plain[l - 1].entropyRank());
            assertThat(d.deadFraction()).isEqualTo(plain[l - 1].deadFraction());
            // the layer whole, in float as the pass computes it, and its saturation counted from h
            FloatMatrix h = new FloatMatrix(m, net.width(l)), x = new FloatMatrix(m, net.width(l));
            long saturated = 0;
            for (int i = 0; i < m; i++) {
                for (int o = 0; o < net.width(l); o++) {
                    double s = net.bias(l)[o];
                    for (int j = 0; j < net.width(l - 1); j++) s += (double) net.weight(l).get(o, j) * before.get(i, j);
                    h.set(i, o, (float) s);
                    x.set(i, o, (float) Math.max(-1, Math.min(1, s)));
                    if (Math.abs(s) >= 1) saturated++;
                }
            }
            assertThat(d.saturatedFraction()).as("layer %d", l).isCloseTo((double) saturated / (m * net.width(l)), within(2.0 / (m * net.width(l))));
            assertThat(d.ckaWithPrevious()).as("layer %d", l).isCloseTo(naiveCka(x, before), within(1e-5));
            before = x;
        }
        double squares = 0;
        for (int i = 0; i < m; i++) for (int j = 0; j < 12; j++) squares += (double) inputs.get(i, j) * inputs.get(i, j);
        assertThat(result.inputSecondMoment()).isCloseTo(squares / (m * 12), within(1e-12));
        assertThat(result.correlationSquared().rows()).isEqualTo(30);
        assertThat(result.layers()[0].saturatedFraction()).isBetween(0.2, 0.8); // sigma_w^2 = 2.5: many units beyond |h| = 1
    }

    @Test
    void oneAndTwoThreadsGiveTheSameNumbers() {
        Mlp net = Mlp.create(40, new int[] {64, 64}, 4, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.5, 0.05), new Init(Init.Scheme.GAUSSIAN, 1, 0),
                Rng.seeded(9), BLAS);
        FloatMatrix inputs = gaussian(new Random(4), 2100, 40, 1, 0);
        LayerDiagnostics.Result one = LayerDiagnostics.measure(net, RowSource.of(inputs), 1000, 1, Blas.on(ONE));
        LayerDiagnostics.Result two = LayerDiagnostics.measure(net, RowSource.of(inputs), 1000, 1, Blas.on(TWO));
        assertThat(two.layers()).containsExactly(one.layers());
        assertThat(two.correlationSquared().data()).containsExactly(one.correlationSquared().data());
    }

    @Test
    void layersReadInGroupsOfOnePassEachGiveTheSameNumbersAsOnePass() {
        Mlp net = Mlp.create(30, new int[] {40, 25, 40, 33}, 3, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.7, 0.05), new Init(Init.Scheme.GAUSSIAN, 1, 0),
                Rng.seeded(13), BLAS);
        RowSource rows = RowSource.of(gaussian(new Random(8), 300, 30, 1, 0.1));
        LayerDiagnostics.Result whole = LayerDiagnostics.measure(net, rows, 64, 3, Long.MAX_VALUE, BLAS);
        long widest = 0;
        for (int l = 1; l <= 4; l++) widest = Math.max(widest, LayerDiagnostics.heldBytes(net, l, 64));
        for (long budget : new long[] {widest, widest + LayerDiagnostics.heldBytes(net, 2, 64)}) { // one layer per pass; then pairs where they fit
            LayerDiagnostics.Result grouped = LayerDiagnostics.measure(net, rows, 64, 3, budget, BLAS);
            assertThat(grouped.layers()).as("budget %d", budget).containsExactly(whole.layers());
            assertThat(grouped.correlationSquared().data()).isEqualTo(whole.correlationSquared().data());
            assertThat(grouped.inputSecondMoment()).isEqualTo(whole.inputSecondMoment());
        }
        assertThat(LayerDiagnostics.measure(net, rows, 64, 3, BLAS).layers()).containsExactly(whole.layers()); // the heap's own budget
        long tooSmall = LayerDiagnostics.heldBytes(net, 1, 64) - 1;
        assertThatThrownBy(() -> LayerDiagnostics.measure(net, rows, 64, 3, tooSmall, BLAS))
                .isInstanceOf(dev.vnlab.memory.HeapTooSmallException.class).hasMessageStartingWith("the diagnostics of layer 1 (40 nodes after 30) needs about ");
    }

    @Test
    void activationsThatOverflowGiveNaNsNotAnError() {
        // linear layers scaled by 1e13 each: x_3 overflows float, so the last layers' statistics are undefined
        Mlp net = Mlp.create(8, new int[] {8, 8, 8}, 2, Activation.LINEAR, new Init(Init.Scheme.GAUSSIAN, 1e26, 0), new Init(Init.Scheme.GAUSSIAN, 1, 0),
                Rng.seeded(2), BLAS);
        LayerDiagnostics.Layer last = LayerDiagnostics.measure(net, RowSource.of(gaussian(new Random(1), 50, 8, 1, 0)), 25, 3, BLAS).layers()[2];
        assertThat(last.effectiveRank()).isNaN();
        assertThat(last.vni()).isNaN();
        assertThat(WeightStatistics.of(FloatMatrix.wrap(1, 2, Float.NaN, 1f), new float[1], BLAS).stableRank()).isNaN(); // a diverged run's weights
    }

    @Test
    void badArgumentsNameTheValueAndWhatIsExpected() {
        Mlp net = Mlp.create(4, new int[] {5, 5}, 2, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), new Init(Init.Scheme.GAUSSIAN, 1, 0), Rng.seeded(1), BLAS);
        RowSource rows = RowSource.of(new FloatMatrix(10, 4));
        assertThatThrownBy(() -> LayerDiagnostics.measure(net, rows, 5, 3, BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heatmap depth 3 has no hidden layer; expected 1 to 2, or 0 for none");
        assertThatThrownBy(() -> LayerDiagnostics.measure(net, rows, 0, 1, BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch size 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> LayerDiagnostics.measure(net, RowSource.of(new FloatMatrix(1, 4)), 5, 1, BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statistics over 1 input(s) are undefined; expected at least 2");
    }
}
