package dev.vnlab.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.linalg.kernel.RandomLanes;
import dev.vnlab.parallel.Workers;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernels")
class RngTest {
    private static final Workers ONE = Workers.of(1);

    @AfterAll
    static void close() { ONE.close(); }

    @Test
    void sameStreamRepeatsItsNumbersAndChildrenDiffer() {
        float[] a = new float[10_000], b = new float[10_000], c = new float[10_000];
        Rng.seeded(42).child(3).fillGaussian(a, 0, a.length, 0f, 1f, Blas.on(ONE));
        Rng.seeded(42).child(3).fillGaussian(b, 0, b.length, 0f, 1f, Blas.on(ONE));
        Rng.seeded(42).child(4).fillGaussian(c, 0, c.length, 0f, 1f, Blas.on(ONE));
        assertThat(a).containsExactly(b);
        int equal = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == c[i]) equal++;
        assertThat(equal).isLessThan(5);
        assertThat(Rng.seeded(1).key()).isNotEqualTo(Rng.seeded(2).key());
        assertThat(Rng.seeded(1).generator().nextLong()).isEqualTo(Rng.seeded(1).generator().nextLong());
    }

    @Test
    void fillsAreBitIdenticalForEveryThreadCount() {
        int n = 3 * Rng.BLOCK + 17;
        float[] ref = new float[n];
        double[] refD = new double[n];
        float[] refU = new float[n];
        Rng rng = Rng.seeded(7);
        rng.fillGaussian(ref, 0, n, 1f, 2f, Blas.on(ONE));
        rng.fillGaussian(refD, 0, n, 1.0, 2.0, Blas.on(ONE));
        rng.fillUniform(refU, 0, n, -1f, 1f, Blas.on(ONE));
        for (int t = 2; t <= 4; t++) {
            try (Workers w = Workers.of(t)) {
                float[] x = new float[n];
                double[] y = new double[n];
                float[] u = new float[n];
                rng.fillGaussian(x, 0, n, 1f, 2f, Blas.on(w));
                rng.fillGaussian(y, 0, n, 1.0, 2.0, Blas.on(w));
                rng.fillUniform(u, 0, n, -1f, 1f, Blas.on(w));
                assertThat(Arrays.equals(x, ref)).as("float gaussian, %d threads", t).isTrue();
                assertThat(Arrays.equals(y, refD)).as("double gaussian, %d threads", t).isTrue();
                assertThat(Arrays.equals(u, refU)).as("uniform, %d threads", t).isTrue();
            }
        }
    }

    @Test
    void aFillIntoAnOffsetRangeLeavesTheRestAlone() {
        float[] x = new float[100];
        Arrays.fill(x, -7f);
        Rng.seeded(1).fillGaussian(x, 10, 33, 0f, 1f, Blas.on(ONE));
        for (int i = 0; i < 100; i++) {
            if (i < 10 || i >= 43) assertThat(x[i]).isEqualTo(-7f);
            else assertThat(x[i]).isNotEqualTo(-7f);
        }
        float[] prefix = new float[33];
        Rng.seeded(1).fillGaussian(prefix, 0, 33, 0f, 1f, Blas.on(ONE));
        assertThat(Arrays.copyOfRange(x, 10, 43)).containsExactly(prefix);
    }

    @Test
    void matrixViewsGetTheNumbersOfAContiguousMatrixOfTheirShape() {
        FloatMatrix big = new FloatMatrix(9, 11);
        FloatMatrix view = big.view(2, 3, 5, 4);
        FloatMatrix plain = new FloatMatrix(5, 4);
        Rng.seeded(5).fillGaussian(view, 0f, 1f, Blas.on(ONE));
        Rng.seeded(5).fillGaussian(plain, 0f, 1f, Blas.on(ONE));
        assertThat(view.toArray()).isDeepEqualTo(plain.toArray());
        assertThat(big.get(0, 0)).isZero();
        assertThat(big.get(7, 7)).isZero();
    }

    @Test
    void scalarAndSimdKernelsAgree() {
        Kernels simd = KernelProvider.simd().orElse(null);
        assumeTrue(simd != null, "Vector API absent in this JVM");
        Kernels scalar = KernelProvider.scalar();
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 1000, 4096}) {
            long[] s1 = new long[RandomLanes.STATE_LENGTH], s2 = new long[RandomLanes.STATE_LENGTH];
            SplitMix64.fill(n, s1);
            SplitMix64.fill(n, s2);
            float[] a = new float[n], b = new float[n];
            scalar.fillUniform(s1, a, 0, n, -2f, 3f);
            simd.fillUniform(s2, b, 0, n, -2f, 3f);
            assertThat(Arrays.equals(a, b)).as("uniform float n=%d", n).isTrue();
            assertThat(s1).containsExactly(s2);
            double[] c = new double[n], d = new double[n];
            scalar.fillUniform(s1, c, 0, n, 0.0, 1.0);
            simd.fillUniform(s2, d, 0, n, 0.0, 1.0);
            assertThat(Arrays.equals(c, d)).as("uniform double n=%d", n).isTrue();
            scalar.fillGaussian(s1, a, 0, n, 0f, 1f);
            simd.fillGaussian(s2, b, 0, n, 0f, 1f);
            assertThat(s1).containsExactly(s2);
            // Gaussians too, bit for bit: both use FloatMath's log and turn functions (float)
            // and StrictMath (double).
            assertThat(Arrays.equals(a, b)).as("gaussian float n=%d", n).isTrue();
            scalar.fillGaussian(s1, c, 0, n, 0.0, 1.0);
            simd.fillGaussian(s2, d, 0, n, 0.0, 1.0);
            assertThat(Arrays.equals(c, d)).as("gaussian double n=%d", n).isTrue();
            assertThat(s1).containsExactly(s2);
        }
    }

    @Test
    void scalarLanesReproduceTheReferenceXoshiroSequence() {
        // Lane l of a state must be exactly the sequential xoshiro256** generator with that state.
        long[] s = new long[RandomLanes.STATE_LENGTH];
        SplitMix64.fill(99, s);
        long[] copy = s.clone();
        long[] four = {copy[3], copy[RandomLanes.LANES + 3], copy[2 * RandomLanes.LANES + 3], copy[3 * RandomLanes.LANES + 3]};
        for (int step = 0; step < 20; step++) {
            long expected = Long.rotateLeft(four[1] * 5, 7) * 9;
            long t = four[1] << 17;
            four[2] ^= four[0];
            four[3] ^= four[1];
            four[1] ^= four[2];
            four[0] ^= four[3];
            four[2] ^= t;
            four[3] = Long.rotateLeft(four[3], 45);
            assertThat(RandomLanes.step(s, 3)).isEqualTo(expected);
        }
    }

    @Test
    void gaussianMomentsMatchTheNormalLaw() {
        int n = 1_000_000;
        float[] x = new float[n];
        Rng.seeded(11).fillGaussian(x, 0, n, 0f, 1f, Blas.on(ONE));
        double[] m = moments(x);
        // Standard errors: mean 1/sqrt(n), variance sqrt(2/n), skewness sqrt(6/n), kurtosis sqrt(24/n).
        assertThat(m[0]).isBetween(-5 / Math.sqrt(n), 5 / Math.sqrt(n));
        assertThat(m[1]).isBetween(1 - 5 * Math.sqrt(2.0 / n), 1 + 5 * Math.sqrt(2.0 / n));
        assertThat(m[2]).isBetween(-5 * Math.sqrt(6.0 / n), 5 * Math.sqrt(6.0 / n));
        assertThat(m[3]).isBetween(3 - 5 * Math.sqrt(24.0 / n), 3 + 5 * Math.sqrt(24.0 / n));
        float[] y = new float[n];
        Rng.seeded(12).fillGaussian(y, 0, n, 3f, 0.5f, Blas.on(ONE));
        double[] my = moments(y);
        assertThat(my[0]).isCloseTo(3, org.assertj.core.data.Offset.offset(5 * 0.5 / Math.sqrt(n)));
        assertThat(my[1]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(5 * 0.25 * Math.sqrt(2.0 / n)));
    }

    @Test
    void gaussianPassesKolmogorovSmirnovAgainstTheExactCdf() {
        int n = 200_000;
        float[] x = new float[n];
        double[] y = new double[n];
        Rng.seeded(3).fillGaussian(x, 0, n, 0f, 1f, Blas.on(ONE));
        Rng.seeded(4).fillGaussian(y, 0, n, 0.0, 1.0, Blas.on(ONE));
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) xd[i] = x[i];
        // Critical value at the 0.1% level: 1.95 / sqrt(n).
        assertThat(ks(xd, RngTest::normalCdf)).isLessThan(1.95 / Math.sqrt(n));
        assertThat(ks(y, RngTest::normalCdf)).isLessThan(1.95 / Math.sqrt(n));
        // And the test can fail: a slightly wrong scale is rejected.
        double[] scaled = xd.clone();
        for (int i = 0; i < n; i++) scaled[i] *= 1.02;
        assertThat(ks(scaled, RngTest::normalCdf)).isGreaterThan(1.95 / Math.sqrt(n));
    }

    @Test
    void uniformIsInsideTheOpenIntervalAndPassesKolmogorovSmirnov() {
        int n = 200_000;
        float[] x = new float[n];
        double[] y = new double[n];
        Rng.seeded(8).fillUniform(x, 0, n, 0f, 1f, Blas.on(ONE));
        Rng.seeded(9).fillUniform(y, 0, n, -1.0, 3.0, Blas.on(ONE));
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) {
            assertThat(x[i]).isGreaterThan(0f).isLessThan(1f);
            assertThat(y[i]).isGreaterThan(-1.0).isLessThan(3.0);
            xd[i] = x[i];
        }
        assertThat(ks(xd, v -> v)).isLessThan(1.95 / Math.sqrt(n));
        assertThat(ks(y, v -> (v + 1) / 4)).isLessThan(1.95 / Math.sqrt(n));
    }

    @Test
    void doubleMatrixFillsUseTheSameStreamAsArrays() {
        DoubleMatrix m = new DoubleMatrix(30, 40);
        Rng.seeded(2).fillUniform(m, -1, 1, Blas.on(ONE));
        double[] a = new double[1200];
        Rng.seeded(2).fillUniform(a, 0, 1200, -1, 1, Blas.on(ONE));
        assertThat(m.data()).containsExactly(a);
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        Rng r = Rng.seeded(1);
        assertThatThrownBy(() -> r.fillGaussian(new float[10], 0, 10, 0f, -1f, Blas.on(ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> r.fillUniform(new float[10], 0, 10, 1f, 1f, Blas.on(ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(1.0, 1.0)");
        assertThatThrownBy(() -> r.fillGaussian(new double[10], 5, 6, 0, 1, Blas.on(ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 11)").hasMessageContaining("10");
    }

    private static double[] moments(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        double mean = s / x.length, m2 = 0, m3 = 0, m4 = 0;
        for (float v : x) {
            double d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }
        m2 /= x.length;
        m3 /= x.length;
        m4 /= x.length;
        return new double[] {mean, m2, m3 / Math.pow(m2, 1.5), m4 / (m2 * m2)};
    }

    private static double ks(double[] sample, java.util.function.DoubleUnaryOperator cdf) {
        double[] s = sample.clone();
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / s.length, (double) (i + 1) / s.length - f));
        }
        return d;
    }

    /** Phi(x) through erfc by its continued fraction / series, accurate to ~1e-14 (independent of the code under test). */
    static double normalCdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double erfc;
        if (z < 2.5) { // erf series: erf(z) = 2/sqrt(pi) sum (-1)^k z^(2k+1) / (k! (2k+1))
            double sum = 0, term = z;
            for (int k = 0; k < 200; k++) {
                double add = term / (2 * k + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
                term *= -z * z / (k + 1);
            }
            erfc = 1 - 2 / Math.sqrt(Math.PI) * sum;
        } else { // continued fraction (Lentz) for erfc
            double tiny = 1e-300, f = tiny, c = f, d = 0;
            // erfc(z) = exp(-z^2)/sqrt(pi) * 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...))))
            double b0 = z;
            f = b0;
            c = b0;
            d = 0;
            for (int k = 1; k < 300; k++) {
                double ak = k / 2.0;
                d = z + ak * d;
                d = d == 0 ? tiny : d;
                c = z + ak / c;
                c = c == 0 ? tiny : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.abs(delta - 1) < 1e-16) break;
            }
            erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
        }
        double upper = 0.5 * erfc; // P(Z > |x|)
        return x >= 0 ? 1 - upper : upper;
    }
}
