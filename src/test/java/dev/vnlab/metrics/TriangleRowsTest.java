package dev.vnlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.parallel.Workers;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The triangle's row ranges: every row exactly once, in ranges of about equal area. */
class TriangleRowsTest {
    @Test
    void everyRowRunsOnceOnAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            try (Workers w = Workers.of(threads)) {
                for (int n : new int[] {1, 2, 7, 255, 256, 1000}) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    TriangleRows.forEach(w, n, seen::incrementAndGet);
                    for (int i = 0; i < n; i++) assertThat(seen.get(i)).as("row %d of %d on %d threads", i, n, threads).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void rangesSplitTheAreaEvenly() {
        int n = 1000, tasks = 8;
        long total = (long) n * (n + 1) / 2;
        assertThat(TriangleRows.start(n, 0, tasks)).isZero();
        assertThat(TriangleRows.start(n, tasks, tasks)).isEqualTo(n);
        for (int t = 0; t < tasks; t++) {
            int a = TriangleRows.start(n, t, tasks), b = TriangleRows.start(n, t + 1, tasks);
            long area = (long) b * (b + 1) / 2 - (long) a * (a + 1) / 2;
            assertThat((double) area).as("task %d: rows [%d, %d)", t, a, b).isCloseTo(total / (double) tasks, org.assertj.core.api.Assertions.within(0.01 * total));
        }
    }
}
