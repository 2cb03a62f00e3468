package dev.vnlab.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Reference;
import dev.vnlab.parallel.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HaarOrthogonalTest {
    private static final Workers ONE = Workers.of(1);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() { ONE.close(); }

    @Test
    void squareSamplesAreOrthogonal() {
        DoubleMatrix q = HaarOrthogonal.sample(Rng.seeded(1), 70, 70, BLAS);
        assertThat(Reference.orthogonalityError(q.toArray())).isLessThan(1e-13);
        assertThat(Reference.orthogonalityError(q.transpose().toArray())).isLessThan(1e-13);
    }

    @Test
    void rectangularSamplesAreSemiOrthogonal() {
        DoubleMatrix tall = HaarOrthogonal.sample(Rng.seeded(2), 90, 40, BLAS);
        assertThat(Reference.orthogonalityError(tall.toArray())).isLessThan(1e-13);
        DoubleMatrix wide = HaarOrthogonal.sample(Rng.seeded(3), 40, 90, BLAS);
        assertThat(wide.rows()).isEqualTo(40);
        assertThat(Reference.orthogonalityError(wide.transpose().toArray())).isLessThan(1e-13);
        FloatMatrix f = HaarOrthogonal.sampleFloat(Rng.seeded(3), 40, 90, BLAS);
        assertThat(Reference.orthogonalityError(f.transpose().toDouble().toArray())).isLessThan(1e-5);
    }

    /**
     * Haar measure on O(N): E[tr Q] = 0, E[(tr Q)^2] = 1 and E[tr Q^2] = 1 (Diaconis and
     * Shahshahani). Without the sign correction, Q from Householder QR is not Haar, and the
     * first moment is far from 0 - which this test would catch.
     */
    @Test
    void traceMomentsAreThoseOfHaarMeasure() {
        int n = 8, samples = 4000;
        double sumTr = 0, sumTr2 = 0, sumTrSq = 0;
        Rng root = Rng.seeded(2024);
        for (int s = 0; s < samples; s++) {
            double[][] q = HaarOrthogonal.sample(root.child(s), n, n, BLAS).toArray();
            double tr = 0, trSq = 0;
            for (int i = 0; i < n; i++) {
                tr += q[i][i];
                for (int j = 0; j < n; j++) trSq += q[i][j] * q[j][i];
            }
            sumTr += tr;
            sumTr2 += tr * tr;
            sumTrSq += trSq;
        }
        double se = 1 / Math.sqrt(samples);
        assertThat(sumTr / samples).isBetween(-5 * se, 5 * se);
        assertThat(sumTr2 / samples).isBetween(1 - 5 * Math.sqrt(2) * se, 1 + 5 * Math.sqrt(2) * se);
        assertThat(sumTrSq / samples).isBetween(1 - 5 * 2 * se, 1 + 5 * 2 * se);
    }

    @Test
    void badShapesAreRejected() {
        assertThatThrownBy(() -> HaarOrthogonal.sample(Rng.seeded(1), 0, 3, BLAS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x3");
    }
}
