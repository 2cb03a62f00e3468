package dev.vnlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** n examples whose single feature is their index, labels index % 3. */
    static Dataset indexed(int n) {
        FloatMatrix x = new FloatMatrix(n, 2);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) { x.set(i, 0, i); x.set(i, 1, -i); y[i] = i % 3; }
        return new Dataset(x, y, 3);
    }

    static int[] epochOrder(Batches b, Dataset d, int epoch) {
        b.startEpoch(epoch);
        FloatMatrix x = new FloatMatrix(b.batchSize(), d.features());
        int[] y = new int[b.batchSize()], seen = new int[d.size()];
        int k = 0;
        for (int i = 0; i < b.count(); i++) {
            int rows = b.fill(i, x, y);
            for (int r = 0; r < rows; r++) {
                int idx = (int) x.get(r, 0);
                assertThat(x.get(r, 1)).isEqualTo(-idx);
                assertThat(y[r]).isEqualTo(idx % 3);
                seen[k++] = idx;
            }
        }
        assertThat(k).isEqualTo(d.size());
        return seen;
    }

    @Test
    void everyExampleOncePerEpochInAReproducibleOrder() {
        Dataset d = indexed(103);
        Batches b = new Batches(d, 10, Rng.seeded(5));
        assertThat(b.count()).isEqualTo(11);
        int[] e0 = epochOrder(b, d, 0), e1 = epochOrder(b, d, 1);
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertThat(sorted[i]).isEqualTo(i);
        assertThat(e1).isNotEqualTo(e0);
        assertThat(epochOrder(b, d, 0)).containsExactly(e0);                      // same epoch, same order
        assertThat(epochOrder(new Batches(d, 10, Rng.seeded(5)), d, 1)).containsExactly(e1); // resumed run
        assertThat(epochOrder(new Batches(d, 10, Rng.seeded(6)), d, 0)).isNotEqualTo(e0);
        int[] identity = new int[103];
        for (int i = 0; i < 103; i++) identity[i] = i;
        assertThat(e0).isNotEqualTo(identity);
    }

    @Test
    void lastBatchHoldsTheRemainder() {
        Dataset d = indexed(25);
        Batches b = new Batches(d, 10, Rng.seeded(1));
        b.startEpoch(0);
        FloatMatrix x = new FloatMatrix(10, 2);
        assertThat(b.fill(2, x, new int[10])).isEqualTo(5);
    }

    @Test
    void misuseIsRejected() {
        Dataset d = indexed(5);
        assertThatThrownBy(() -> new Batches(d, 0, Rng.seeded(1))).hasMessageContaining("batch size 0");
        assertThatThrownBy(() -> new Batches(d, 6, Rng.seeded(1))).hasMessageContaining("5 examples");
        Batches b = new Batches(d, 2, Rng.seeded(1));
        assertThatThrownBy(() -> b.fill(0, new FloatMatrix(2, 2), new int[2])).isInstanceOf(IllegalStateException.class);
        b.startEpoch(0);
        assertThatThrownBy(() -> b.fill(3, new FloatMatrix(2, 2), new int[2])).hasMessageContaining("batch 3");
        assertThatThrownBy(() -> b.fill(0, new FloatMatrix(2, 3), new int[2])).hasMessageContaining("expected 2x2");
        assertThatThrownBy(() -> b.startEpoch(-1)).hasMessageContaining("epoch -1");
    }
}
