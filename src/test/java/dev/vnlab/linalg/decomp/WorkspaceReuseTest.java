package dev.vnlab.linalg.decomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.Workspace;
import dev.vnlab.parallel.Workers;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The decompositions take their scratch from the per-thread {@link Workspace}, which hands back
 * arrays with whatever the previous user left in them. Results must not depend on that: the
 * reference for each input is computed on a new thread (an empty workspace, so freshly zeroed
 * arrays), then compared bit for bit with calls on one thread whose workspace holds stale
 * numbers of other sizes, and NaN.
 */
class WorkspaceReuseTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);
    private static final int[] SIZES = {200, 37, 200, 513, 1, 64};

    @AfterAll
    static void close() { ONE.close(); }

    static DoubleMatrix symmetric(int n, long seed) {
        DoubleMatrix g = HouseholderQrTest.gaussian(n, n, seed), s = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s.set(i, j, g.get(i, j) + g.get(j, i));
        return s;
    }

    static <T> T onNewThread(Supplier<T> f) throws InterruptedException {
        AtomicReference<T> out = new AtomicReference<>();
        Thread t = new Thread(() -> out.set(f.get()));
        t.start();
        t.join();
        assertThat(out.get()).as("result from the new thread").isNotNull();
        return out.get();
    }

    /** Fills this thread's workspace with NaN arrays of both precisions, large enough for every request here. */
    static void poisonWorkspace() {
        int len = 520 * 520;
        double[][] d = new double[6][];
        float[][] f = new float[6][];
        for (int i = 0; i < d.length; i++) {
            d[i] = Workspace.acquire(Precision.DOUBLE, len);
            f[i] = Workspace.acquire(Precision.FLOAT, len);
            Arrays.fill(d[i], Double.NaN);
            Arrays.fill(f[i], Float.NaN);
        }
        for (int i = 0; i < d.length; i++) {
            Workspace.release(d[i]);
            Workspace.release(f[i]);
        }
    }

    @Test
    void eigenvaluesAndVectorsDoNotDependOnWhatTheWorkspaceHeld() throws InterruptedException {
        double[][] values = new double[SIZES.length][], valuesWithVectors = new double[SIZES.length][];
        double[][] vectors = new double[SIZES.length][];
        for (int c = 0; c < SIZES.length; c++) {
            DoubleMatrix a = symmetric(SIZES[c], SIZES[c]);
            values[c] = onNewThread(() -> SymmetricEigen.values(a, BLAS));
            SymmetricEigen first = onNewThread(() -> SymmetricEigen.decompose(a, BLAS));
            valuesWithVectors[c] = first.values();
            vectors[c] = first.vectors().data();
        }
        for (boolean poison : new boolean[] {false, true}) {
            for (int c = 0; c < SIZES.length; c++) {
                DoubleMatrix a = symmetric(SIZES[c], SIZES[c]);
                if (poison) poisonWorkspace();
                assertThat(SymmetricEigen.values(a, BLAS)).as("values, n = %d", SIZES[c]).isEqualTo(values[c]);
                if (poison) poisonWorkspace();
                SymmetricEigen e = SymmetricEigen.decompose(a, BLAS);
                assertThat(e.values()).as("values with vectors, n = %d", SIZES[c]).isEqualTo(valuesWithVectors[c]);
                assertThat(e.vectors().data()).as("vectors, n = %d", SIZES[c]).isEqualTo(vectors[c]);
            }
        }
    }

    @Test
    void qrFactorsAndSolutionsDoNotDependOnWhatTheWorkspaceHeld() throws InterruptedException {
        int[][] shapes = {{200, 150}, {37, 60}, {200, 150}, {513, 400}, {1, 1}, {60, 37}};
        for (int c = 0; c < shapes.length; c++) {
            int m = shapes[c][0], n = shapes[c][1];
            DoubleMatrix a = HouseholderQrTest.gaussian(m, n, 3L * m + n), b = HouseholderQrTest.gaussian(m, 2, m);
            FloatMatrix af = a.toFloat(), bf = b.toFloat();
            DoubleMatrix[] ref = onNewThread(() -> {
                HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(a, BLAS);
                return new DoubleMatrix[] {qr.q(), qr.r(), m >= n ? qr.solve(b) : new DoubleMatrix(0, 0)};
            });
            FloatMatrix[] refF = onNewThread(() -> {
                HouseholderQr<FloatMatrix> qr = HouseholderQr.factor(af, BLAS);
                return new FloatMatrix[] {qr.q(), qr.r(), m >= n ? qr.solve(bf) : new FloatMatrix(0, 0)};
            });
            for (boolean poison : new boolean[] {false, true}) {
                if (poison) poisonWorkspace();
                HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(a, BLAS);
                if (poison) poisonWorkspace();
                assertThat(qr.q().data()).as("Q of %dx%d", m, n).isEqualTo(ref[0].data());
                assertThat(qr.r().data()).as("R of %dx%d", m, n).isEqualTo(ref[1].data());
                if (m >= n) assertThat(qr.solve(b).data()).as("solution for %dx%d", m, n).isEqualTo(ref[2].data());
                if (poison) poisonWorkspace();
                HouseholderQr<FloatMatrix> qf = HouseholderQr.factor(af, BLAS);
                if (poison) poisonWorkspace();
                assertThat(qf.q().data()).as("float Q of %dx%d", m, n).isEqualTo(refF[0].data());
                assertThat(qf.r().data()).as("float R of %dx%d", m, n).isEqualTo(refF[1].data());
                if (m >= n) assertThat(qf.solve(bf).data()).as("float solution for %dx%d", m, n).isEqualTo(refF[2].data());
            }
        }
    }

    @Test
    void qAndRIntoCallerMatricesOverwriteEveryElement() {
        DoubleMatrix a = HouseholderQrTest.gaussian(70, 50, 9);
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(a, BLAS);
        DoubleMatrix q = new DoubleMatrix(70, 50).fill(Double.NaN), r = new DoubleMatrix(50, 50).fill(Double.NaN);
        assertThat(qr.q(q)).isSameAs(q);
        assertThat(qr.r(r)).isSameAs(r);
        assertThat(q.data()).isEqualTo(qr.q().data());
        assertThat(r.data()).isEqualTo(qr.r().data());
        // Views into larger storage: only the view's elements change.
        DoubleMatrix big = new DoubleMatrix(80, 60).fill(7.0);
        qr.r(big.view(3, 4, 50, 50));
        assertThat(big.view(3, 4, 50, 50).copy().data()).isEqualTo(qr.r().data());
        assertThat(big.get(2, 4)).isEqualTo(7.0);
        assertThat(big.get(3, 54)).isEqualTo(7.0);
        HouseholderQr<FloatMatrix> qf = HouseholderQr.factor(a.toFloat(), BLAS);
        FloatMatrix qff = new FloatMatrix(70, 50).fill(Float.NaN);
        assertThat(qf.q(qff).data()).isEqualTo(qf.q().data());
    }

    @Test
    void qAndRIntoMatricesOfTheWrongShapeAreRejected() {
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(HouseholderQrTest.gaussian(7, 5, 1), BLAS);
        assertThatThrownBy(() -> qr.q(new DoubleMatrix(5, 7))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Q is 5x7; expected 7x5, the shape of this factorization's Q");
        assertThatThrownBy(() -> qr.r(new DoubleMatrix(7, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("R is 7x5; expected 5x5, the shape of this factorization's R");
        assertThatThrownBy(() -> qr.refactor(new DoubleMatrix(5, 7))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A is 5x7; expected 7x5, the shape of this factorization's A");
    }

    /**
     * A factorization reused for other matrices of its shape (refactor, then Q and R into reused
     * outputs) gives each one's fresh factors to the bit, whatever it held before.
     */
    @Test
    void aRefactoredFactorizationGivesFreshFactorsBits() {
        HouseholderQr<DoubleMatrix> reused = HouseholderQr.factor(HouseholderQrTest.gaussian(90, 60, 20), BLAS);
        DoubleMatrix q = new DoubleMatrix(90, 60), r = new DoubleMatrix(60, 60);
        for (int seed = 21; seed < 25; seed++) {
            DoubleMatrix a = HouseholderQrTest.gaussian(90, 60, seed);
            HouseholderQr<DoubleMatrix> fresh = HouseholderQr.factor(a, BLAS);
            assertThat(reused.refactor(a)).isSameAs(reused);
            assertThat(reused.q(q).data()).isEqualTo(fresh.q().data());
            assertThat(reused.r(r).data()).isEqualTo(fresh.r().data());
            assertThat(reused.rDiagonal()).isEqualTo(fresh.rDiagonal());
            assertThat(reused.solve(a).data()).isEqualTo(fresh.solve(a).data());
        }
    }
}
