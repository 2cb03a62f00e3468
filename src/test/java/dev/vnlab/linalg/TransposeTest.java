package dev.vnlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tiled transpose against the element-by-element definition, over shapes around its tile. */
class TransposeTest {
    private static final int[][] SHAPES = {{0, 5}, {5, 0}, {1, 1}, {1, 70}, {70, 1}, {31, 33}, {32, 32}, {33, 65}, {65, 31}, {100, 3}, {129, 130}};

    @Test
    void doubleViewsWithPaddedStridesAndOffsets() {
        Random rnd = new Random(5);
        for (int[] s : SHAPES) {
            int rows = s[0], cols = s[1], sld = cols + 3, dld = rows + 5, so = 7, d0 = 2;
            double[] src = new double[so + rows * sld], dst = new double[d0 + cols * dld];
            for (int i = 0; i < src.length; i++) src[i] = rnd.nextGaussian();
            double[] want = dst.clone();
            java.util.Arrays.fill(dst, Double.NaN);
            java.util.Arrays.fill(want, Double.NaN);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) want[d0 + j * dld + i] = src[so + i * sld + j];
            Precision.DOUBLE.transpose(src, so, sld, dst, d0, dld, rows, cols);
            assertThat(dst).as("%dx%d", rows, cols).containsExactly(want); // padding untouched (NaN == NaN here)
        }
    }

    @Test
    void matricesTransposeBothPrecisions() {
        Random rnd = new Random(9);
        for (int[] s : SHAPES) {
            DoubleMatrix a = new DoubleMatrix(s[0] + 2, s[1] + 1);
            FloatMatrix f = new FloatMatrix(s[0], s[1]);
            for (int i = 0; i < a.rows(); i++) for (int j = 0; j < a.cols(); j++) a.set(i, j, rnd.nextGaussian());
            for (int i = 0; i < f.rows(); i++) for (int j = 0; j < f.cols(); j++) f.set(i, j, (float) rnd.nextGaussian());
            DoubleMatrix view = DoubleMatrix.wrap(a.data(), a.index(1, 1), s[0], s[1], a.stride()), t = view.transpose();
            FloatMatrix ft = f.transpose();
            assertThat(t.rows()).isEqualTo(s[1]);
            assertThat(t.cols()).isEqualTo(s[0]);
            for (int i = 0; i < s[0]; i++) {
                for (int j = 0; j < s[1]; j++) {
                    assertThat(t.get(j, i)).isEqualTo(view.get(i, j));
                    assertThat(ft.get(j, i)).isEqualTo(f.get(i, j));
                }
            }
        }
    }
}
