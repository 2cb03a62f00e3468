package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.Covariance;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every measurement of a network drawn on demand equals that of the held network, bit for bit:
 * covariances, the Jacobian (exact and probed, along depth), its products and the report; and the
 * network holds at most {@link DrawnNetwork#HELD} layers while they run.
 */
class DrawnNetworkMeasurementTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);
    private static final int N0 = 11, N = 14, DEPTH = 7, M = 37, BATCH = 15;
    private static final int[] DEPTHS = {2, 5, 7};

    @AfterAll
    static void close() { TWO.close(); }

    private static Mlp held(Init init) {
        return Mlp.create(N0, N, DEPTH, 1, Activation.TANH, init, init, Rng.seeded(17), BLAS);
    }

    private static DrawnNetwork drawn(Init init) {
        return DrawnNetwork.of(N0, N, DEPTH, 1, Activation.TANH, init, init, Rng.seeded(17), BLAS);
    }

    private static RowSource inputs() {
        return RowSource.gaussian(Rng.seeded(18), M, N0, 0.7, BLAS);
    }

    private static Init[] inits() {
        return new Init[] {new Init(Init.Scheme.GAUSSIAN, 1.6, 0.03), new Init(Init.Scheme.UNIFORM, 1.2, 0), new Init(Init.Scheme.ORTHOGONAL, 1.1, 0.01)};
    }

    /** A network's layers as the passes see them, with the storage of every weight matrix handed out. */
    private static final class Watched implements Layers {
        final Layers net;
        final Set<float[]> storage = Collections.newSetFromMap(new IdentityHashMap<>());

        Watched(Layers net) { this.net = net; }

        @Override public int depth() { return net.depth(); }
        @Override public int width(int l) { return net.width(l); }
        @Override public Activation activation() { return net.activation(); }
        @Override public float[] bias(int l) { return net.bias(l); }

        @Override public FloatMatrix weight(int l) {
            FloatMatrix w = net.weight(l);
            storage.add(w.data());
            return w;
        }
    }

    @Test
    void covariancesAreTheHeldNetworks() {
        for (Init init : inits()) {
            Watched drawn = new Watched(drawn(init));
            Mlp held = held(init);
            assertThat(LayerMetrics.measure(drawn, inputs(), BATCH, true, BLAS)).as("%s", init).isEqualTo(LayerMetrics.measure(held, inputs(), BATCH, true, BLAS));
            Covariance[] a = LayerMetrics.covariances(held, DEPTHS, inputs(), BATCH, BLAS), b = LayerMetrics.covariances(drawn, DEPTHS, inputs(), BATCH, BLAS);
            for (int k = 0; k < DEPTHS.length; k++) assertThat(b[k].matrix().toArray()).as("%s depth %d", init, DEPTHS[k]).isEqualTo(a[k].matrix().toArray());
            assertThat(drawn.storage.size()).as("weight buffers").isLessThanOrEqualTo(DrawnNetwork.HELD);
        }
    }

    @Test
    void jacobianMomentsAlongDepthAreTheHeldNetworksOnBothRoutes() {
        for (Init init : inits()) {
            for (JacobianMethod method : List.of(JacobianMethod.exact(5), JacobianMethod.stochastic(5, 4, Rng.seeded(19)))) {
                Watched drawn = new Watched(drawn(init));
                assertThat(method.measure(drawn, inputs(), 2, DEPTHS, BLAS)).as("%s, %s", init, method)
                        .isEqualTo(method.measure(held(init), inputs(), 2, DEPTHS, BLAS));
                assertThat(method.measure(drawn, inputs(), 3, BLAS)).as("%s, %s, depth L", init, method)
                        .isEqualTo(method.measure(held(init), inputs(), 3, BLAS));
                assertThat(drawn.storage.size()).as("weight buffers").isLessThanOrEqualTo(DrawnNetwork.HELD);
            }
        }
    }

    @Test
    void jacobianProductsAndMatrixAreTheHeldNetworks() {
        Init init = inits()[2];
        FloatMatrix x = new FloatMatrix(3, N0);
        inputs().read(0, x);
        HiddenJacobian a = HiddenJacobian.at(held(init), x, BLAS), b = HiddenJacobian.at(drawn(init), x, BLAS);
        for (int p = 0; p < 3; p++) assertThat(b.matrix(p).toArray()).isEqualTo(a.matrix(p).toArray());
        FloatMatrix t = new FloatMatrix(6, N0), u = new FloatMatrix(6, N);
        Rng.seeded(20).fillGaussian(t, 0f, 1f, BLAS);
        Rng.seeded(21).fillGaussian(u, 0f, 1f, BLAS);
        FloatMatrix ja = new FloatMatrix(6, N), jb = new FloatMatrix(6, N), ta = new FloatMatrix(6, N0), tb = new FloatMatrix(6, N0);
        a.apply(t, ja);
        b.apply(t, jb);
        a.prefix(4).applyTranspose(u, ta);
        b.prefix(4).applyTranspose(u, tb);
        assertThat(jb.toArray()).isEqualTo(ja.toArray());
        assertThat(tb.toArray()).isEqualTo(ta.toArray());
    }

    @Test
    void vanishingReportAndAlongDepthAreTheHeldNetworks() {
        Init init = inits()[0];
        JacobianMethod method = JacobianMethod.stochastic(4, 3, Rng.seeded(22));
        assertThat(VanishingReport.measure(drawn(init), init, inputs(), method, BATCH, BLAS))
                .isEqualTo(VanishingReport.measure(held(init), init, inputs(), method, BATCH, BLAS));
        VanishingAlongDepth a = VanishingAlongDepth.measure(held(init), inputs(), BATCH, DEPTHS, JacobianMethod.exact(3), 2, BLAS);
        VanishingAlongDepth b = VanishingAlongDepth.measure(drawn(init), inputs(), BATCH, DEPTHS, JacobianMethod.exact(3), 2, BLAS);
        assertThat(b.jacobian()).isEqualTo(a.jacobian());
        for (int k = 0; k < DEPTHS.length; k++) { // statistics only: the matrices are compared below
            assertThat(b.covariances().get(k).variances()).isEqualTo(a.covariances().get(k).variances());
            assertThat(b.covariances().get(k).traceOfSquare()).isEqualTo(a.covariances().get(k).traceOfSquare());
        }
        Covariance[] ca = LayerMetrics.covariances(held(init), DEPTHS, inputs(), BATCH, BLAS), cb = LayerMetrics.covariances(drawn(init), DEPTHS, inputs(), BATCH, BLAS);
        for (int k = 0; k < DEPTHS.length; k++) assertThat(cb[k].matrix().toArray()).isEqualTo(ca[k].matrix().toArray());
    }
}
