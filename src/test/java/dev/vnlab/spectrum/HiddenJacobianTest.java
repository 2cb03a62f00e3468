package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The hidden-stack Jacobian and its products against the explicit product of D_l W_l and finite differences, in double. */
class HiddenJacobianTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() { ONE.close(); }

    static Mlp net(int inputs, int[] widths, Activation phi, long seed) {
        return Mlp.create(inputs, widths, 3, phi, new Init(Init.Scheme.GAUSSIAN, 1.4, 0.1), new Init(Init.Scheme.GAUSSIAN, 1, 0), Rng.seeded(seed), BLAS);
    }

    static FloatMatrix gaussian(int rows, int cols, long seed) {
        FloatMatrix x = new FloatMatrix(rows, cols);
        Rng.seeded(seed).fillGaussian(x, 0f, 1f, Blas.on(ONE));
        return x;
    }

    /** The last hidden layer's output at x, in double, from the network's float weights. */
    static double[] hiddenOutput(Mlp net, double[] x) {
        double[] a = x;
        for (int l = 1; l <= net.depth(); l++) {
            double[] h = new double[net.width(l)];
            for (int i = 0; i < h.length; i++) {
                double s = net.bias(l)[i];
                for (int k = 0; k < a.length; k++) s += (double) net.weight(l).get(i, k) * a[k];
                h[i] = net.activation().apply(s);
            }
            a = h;
        }
        return a;
    }

    /** J = D_H W_H ... D_1 W_1 at x, each factor formed explicitly and multiplied naively, in double. */
    static double[][] naiveJacobian(Mlp net, double[] x) {
        double[][] j = null;
        double[] a = x;
        for (int l = 1; l <= net.depth(); l++) {
            int out = net.width(l), in = net.width(l - 1);
            double[][] dw = new double[out][in]; // D_l W_l
            double[] next = new double[out];
            for (int i = 0; i < out; i++) {
                double h = net.bias(l)[i];
                for (int k = 0; k < in; k++) h += (double) net.weight(l).get(i, k) * a[k];
                next[i] = net.activation().apply(h);
                for (int k = 0; k < in; k++) dw[i][k] = net.activation().slope(h) * net.weight(l).get(i, k);
            }
            j = j == null ? dw : multiply(dw, j);
            a = next;
        }
        return j;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) c[i][j] += a[i][k] * b[k][j];
            }
        }
        return c;
    }

    static double[] row(FloatMatrix m, int r) {
        double[] d = new double[m.cols()];
        for (int j = 0; j < d.length; j++) d[j] = m.get(r, j);
        return d;
    }

    private static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] r : a) for (double v : r) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void exactJacobianIsTheProductOfTheLayersAndMatchesFiniteDifferences() {
        for (Activation phi : new Activation[] {Activation.TANH, Activation.ERF, Activation.SIGMOID}) {
            for (int[] shape : new int[][] {{5, 7, 6, 4}, {9, 3}}) {
                int[] widths = java.util.Arrays.copyOfRange(shape, 1, shape.length);
                Mlp net = net(shape[0], widths, phi, 11);
                FloatMatrix x = gaussian(3, shape[0], 5);
                HiddenJacobian jac = HiddenJacobian.at(net, x, BLAS);
                assertThat(jac.points()).isEqualTo(3);
                assertThat(jac.depth()).isEqualTo(widths.length);
                assertThat(jac.width()).isEqualTo(widths[widths.length - 1]);
                assertThat(jac.inputWidth()).isEqualTo(shape[0]);
                for (int p = 0; p < 3; p++) {
                    double[] xp = row(x, p);
                    double[][] ref = naiveJacobian(net, xp);
                    FloatMatrix got = jac.matrix(p);
                    assertThat(got.rows()).isEqualTo(ref.length);
                    assertThat(got.cols()).isEqualTo(shape[0]);
                    double scale = maxAbs(ref);
                    assertThat(scale).isGreaterThan(1e-3); // sigmoid's slope is at most 1/4 a layer
                    // Central differences of the double forward pass: an independent route to the same J.
                    double step = 1e-5;
                    for (int k = 0; k < shape[0]; k++) {
                        double[] up = xp.clone(), down = xp.clone();
                        up[k] += step;
                        down[k] -= step;
                        double[] fu = hiddenOutput(net, up), fd = hiddenOutput(net, down);
                        for (int i = 0; i < ref.length; i++) {
                            double fdValue = (fu[i] - fd[i]) / (2 * step);
                            assertThat(ref[i][k]).as("%s %s finite difference (%d, %d)", phi, java.util.Arrays.toString(shape), i, k)
                                    .isCloseTo(fdValue, within(1e-7 * Math.max(1, scale)));
                            assertThat((double) got.get(i, k)).as("%s %s J(%d, %d) at input %d", phi, java.util.Arrays.toString(shape), i, k, p)
                                    .isCloseTo(ref[i][k], within(2e-6 * scale));
                        }
                    }
                }
            }
        }
    }

    @Test
    void productsWithJAndItsTransposeUseEachRowsOwnInput() {
        Mlp net = net(5, new int[] {7, 6, 4}, Activation.TANH, 12);
        FloatMatrix x = gaussian(3, 5, 6);
        HiddenJacobian jac = HiddenJacobian.at(net, x, BLAS);
        int per = 2;
        FloatMatrix t = gaussian(3 * per, 5, 7), u = gaussian(3 * per, 4, 8);
        FloatMatrix jt = new FloatMatrix(3 * per, 4), jtu = new FloatMatrix(3 * per, 5);
        FloatMatrix tCopy = t.copy(), uCopy = u.copy();
        jac.apply(t, jt);
        jac.applyTranspose(u, jtu);
        assertThat(t.toArray()).isDeepEqualTo(tCopy.toArray());
        assertThat(u.toArray()).isDeepEqualTo(uCopy.toArray());
        for (int r = 0; r < 3 * per; r++) {
            double[][] ref = naiveJacobian(net, row(x, r / per));
            for (int i = 0; i < 4; i++) {
                double s = 0;
                for (int k = 0; k < 5; k++) s += ref[i][k] * t.get(r, k);
                assertThat((double) jt.get(r, i)).as("(J t)_%d of row %d", i, r).isCloseTo(s, within(3e-6));
            }
            for (int k = 0; k < 5; k++) {
                double s = 0;
                for (int i = 0; i < 4; i++) s += ref[i][k] * u.get(r, i);
                assertThat((double) jtu.get(r, k)).as("(J^T u)_%d of row %d", k, r).isCloseTo(s, within(3e-6));
            }
        }
        // One hidden layer: J = D_1 W_1, both products without scratch layers.
        Mlp shallow = net(9, new int[] {3}, Activation.ERF, 13);
        FloatMatrix xs = gaussian(2, 9, 9);
        HiddenJacobian js = HiddenJacobian.at(shallow, xs, BLAS);
        FloatMatrix v = gaussian(2, 3, 10), out = new FloatMatrix(2, 9);
        js.applyTranspose(v, out);
        for (int r = 0; r < 2; r++) {
            double[][] ref = naiveJacobian(shallow, row(xs, r));
            for (int k = 0; k < 9; k++) {
                double s = 0;
                for (int i = 0; i < 3; i++) s += ref[i][k] * v.get(r, i);
                assertThat((double) out.get(r, k)).isCloseTo(s, within(3e-6));
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheValueAndWhatIsExpected() {
        Mlp net = net(5, new int[] {7, 4}, Activation.TANH, 1);
        assertThatThrownBy(() -> HiddenJacobian.at(net, new FloatMatrix(2, 6), BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputs are 2x6; expected at least one row of 5 columns, the network's input width");
        assertThatThrownBy(() -> HiddenJacobian.at(net, new FloatMatrix(0, 5), BLAS))
                .hasMessage("inputs are 0x5; expected at least one row of 5 columns, the network's input width");
        Mlp noHidden = Mlp.create(5, new int[0], 3, Activation.TANH, Init.he(), Init.he(), Rng.seeded(1), BLAS);
        assertThatThrownBy(() -> HiddenJacobian.at(noHidden, new FloatMatrix(1, 5), BLAS))
                .hasMessage("the network has 0 hidden layers; expected at least 1 for a hidden-stack Jacobian");
        HiddenJacobian jac = HiddenJacobian.at(net, new FloatMatrix(2, 5), BLAS);
        assertThatThrownBy(() -> jac.matrix(2)).hasMessage("input 2 does not exist; expected 0 to 1");
        assertThatThrownBy(() -> jac.apply(new FloatMatrix(3, 5), new FloatMatrix(3, 4)))
                .hasMessage("tangents are 3x5; expected a positive multiple of 2 rows (the inputs) by 5 columns");
        assertThatThrownBy(() -> jac.apply(new FloatMatrix(4, 5), new FloatMatrix(4, 5))).hasMessage("output is 4x5; expected 4x4");
        assertThatThrownBy(() -> jac.applyTranspose(new FloatMatrix(2, 5), new FloatMatrix(2, 5)))
                .hasMessage("cotangents are 2x5; expected a positive multiple of 2 rows (the inputs) by 4 columns");
    }
}
