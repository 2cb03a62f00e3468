package dev.vnlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Row sources give the same rows whatever the blocks they are read in. */
class RowSourceTest {
    private static FloatMatrix readAll(RowSource s, int block) {
        FloatMatrix all = new FloatMatrix((int) s.rows(), s.columns());
        for (int r = 0; r < s.rows(); r += block) {
            int k = (int) Math.min(block, s.rows() - r);
            FloatMatrix part = new FloatMatrix(k, s.columns());
            s.read(r, part);
            all.view(r, 0, k, s.columns()).copyFrom(part);
        }
        return all;
    }

    @Test
    void gaussianRowsDoNotDependOnTheBlocksAndHaveTheVariance() {
        RowSource s = RowSource.gaussian(Rng.seeded(5), 1000, 37, 0.1, Blas.on(Workers.of(1)));
        FloatMatrix a = readAll(s, 1000), b = readAll(s, 7);
        assertThat(b.data()).isEqualTo(a.data());
        double sum = 0, sq = 0;
        for (float v : a.data()) {
            sum += v;
            sq += v * v;
        }
        int n = a.data().length;
        assertThat(sum / n).isCloseTo(0, within(0.005));
        assertThat(sq / n).isCloseTo(0.1, within(0.003)); // sd of the estimate is 0.1 sqrt(2 / 37000) = 7e-4
        assertThat(readAll(RowSource.gaussian(Rng.seeded(6), 1000, 37, 0.1, Blas.on(Workers.of(1))), 100).data()).isNotEqualTo(a.data());
    }

    @Test
    void gaussianRowsAreEachRowsOwnStreamOnAnyThreadCountNarrowOrWiderThanARandomBlock() {
        try (Workers two = Workers.of(2)) {
            for (int width : new int[] {37, Rng.BLOCK + 5}) {
                FloatMatrix one = readAll(RowSource.gaussian(Rng.seeded(9), 23, width, 2, Blas.on(Workers.of(1))), 23);
                FloatMatrix both = readAll(RowSource.gaussian(Rng.seeded(9), 23, width, 2, Blas.on(two)), 5);
                assertThat(both.data()).as("width %d", width).isEqualTo(one.data());
                float[] row = new float[width];
                Rng.seeded(9).child(17).fillGaussian(row, 0, width, 0f, (float) Math.sqrt(2), Blas.on(Workers.of(1)));
                assertThat(one.row(17)).isEqualTo(row);
            }
        }
    }

    @Test
    void idxImagesScaleLikeToMatrix() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 5 * 6);
        b.putInt(0x00000803).putInt(5).putInt(2).putInt(3);
        for (int i = 0; i < 30; i++) b.put((byte) (i * 8 + 7));
        IdxArray a = IdxArray.read(new ByteArrayInputStream(b.array()), "tiny", 1 << 20);
        RowSource s = RowSource.of(a, 1.0 / 255);
        assertThat(s.rows()).isEqualTo(5);
        assertThat(s.columns()).isEqualTo(6);
        assertThat(readAll(s, 2).data()).isEqualTo(a.toMatrix(1.0 / 255).data());
    }

    @Test
    void matrixRowsAndBadReads() {
        FloatMatrix m = FloatMatrix.wrap(3, 2, 1, 2, 3, 4, 5, 6);
        RowSource s = RowSource.of(m);
        assertThat(readAll(s, 2).data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> s.read(2, new FloatMatrix(2, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows 2 to 4 are outside the source's 3 rows");
        assertThatThrownBy(() -> s.read(0, new FloatMatrix(1, 3))).hasMessage("destination is 1x3; expected 2 columns");
        assertThatThrownBy(() -> RowSource.gaussian(Rng.seeded(1), 4, 2, -1, Blas.on(Workers.of(1)))).hasMessage("variance -1.0 is invalid; expected a finite value >= 0");
        assertThatThrownBy(() -> RowSource.gaussian(Rng.seeded(1), 4, 0, 1, Blas.on(Workers.of(1)))).hasMessage("a source of 4 rows of width 0 is invalid; expected rows >= 0 and width >= 1");
    }
}
