package dev.vnlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import org.junit.jupiter.api.Test;

class StandardizerAndSyntheticTest {
    @Test
    void standardizerCentresAndScalesWithTrainingStatistics() {
        // Column 0: 1..4 (mean 2.5, population sd sqrt(1.25)); column 1 constant 7.
        FloatMatrix train = FloatMatrix.of(new float[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}});
        Standardizer s = Standardizer.fit(train);
        assertThat(s.mean()).containsExactly(2.5, 7.0);
        assertThat(s.sd()[0]).isCloseTo(Math.sqrt(1.25), within(1e-15));
        assertThat(s.sd()[1]).isZero();
        FloatMatrix z = s.apply(train, new FloatMatrix(4, 2));
        assertThat(z.get(0, 0)).isCloseTo((float) (-1.5 / Math.sqrt(1.25)), within(1e-6f));
        assertThat(z.get(3, 1)).isZero(); // zero spread: centred only
        FloatMatrix test = FloatMatrix.of(new float[][] {{5, 8}});
        assertThat(s.apply(test, test).get(0, 0)).isCloseTo((float) (2.5 / Math.sqrt(1.25)), within(1e-6f));
        assertThat(test.get(0, 1)).isEqualTo(1f);
        assertThatThrownBy(() -> s.apply(new FloatMatrix(1, 3), new FloatMatrix(1, 3))).hasMessageContaining("2 features");
        assertThatThrownBy(() -> Standardizer.fit(new FloatMatrix(0, 3))).hasMessageContaining("0 rows");
    }

    @Test
    void gaussianInputsHaveTheirVarianceForAnyThreadCount() {
        FloatMatrix x;
        try (Workers w = Workers.of(1)) {
            x = Synthetic.gaussianInputs(Rng.seeded(3), 1000, 200, 0.1, Blas.on(w));
        }
        double s = 0, s2 = 0;
        for (float v : x.data()) { s += v; s2 += (double) v * v; }
        int n = x.data().length;
        assertThat(s / n).isCloseTo(0, within(5 * Math.sqrt(0.1 / n)));
        assertThat(s2 / n).isCloseTo(0.1, within(5 * 0.1 * Math.sqrt(2.0 / n)));
        try (Workers w = Workers.of(2)) {
            assertThat(Synthetic.gaussianInputs(Rng.seeded(3), 1000, 200, 0.1, Blas.on(w)).data()).containsExactly(x.data());
        }
        assertThatThrownBy(() -> Synthetic.gaussianInputs(Rng.seeded(3), 2, 2, -1, Blas.defaults())).hasMessageContaining("variance -1");
    }

    @Test
    void xorIsTheFourPointsWithTheirParity() {
        Dataset d = Synthetic.xor();
        assertThat(d.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            boolean differ = d.inputs().get(i, 0) != d.inputs().get(i, 1);
            assertThat(d.labels()[i]).isEqualTo(differ ? 1 : 0);
        }
    }

    @Test
    void datasetRejectsInconsistentLabels() {
        assertThatThrownBy(() -> new Dataset(new FloatMatrix(3, 2), new int[2], 2)).hasMessageContaining("3 input rows but 2 labels");
        assertThatThrownBy(() -> new Dataset(new FloatMatrix(2, 2), new int[] {0, 5}, 3)).hasMessageContaining("label 5 at example 1");
    }
}
