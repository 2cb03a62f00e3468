package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Jacobian of a network's first d layers is that of the depth-d network with the same weights, bit for bit. */
class JacobianPrefixTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas BLAS = Blas.on(TWO);
    private static final Init INIT = new Init(Init.Scheme.GAUSSIAN, 1.1, 0.02);

    @AfterAll
    static void close() { TWO.close(); }

    /** Layer l comes from rng.child(l - 1), so the depth-d network shares the deep one's first d hidden layers. */
    private static Mlp net(int depth) {
        return Mlp.create(12, 16, depth, 2, Activation.HARD_TANH, INIT, INIT, Rng.seeded(5), BLAS);
    }

    private static RowSource inputs() {
        return RowSource.gaussian(Rng.seeded(6), 5, 12, 0.8, Blas.on(TWO));
    }

    @Test
    void prefixMatrixIsTheShallowNetworksMatrix() {
        FloatMatrix x = new FloatMatrix(3, 12);
        inputs().read(0, x);
        HiddenJacobian deep = HiddenJacobian.at(net(6), x, BLAS);
        for (int d : new int[] {1, 3, 6}) {
            HiddenJacobian prefix = deep.prefix(d), shallow = HiddenJacobian.at(net(d), x, BLAS);
            assertThat(prefix.depth()).isEqualTo(d);
            for (int i = 0; i < 3; i++) assertThat(prefix.matrix(i).data()).containsExactly(shallow.matrix(i).data());
        }
        assertThatThrownBy(() -> deep.prefix(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix depth 7 is invalid; expected 1 to 6, the hidden layers of this Jacobian");
        assertThatThrownBy(() -> deep.prefix(0)).hasMessageStartingWith("prefix depth 0 is invalid");
    }

    @Test
    void momentsAtSeveralDepthsAreEachDepthsOwn() {
        Mlp deep = net(6);
        int[] depths = {2, 6, 4};
        for (JacobianMethod method : List.of(JacobianMethod.exact(4), JacobianMethod.stochastic(4, 8, Rng.seeded(7)))) {
            List<List<JacobianMoments>> all = method.measure(deep, inputs(), 3, depths, BLAS);
            assertThat(all).hasSize(3);
            for (int k = 0; k < depths.length; k++) {
                assertThat(all.get(k)).isEqualTo(method.measure(net(depths[k]), inputs(), 3, BLAS));
            }
        }
        assertThatThrownBy(() -> JacobianMethod.exact(2).measure(deep, inputs(), 3, new int[] {7}, BLAS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Jacobian depth 7 is invalid; expected 1 to 6, the network's hidden layers");
    }
}
