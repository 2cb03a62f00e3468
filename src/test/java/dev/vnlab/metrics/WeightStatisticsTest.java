package dev.vnlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A layer's weight statistics against matrices whose values are known in closed form. */
class WeightStatisticsTest {
    private static final Blas BLAS = Blas.defaults();

    @Test
    void stableRanksOfKnownMatrices() {
        FloatMatrix identity = new FloatMatrix(7, 7);
        for (int i = 0; i < 7; i++) identity.set(i, i, 1);
        assertThat(WeightStatistics.of(identity, new float[7], BLAS).stableRank()).isCloseTo(7, within(1e-9));

        FloatMatrix rankOne = new FloatMatrix(5, 9); // u v^T
        for (int i = 0; i < 5; i++) for (int j = 0; j < 9; j++) rankOne.set(i, j, (i + 1) * (j - 4.5f));
        assertThat(WeightStatistics.of(rankOne, new float[5], BLAS).stableRank()).isCloseTo(1, within(1e-6));

        FloatMatrix diag = new FloatMatrix(4, 6); // singular values 3, 1, 1, 1: (9 + 3) / 9
        diag.set(0, 0, 3);
        for (int i = 1; i < 4; i++) diag.set(i, i + 2, -1);
        assertThat(WeightStatistics.of(diag, new float[4], BLAS).stableRank()).isCloseTo(12.0 / 9, within(1e-9));

        assertThat(WeightStatistics.of(new FloatMatrix(3, 3), new float[3], BLAS).stableRank()).isNaN(); // no direction at all
    }

    @Test
    void scalesAreTheSecondMomentsTheTheoryReadsAndARandomMatrixSitsAtItsStableRank() {
        Random r = new Random(5);
        int out = 300, in = 600;
        double sw2 = 1.7, sb2 = 0.04;
        FloatMatrix w = new FloatMatrix(out, in);
        float[] b = new float[out];
        double frob = 0, bias = 0;
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                w.set(i, j, (float) (r.nextGaussian() * Math.sqrt(sw2 / in)));
                frob += (double) w.get(i, j) * w.get(i, j);
            }
            b[i] = (float) (r.nextGaussian() * Math.sqrt(sb2));
            bias += (double) b[i] * b[i];
        }
        WeightStatistics s = WeightStatistics.of(w, b, BLAS);
        assertThat(s.sigmaW2()).isCloseTo(frob / out, within(1e-12 * frob)); // fan_in x mean(W^2)
        assertThat(s.sigmaW2()).isCloseTo(sw2, within(0.02 * sw2));
        assertThat(s.sigmaB2()).isCloseTo(bias / out, within(1e-15));
        assertThat(s.randomStableRank()).isCloseTo(out * in / Math.pow(Math.sqrt(out) + Math.sqrt(in), 2), within(1e-9));
        assertThat(s.stableRank() / s.randomStableRank()).isBetween(0.97, 1.08); // the edge's finite-size fluctuation is small at this size
    }

    @Test
    void aBiasOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> WeightStatistics.of(new FloatMatrix(3, 2), new float[2], BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 biases for a 3 x 2 weight; expected 3");
    }
}
