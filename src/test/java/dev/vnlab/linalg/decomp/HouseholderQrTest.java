package dev.vnlab.linalg.decomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.Reference;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HouseholderQrTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() { ONE.close(); }

    static DoubleMatrix gaussian(int m, int n, long seed) {
        DoubleMatrix a = new DoubleMatrix(m, n);
        Rng.seeded(seed).fillGaussian(a, 0.0, 1.0, Blas.on(ONE));
        return a;
    }

    /** max |(Q R)_ij - A_ij| / max |A_ij|, computed naively in double. */
    static double reconstructionError(double[][] q, double[][] r, double[][] a) {
        int m = a.length, n = a[0].length, k = r.length;
        double err = 0, scale = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += q[i][p] * r[p][j];
                err = Math.max(err, Math.abs(s - a[i][j]));
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        return err / Math.max(scale, Double.MIN_NORMAL);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "1,3", "5,3", "3,5", "47,47", "48,48", "49,49", "97,97", "130,50", "50,130", "200,111", "7,100",
            "256,100", "256,300", "512,64"}) // m = 256 and 512: rows of 2 and 4 KiB, padded
    void factorsReconstructAndAreOrthogonalInDouble(int m, int n) {
        DoubleMatrix a = gaussian(m, n, 31L * m + n);
        double[][] before = a.toArray();
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(a, BLAS);
        double[][] q = qr.q().toArray(), r = qr.r().toArray();
        int k = Math.min(m, n);
        assertThat(q.length).isEqualTo(m);
        assertThat(q[0].length).isEqualTo(k);
        assertThat(r.length).isEqualTo(k);
        assertThat(r[0].length).isEqualTo(n);
        assertThat(a.toArray()).as("input untouched").isDeepEqualTo(before);
        double tol = 1e-14 * Math.max(m, n);
        assertThat(reconstructionError(q, r, before)).isLessThan(tol);
        assertThat(Reference.orthogonalityError(q)).isLessThan(tol);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) assertThat(r[i][j]).isZero();
            assertThat(r[i][i]).isEqualTo(qr.rDiagonal()[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"5,3", "64,64", "150,70", "70,150", "512,60", "512,530"}) // m = 512: rows of 2 KiB, padded
    void factorsReconstructInFloat(int m, int n) {
        FloatMatrix a = gaussian(m, n, 7L * m + n).toFloat();
        double[][] ad = a.toDouble().toArray();
        HouseholderQr<FloatMatrix> qr = HouseholderQr.factor(a, BLAS);
        double tol = 2e-6 * Math.max(m, n);
        assertThat(reconstructionError(qr.q().toDouble().toArray(), qr.r().toDouble().toArray(), ad)).isLessThan(tol);
        assertThat(Reference.orthogonalityError(qr.q().toDouble().toArray())).isLessThan(tol);
    }

    /** Rows of W and Q^T a multiple of 2 KiB long get one 64-byte line more; no other length changes. */
    @Test
    void rowsAMultipleOf2KiBArePaddedByOneLine() {
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.DOUBLE, 1024)).isEqualTo(1032);
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.DOUBLE, 256)).isEqualTo(264);
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.DOUBLE, 1000)).isEqualTo(1000);
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.DOUBLE, 128)).isEqualTo(128);
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.FLOAT, 1024)).isEqualTo(1040);
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.FLOAT, 256)).isEqualTo(256);
        assertThat(HouseholderQr.Factorization.paddedStride(Precision.FLOAT, 1)).isEqualTo(1);
    }

    @Test
    void paddedRowsSolveLeastSquares() {
        DoubleMatrix tall = gaussian(512, 30, 5); // rows of W 4 KiB long: padded
        double[][] t = tall.toArray(), rhs = gaussian(512, 2, 6).toArray();
        double[][] sol = HouseholderQr.factor(tall, BLAS).solve(DoubleMatrix.of(rhs)).toArray();
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < 30; j++) {
                double s = 0;
                for (int i = 0; i < 512; i++) {
                    double res = rhs[i][c];
                    for (int p = 0; p < 30; p++) res -= t[i][p] * sol[p][c];
                    s += t[i][j] * res;
                }
                assertThat(Math.abs(s)).as("A^T (b - A x) for column %d of B", c).isLessThan(1e-10);
            }
        }
    }

    @Test
    void aColumnAlreadyZeroBelowTheDiagonalNeedsNoReflector() {
        // Column 0 is e_0 * 3 and column 1 is zero: exercises tau = 0.
        double[][] v = {{3, 0, 1}, {0, 0, 2}, {0, 0, 5}, {0, 0, -1}};
        DoubleMatrix a = DoubleMatrix.of(v);
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(a, BLAS);
        assertThat(reconstructionError(qr.q().toArray(), qr.r().toArray(), v)).isLessThan(1e-15);
        assertThat(Reference.orthogonalityError(qr.q().toArray())).isLessThan(1e-15);
    }

    @Test
    void solveRecoversAnExactSolutionAndGivesLeastSquaresResiduals() {
        int n = 60;
        DoubleMatrix a = gaussian(n, n, 1);
        double[][] x = gaussian(n, 3, 2).toArray();
        double[][] av = a.toArray();
        double[][] b = new double[n][3];
        for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) for (int j = 0; j < n; j++) b[i][c] += av[i][j] * x[j][c];
        double[][] got = HouseholderQr.factor(a, BLAS).solve(DoubleMatrix.of(b)).toArray();
        for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) assertThat(got[i][c]).isCloseTo(x[i][c], org.assertj.core.data.Offset.offset(1e-9));

        // Over-determined: the residual is orthogonal to A's columns.
        DoubleMatrix tall = gaussian(90, 20, 3);
        double[][] t = tall.toArray(), rhs = gaussian(90, 1, 4).toArray();
        double[][] sol = HouseholderQr.factor(tall, BLAS).solve(DoubleMatrix.of(rhs)).toArray();
        for (int j = 0; j < 20; j++) {
            double s = 0;
            for (int i = 0; i < 90; i++) {
                double res = rhs[i][0];
                for (int p = 0; p < 20; p++) res -= t[i][p] * sol[p][0];
                s += t[i][j] * res;
            }
            assertThat(Math.abs(s)).isLessThan(1e-11);
        }
    }

    @Test
    void solveRejectsBadShapesAndRankDeficiency() {
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(gaussian(5, 3, 1), BLAS);
        assertThatThrownBy(() -> qr.solve(new DoubleMatrix(4, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4x1").hasMessageContaining("5 rows");
        assertThatThrownBy(() -> HouseholderQr.factor(gaussian(3, 5, 1), BLAS).solve(new DoubleMatrix(3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x5");
        DoubleMatrix singular = DoubleMatrix.of(new double[][] {{1, 2}, {2, 4}, {3, 6}});
        assertThatThrownBy(() -> HouseholderQr.factor(singular, BLAS).solve(new DoubleMatrix(3, 1)))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("rank-deficient");
    }

    @Test
    void resultsAreBitIdenticalForEveryThreadCount() {
        DoubleMatrix a = gaussian(300, 260, 9);
        HouseholderQr<DoubleMatrix> ref = HouseholderQr.factor(a, BLAS);
        double[] q1 = ref.q().data(), r1 = ref.r().data();
        for (int t = 2; t <= 4; t++) {
            try (Workers w = Workers.of(t)) {
                HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(a, Blas.on(w));
                assertThat(Arrays.equals(qr.q().data(), q1)).as("Q at %d threads", t).isTrue();
                assertThat(Arrays.equals(qr.r().data(), r1)).as("R at %d threads", t).isTrue();
            }
        }
    }
}
