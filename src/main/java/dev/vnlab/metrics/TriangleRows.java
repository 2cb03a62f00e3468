package dev.vnlab.metrics;

import dev.vnlab.parallel.Workers;
import java.util.function.IntConsumer;

/**
 * Runs a body for every row of a lower triangle (row i has i + 1 entries) on the workers, in
 * contiguous row ranges of about equal area, so the last rows do not leave one thread working
 * alone. Rows are independent: the split never changes what a row computes.
 */
final class TriangleRows {
    /** Below this many entries a triangle is done on the calling thread. */
    private static final long PARALLEL_MIN_ENTRIES = 1L << 15;

    private TriangleRows() {}

    /** Calls {@code row.accept(i)} once for each i in [0, n). */
    static void forEach(Workers workers, int n, IntConsumer row) {
        long entries = (long) n * (n + 1) / 2;
        int tasks = entries < PARALLEL_MIN_ENTRIES ? 1 : 4 * workers.threads();
        if (tasks == 1) {
            for (int i = 0; i < n; i++) row.accept(i);
            return;
        }
        workers.forEach(tasks, t -> {
            for (int i = start(n, t, tasks), end = start(n, t + 1, tasks); i < end; i++) row.accept(i);
        });
    }

    /** The first row of task t: rows [0, start) hold a fraction t / tasks of the triangle. */
    static int start(int n, int t, int tasks) {
        return t >= tasks ? n : (int) Math.round(n * Math.sqrt((double) t / tasks));
    }
}
