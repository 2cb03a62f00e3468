package dev.vnlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.DoubleMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clustered node order against a naive average-linkage clustering and planted blocks. */
class NodeOrderingTest {

    /**
     * Naive UPGMA: merge the globally closest pair of clusters (average of all member
     * distances, recomputed from scratch), lower index kept, lower-index cluster on the left.
     */
    static int[] naiveOrder(double[][] dist) {
        int n = dist.length;
        List<List<Integer>> members = new ArrayList<>();
        List<List<Integer>> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new ArrayList<>(List.of(i)));
            leaves.add(new ArrayList<>(List.of(i)));
        }
        boolean[] active = new boolean[n];
        java.util.Arrays.fill(active, true);
        for (int t = 0; t < n - 1; t++) {
            int ba = -1, bb = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < n; a++) {
                if (!active[a]) continue;
                for (int b = a + 1; b < n; b++) {
                    if (!active[b]) continue;
                    double s = 0;
                    for (int i : members.get(a)) for (int j : members.get(b)) s += dist[i][j];
                    s /= members.get(a).size() * members.get(b).size();
                    if (s < best) {
                        best = s;
                        ba = a;
                        bb = b;
                    }
                }
            }
            members.get(ba).addAll(members.get(bb));
            leaves.get(ba).addAll(leaves.get(bb));
            active[bb] = false;
        }
        int root = 0;
        while (!active[root]) root++;
        return leaves.get(root).stream().mapToInt(Integer::intValue).toArray();
    }

    static DoubleMatrix randomRho2(int n, long seed) {
        Random rnd = new Random(seed);
        DoubleMatrix r = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) {
            r.set(i, i, 1);
            for (int j = i + 1; j < n; j++) {
                double v = rnd.nextDouble();
                r.set(i, j, v);
                r.set(j, i, v);
            }
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 17, 40})
    void sameOrderAsNaiveAverageLinkage(int n) {
        DoubleMatrix r = randomRho2(n, n);
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dist[i][j] = 1 - r.get(Math.min(i, j), Math.max(i, j));
        assertThat(NodeOrdering.cluster(r)).containsExactly(naiveOrder(dist));
    }

    @Test
    void plantedBlocksComeOutContiguous() {
        int n = 60;
        Random rnd = new Random(1);
        int[] group = new int[n];
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(i);
        Collections.shuffle(ids, rnd);
        for (int p = 0; p < n; p++) group[ids.get(p)] = p < 10 ? 0 : p < 35 ? 1 : 2;
        DoubleMatrix r = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = i == j ? 1 : group[i] == group[j] ? 0.7 + 0.2 * rnd.nextDouble() : 0.2 * rnd.nextDouble();
                r.set(i, j, v);
                r.set(j, i, v);
            }
        }
        int[] order = NodeOrdering.cluster(r);
        Set<Integer> distinct = new HashSet<>();
        for (int v : order) distinct.add(v);
        assertThat(distinct).hasSize(n);
        int changes = 0;
        for (int p = 1; p < n; p++) if (group[order[p]] != group[order[p - 1]]) changes++;
        assertThat(changes).as("three groups, each contiguous").isEqualTo(2);
        DoubleMatrix sorted = NodeOrdering.permute(r, order);
        assertThat(sorted.get(0, 1)).isGreaterThanOrEqualTo(0.7);
        assertThat(sorted.get(3, 5)).isEqualTo(r.get(order[3], order[5]));
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> NodeOrdering.cluster(new DoubleMatrix(2, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correlation matrix is 2x3; expected a square matrix");
        DoubleMatrix r = randomRho2(4, 2);
        r.set(1, 2, 1.5);
        assertThatThrownBy(() -> NodeOrdering.cluster(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rho^2[1][2] = 1.5 is invalid; expected a value in [0, 1]");
        r.set(1, 2, Double.NaN);
        assertThatThrownBy(() -> NodeOrdering.cluster(r)).hasMessageContaining("NaN is invalid");
        assertThatThrownBy(() -> NodeOrdering.permute(r, new int[] {0, 1, 1, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order holds 1 twice or out of range; expected a permutation of 0..3");
        assertThatThrownBy(() -> NodeOrdering.permute(r, new int[] {0, 1})).hasMessageContaining("an order of 2 nodes");
    }
}
