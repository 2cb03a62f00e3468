package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import org.junit.jupiter.api.Test;

/**
 * The predicted density of J J^T against closed forms: one Gaussian layer is Marchenko-Pastur, a
 * linear Gaussian stack has the Fuss-Catalan moments, an orthogonal linear stack is a point
 * mass; and the moments of real activations' laws are the existing moment formulas.
 */
class JacobianDensityTest {
    private static final JacobianDensity.Law ONE = new JacobianDensity.Law(new double[] {1}, new double[] {1});

    @Test
    void oneGaussianLayerIsMarchenkoPastur() {
        double s2 = 1.5;
        JacobianDensity mp = JacobianDensity.of(ONE, 1, Init.Scheme.GAUSSIAN, s2);
        double[] lambda = {0.05, 0.3, 1, 2.5, 4, 5.5, 5.9};
        double[] rho = mp.density(lambda);
        for (int i = 0; i < lambda.length; i++) {
            double x = lambda[i] / s2, exact = Math.sqrt((4 - x) * x) / (2 * Math.PI * x) / s2; // ratio 1, scaled by sigma_w^2
            assertThat(rho[i]).as("lambda %s", lambda[i]).isCloseTo(exact, within(1e-5 * exact + 1e-9));
        }
        for (double outside : mp.density(new double[] {6.5, 100})) assertThat(outside).isLessThan(1e-6); // above the edge 4 sigma_w^2: eta's tail only
        assertThat(mp.atomAtZero()).isZero();
    }

    @Test
    void aLinearGaussianStackHasTheFussCatalanMoments() {
        for (int depth : new int[] {1, 2, 3, 5}) {
            JacobianDensity fc = JacobianDensity.of(ONE, depth, Init.Scheme.GAUSSIAN, 1);
            double edge = Math.pow(depth + 1, depth + 1) / Math.pow(depth, depth);
            double[] m = fc.momentsByContour(4, 0.5 / edge, 256);
            for (int k = 1; k <= 4; k++) {
                double exact = binomial((depth + 1) * k, k) / (depth * k + 1.0);
                assertThat(m[k - 1]).as("depth %d, m%d", depth, k).isCloseTo(exact, within(1e-6 * exact));
            }
        }
    }

    @Test
    void anOrthogonalLinearStackIsAPointMass() {
        JacobianDensity o = JacobianDensity.of(ONE, 4, Init.Scheme.ORTHOGONAL, 1.2);
        double[] m = o.momentsByContour(3, 0.3 / Math.pow(1.2, 4), 128);
        for (int k = 1; k <= 3; k++) assertThat(m[k - 1]).isCloseTo(Math.pow(1.2, 4 * k), within(1e-9 * Math.pow(1.2, 4 * k)));
    }

    @Test
    void theMomentsOfRealActivationsAreTheMomentFormulas() {
        Init hardTanh = Criticality.init(Init.Scheme.GAUSSIAN, Activation.HARD_TANH, 0.05), tanh = new Init(Init.Scheme.GAUSSIAN, 1.5, 0.05),
                orthogonal = new Init(Init.Scheme.ORTHOGONAL, 1.5, 0.05);
        Object[][] cases = {{Activation.HARD_TANH, hardTanh}, {Activation.TANH, tanh}, {Activation.TANH, orthogonal}};
        for (Object[] c : cases) {
            Activation phi = (Activation) c[0];
            Init init = (Init) c[1];
            int depth = 10;
            JacobianDensity d = JacobianDensity.atFixedPoint(phi, init, depth);
            Prediction p = Predictions.fixedPoint(phi, init, depth, 1_000_000);
            double[] m = d.momentsByContour(2, 0.1 * p.m1() / p.m2(), 256);
            assertThat(d.m1()).isCloseTo(p.m1(), within(1e-9 * p.m1()));
            assertThat(m[0]).as("%s %s m1", phi, init).isCloseTo(p.m1(), within(1e-8 * p.m1()));
            assertThat(m[1]).as("%s %s m2", phi, init).isCloseTo(p.m2(), within(1e-6 * p.m2()));
        }
    }

    @Test
    void theDensityIntegratesToOneLessTheAtom() {
        Init init = Criticality.init(Init.Scheme.GAUSSIAN, Activation.HARD_TANH, 0.05);
        JacobianDensity d = JacobianDensity.atFixedPoint(Activation.HARD_TANH, init, 10);
        int n = 4301;
        double[] u = new double[n], lambda = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = -40 + 43.0 * i / (n - 1); // log10 lambda from 1e-40 to 1e3: the law's tail spans decades (4% of it below 1e-14)
            lambda[i] = Math.pow(10, u[i]);
        }
        double[] rho = d.density(lambda);
        double mass = 0, first = 0;
        for (int i = 1; i < n; i++) { // in log10 lambda: rho lambda ln 10 per decade
            double a = rho[i - 1] * lambda[i - 1], b = rho[i] * lambda[i];
            mass += 0.5 * (a + b) * Math.log(10) * (u[i] - u[i - 1]);
            first += 0.5 * (a * lambda[i - 1] + b * lambda[i]) * Math.log(10) * (u[i] - u[i - 1]);
        }
        assertThat(d.atomAtZero()).isPositive().isLessThan(0.5);
        assertThat(mass + d.atomAtZero()).isCloseTo(1, within(2e-3));
        assertThat(first).isCloseTo(d.m1(), within(2e-3 * d.m1()));
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int i = 1; i <= k; i++) b = b * (n - k + i) / i;
        return b;
    }
}
