package dev.vnlab.linalg.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float64 kernels behind symv and the QL eigenvector rotations, against naive loops, over
 * awkward lengths and offsets; in the scalar-fallback JVM this is the scalar implementation.
 */
@Tag("kernels")
class DoubleKernelsTest {
    static List<Kernels> kernels() {
        List<Kernels> k = new ArrayList<>(List.of(KernelProvider.scalar()));
        KernelProvider.simd().ifPresent(k::add);
        return k;
    }

    static double[] random(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
        return x;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rotMatchesTheDefinitionExactly(Kernels k) {
        Random r = new Random(1);
        for (int n = 0; n <= 67; n++) {
            double[] z = random(r, 2 * n + 5), want = z.clone();
            double c = Math.cos(n + 0.3), s = Math.sin(n + 0.3);
            for (int i = 0; i < n; i++) { // rows at offsets 3 and 3 + n of one array, as QL uses them
                double a = want[3 + i], b = want[3 + n + i];
                want[3 + i] = c * a - s * b;
                want[3 + n + i] = s * a + c * b;
            }
            k.rot(n, c, s, z, 3, z, 3 + n);
            assertThat(z).as("%s rot n=%d", k.name(), n).containsExactly(want);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void dotAxpyAndItsFourRowFormMatchNaiveLoops(Kernels k) {
        Random r = new Random(2);
        for (int n = 0; n <= 67; n++) {
            int lda = n + 3;
            double[] a = random(r, 4 * lda + 1), x = random(r, n + 2), y = random(r, n + 4), alpha = random(r, 4);
            double[] y1 = y.clone(), want = y.clone();
            double dot = k.dotAxpy(n, alpha[0], a, 1, x, 2, y1, 4 - 2);
            double wantDot = 0;
            for (int i = 0; i < n; i++) { wantDot += a[1 + i] * x[2 + i]; want[2 + i] += alpha[0] * a[1 + i]; }
            assertThat(dot).as("%s dotAxpy n=%d", k.name(), n).isCloseTo(wantDot, within(1e-13 * (n + 1)));
            for (int i = 0; i < y.length; i++) assertThat(y1[i]).isCloseTo(want[i], within(1e-14));

            double[] y4 = y.clone(), dots = new double[4], want4 = y.clone(), wantDots = new double[4];
            k.dotAxpy4(n, a, 1, lda, x, 2, alpha, 0, y4, 1, dots, 0);
            // alpha and dots in y's own array, after its n elements: the same numbers
            double[] shared = java.util.Arrays.copyOf(y, y.length + 8);
            System.arraycopy(alpha, 0, shared, y.length, 4);
            k.dotAxpy4(n, a, 1, lda, x, 2, shared, y.length, shared, 1, shared, y.length + 4);
            assertThat(java.util.Arrays.copyOf(shared, y.length)).isEqualTo(y4);
            assertThat(java.util.Arrays.copyOfRange(shared, y.length + 4, y.length + 8)).isEqualTo(dots);
            for (int row = 0; row < 4; row++) {
                for (int i = 0; i < n; i++) {
                    wantDots[row] += a[1 + row * lda + i] * x[2 + i];
                    want4[1 + i] += alpha[row] * a[1 + row * lda + i];
                }
            }
            for (int row = 0; row < 4; row++) assertThat(dots[row]).isCloseTo(wantDots[row], within(1e-13 * (n + 1)));
            for (int i = 0; i < y.length; i++) assertThat(y4[i]).as("%s dotAxpy4 n=%d y[%d]", k.name(), n, i).isCloseTo(want4[i], within(1e-13));
        }
    }
}
