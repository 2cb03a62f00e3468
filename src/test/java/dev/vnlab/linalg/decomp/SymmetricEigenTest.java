package dev.vnlab.linalg.decomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.Reference;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.HaarOrthogonal;
import dev.vnlab.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigenTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() { ONE.close(); }

    /** Q diag(lambda) Q^T with Q Haar-orthogonal: a symmetric matrix of known spectrum. */
    static DoubleMatrix rotated(double[] lambda, long seed) {
        int n = lambda.length;
        DoubleMatrix q = HaarOrthogonal.sample(Rng.seeded(seed), n, n, BLAS);
        DoubleMatrix a = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += q.get(i, p) * lambda[p] * q.get(j, p);
                a.set(i, j, s);
            }
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a.set(j, i, a.get(i, j)); // exactly symmetric
        return a;
    }

    static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    /** max |A V - V diag(lambda)| / max|lambda|, naively. */
    static double residual(DoubleMatrix a, SymmetricEigen e) {
        int n = a.rows();
        DoubleMatrix v = e.vectors();
        double[] lam = e.values();
        double err = 0, scale = Double.MIN_NORMAL;
        for (double l : lam) scale = Math.max(scale, Math.abs(l));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += a.get(i, p) * v.get(p, j);
                err = Math.max(err, Math.abs(s - lam[j] * v.get(i, j)));
            }
        }
        return err / scale;
    }

    static double[][] rows(DoubleMatrix m) {
        double[][] r = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) r[i][j] = m.get(i, j);
        return r;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 31, 32, 33, 34, 64, 65, 97, 150})
    void rotatedDiagonalMatricesGiveBackTheirSpectrumAndVectors(int n) {
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = Math.sin(3.0 * i + 1) * (1 + i % 7);
        DoubleMatrix a = rotated(lambda, n);
        double[] want = sorted(lambda);
        double tol = 1e-13 * n * Math.max(1, Arrays.stream(lambda).map(Math::abs).max().orElse(1));
        assertThat(SymmetricEigen.values(a, BLAS)).containsExactly(want, within(tol));
        SymmetricEigen e = SymmetricEigen.decompose(a, BLAS);
        assertThat(e.values()).containsExactly(want, within(tol));
        assertThat(residual(a, e)).isLessThan(1e-13 * n);
        assertThat(Reference.orthogonalityError(rows(e.vectors()))).isLessThan(1e-13 * n);
    }

    @Test
    void diagonalMatrixHasItsDiagonalAsSpectrumAndUnitVectors() {
        double[] diag = {3, -1, 7, 0, 2.5};
        DoubleMatrix a = new DoubleMatrix(5, 5);
        for (int i = 0; i < 5; i++) a.set(i, i, diag[i]);
        SymmetricEigen e = SymmetricEigen.decompose(a, BLAS);
        assertThat(e.values()).containsExactly(-1, 0, 2.5, 3, 7);
        DoubleMatrix v = e.vectors();
        int[] where = {1, 3, 4, 0, 2}; // row of the 1 in each eigenvector column
        for (int j = 0; j < 5; j++) assertThat(Math.abs(v.get(where[j], j))).isEqualTo(1.0);
    }

    @Test
    void repeatedClusteredAndNearlySingularSpectra() {
        double[][] spectra = {
            {2, 2, 2, 2, 5, 5, 5, -1, -1, 0},
            {1, 1 + 1e-12, 1 + 2e-12, 1 + 3e-12, 1 - 1e-12, 3, 3 + 1e-9, 40, 40, 40, 40, 40},
            {1e-14, 0, 0, 1, 2, 3, 1e-15, -1e-15, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
        };
        long seed = 7;
        for (double[] lambda : spectra) {
            DoubleMatrix a = rotated(lambda, seed++);
            SymmetricEigen e = SymmetricEigen.decompose(a, BLAS);
            double scale = Arrays.stream(lambda).map(Math::abs).max().orElse(1);
            assertThat(e.values()).containsExactly(sorted(lambda), within(2e-14 * lambda.length * scale));
            assertThat(residual(a, e)).isLessThan(1e-13 * lambda.length);
            assertThat(Reference.orthogonalityError(rows(e.vectors()))).isLessThan(1e-13 * lambda.length);
        }
    }

    @Test
    void agreesWithAnIndependentJacobiSolverOnRandomMatrices() {
        for (int n : new int[] {2, 9, 40, 70}) {
            DoubleMatrix a = HouseholderQrTest.gaussian(n, n, 100 + n);
            for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a.set(i, j, a.get(j, i));
            assertThat(SymmetricEigen.values(a, BLAS)).containsExactly(jacobiEigenvalues(rows(a)), within(1e-12 * n));
        }
    }

    @Test
    void wishartSpectrumFollowsMarchenkoPastur() {
        int n = 400, m = 1600; // ratio c = n / m = 1/4: support [(1 - 1/2)^2, (1 + 1/2)^2]
        double c = (double) n / m;
        DoubleMatrix x = HouseholderQrTest.gaussian(m, n, 11);
        DoubleMatrix w = new DoubleMatrix(n, n);
        BLAS.syrk(1.0 / m, x, 0.0, w);
        double[] ev = SymmetricEigen.values(w, BLAS);
        double lo = Math.pow(1 - Math.sqrt(c), 2), hi = Math.pow(1 + Math.sqrt(c), 2);
        assertThat(ev[0]).isGreaterThan(lo - 0.05);
        assertThat(ev[n - 1]).isLessThan(hi + 0.1);
        double mean = Arrays.stream(ev).average().orElseThrow();
        double second = Arrays.stream(ev).map(v -> v * v).average().orElseThrow();
        assertThat(mean).isCloseTo(1.0, within(0.01));        // E[lambda] = 1
        assertThat(second).isCloseTo(1 + c, within(0.02));     // E[lambda^2] = 1 + c
        // Kolmogorov-Smirnov distance to the Marchenko-Pastur law, its CDF by Simpson's rule.
        double ks = 0;
        for (int i = 0; i < n; i++) {
            double f = marchenkoPasturCdf(ev[i], c);
            ks = Math.max(ks, Math.max(Math.abs(f - (double) i / n), Math.abs(f - (double) (i + 1) / n)));
        }
        assertThat(ks).isLessThan(0.02);
    }

    static double marchenkoPasturCdf(double x, double c) {
        double a = Math.pow(1 - Math.sqrt(c), 2), b = Math.pow(1 + Math.sqrt(c), 2);
        if (x <= a) return 0;
        if (x >= b) return 1;
        int steps = 4000;
        double h = (x - a) / steps, s = 0;
        for (int k = 0; k <= steps; k++) {
            double t = a + k * h;
            double f = t <= a || t >= b ? 0 : Math.sqrt((b - t) * (t - a)) / (2 * Math.PI * c * t);
            s += (k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2) * f;
        }
        return s * h / 3;
    }

    /**
     * The Gram matrix B B^T of a 100 x r Gaussian B: r eigenvalues of order 100 beside 100 - r at
     * rounding level (a rank-deficient Jacobian's J J^T). The QL sweeps must split off the
     * rounding-level cluster by the matrix's scale; they used not to converge for most seeds.
     */
    @Test
    void gramMatricesOfLowRankConvergeToTheirNonzeroSpectrum() {
        int n = 100;
        for (int r = 1; r <= 10; r++) {
            DoubleMatrix b = new DoubleMatrix(n, r);
            Rng.seeded(r).fillGaussian(b, 0, 1, Blas.on(ONE));
            DoubleMatrix g = new DoubleMatrix(n, n), small = new DoubleMatrix(r, r);
            BLAS.gemm(dev.vnlab.linalg.Transpose.N, dev.vnlab.linalg.Transpose.T, 1.0, b, b, 0.0, g);
            BLAS.syrk(1.0, b, 0.0, small); // B^T B: the same nonzero eigenvalues
            double[] all = SymmetricEigen.values(g, BLAS), nonzero = SymmetricEigen.values(small, BLAS);
            double top = nonzero[r - 1];
            for (int i = 0; i < n - r; i++) assertThat(Math.abs(all[i])).as("rank %d, zero eigenvalue %d", r, i).isLessThan(1e-12 * top);
            for (int i = 0; i < r; i++) assertThat(all[n - r + i]).as("rank %d, eigenvalue %d", r, i).isCloseTo(nonzero[i], within(1e-12 * top));
        }
    }

    @Test
    void onlyTheUpperTriangleIsRead() {
        DoubleMatrix a = rotated(new double[] {1, 2, 3, 4, 5, 6}, 3);
        DoubleMatrix garbage = a.copy();
        for (int i = 0; i < 6; i++) for (int j = 0; j < i; j++) garbage.set(i, j, Double.NaN);
        assertThat(SymmetricEigen.values(garbage, BLAS)).containsExactly(SymmetricEigen.values(a, BLAS));
    }

    @Test
    void emptyAndOneByOne() {
        assertThat(SymmetricEigen.values(new DoubleMatrix(0, 0), BLAS)).isEmpty();
        SymmetricEigen e = SymmetricEigen.decompose(DoubleMatrix.of(new double[][] {{-4}}), BLAS);
        assertThat(e.values()).containsExactly(-4);
        assertThat(e.vectors().get(0, 0)).isEqualTo(1);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> SymmetricEigen.values(new DoubleMatrix(3, 4), BLAS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square").hasMessageContaining("3x4");
        DoubleMatrix nan = new DoubleMatrix(3, 3);
        nan.set(1, 2, Double.NaN);
        assertThatThrownBy(() -> SymmetricEigen.values(nan, BLAS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(1, 2)").hasMessageContaining("NaN");
    }

    @Test
    void singularValuesOfRectangularMatricesWithKnownSpectrum() {
        double[] s = {5, 3, 2, 1, 0.5, 0.25, 0.125};
        for (int[] shape : new int[][] {{20, 7}, {7, 20}}) {
            int m = shape[0], n = shape[1], k = s.length;
            DoubleMatrix u = HaarOrthogonal.sample(Rng.seeded(1), m, k, BLAS), v = HaarOrthogonal.sample(Rng.seeded(2), n, k, BLAS);
            if (m < k) u = HaarOrthogonal.sample(Rng.seeded(1), k, m, BLAS).transpose();
            if (n < k) v = HaarOrthogonal.sample(Rng.seeded(2), k, n, BLAS).transpose();
            DoubleMatrix a = new DoubleMatrix(m, n);
            int r = Math.min(k, Math.min(m, n));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double t = 0;
                    for (int p = 0; p < r; p++) t += u.get(i, p) * s[p] * v.get(j, p);
                    a.set(i, j, t);
                }
            }
            assertThat(SymmetricEigen.singularValues(a, BLAS)).containsExactly(s, within(1e-12));
        }
    }

    @Test
    void resultsAreBitIdenticalForEveryThreadCount() {
        DoubleMatrix a = HouseholderQrTest.gaussian(180, 180, 5);
        SymmetricEigen one = SymmetricEigen.decompose(a, BLAS);
        for (int t : new int[] {2, 3, 4}) {
            try (Workers w = Workers.of(t)) {
                SymmetricEigen e = SymmetricEigen.decompose(a, Blas.on(w));
                assertThat(e.values()).as("values at %d threads", t).containsExactly(one.values());
                assertThat(rows(e.vectors())).as("vectors at %d threads", t).isDeepEqualTo(rows(one.vectors()));
            }
        }
    }

    /** Cyclic Jacobi rotations until the off-diagonal vanishes: slow, simple, independent. */
    static double[] jacobiEigenvalues(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
                    for (int k = 0; k < n; k++) { // A := J^T A J on rows/columns p, q
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = cs * akp - sn * akq;
                        a[k][q] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = cs * apk - sn * aqk;
                        a[q][k] = sn * apk + cs * aqk;
                    }
                }
            }
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[i][i];
        Arrays.sort(d);
        return d;
    }
}
