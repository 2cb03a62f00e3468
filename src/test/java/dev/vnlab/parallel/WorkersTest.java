package dev.vnlab.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workers.forEach: every index exactly once, exceptions reach the caller, nesting does not
 * deadlock; run once for each kind of helper thread.
 */
@Tag("kernels")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class WorkersTest {
    /** The kind of helpers under test. */
    abstract Workers.Kind kind();

    private Workers workers(int threads) {
        return Workers.of(threads, kind());
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void runsEveryIndexExactlyOnce(int threads) {
        try (Workers w = workers(threads)) {
            assertThat(w.threads()).isEqualTo(threads);
            for (int tasks : new int[] {0, 1, 2, 3, 4, 5, 7, 64, 1001}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                AtomicInteger outOfRange = new AtomicInteger();
                w.forEach(tasks, t -> {
                    if (t < 0 || t >= tasks) outOfRange.incrementAndGet();
                    else runs.incrementAndGet(t);
                });
                assertThat(outOfRange.get()).as("indices outside [0, %d)", tasks).isZero();
                for (int t = 0; t < tasks; t++) assertThat(runs.get(t)).as("runs of task %d of %d on %d threads", t, tasks, threads).isEqualTo(1);
            }
        }
    }

    @Test
    void usesSeveralThreadsIncludingTheCaller() throws Exception {
        try (Workers w = workers(3)) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            // Tasks that wait a little, so one thread cannot drain them all before the others start.
            w.forEach(60, t -> {
                seen.add(Thread.currentThread());
                sleep(2);
            });
            assertThat(seen).contains(Thread.currentThread());
            assertThat(seen.size()).isBetween(2, 3);
        }
    }

    @ParameterizedTest(name = "failing task {0}")
    @ValueSource(ints = {0, 1, 17, 99})
    void exceptionInATaskReachesTheCaller(int failing) {
        try (Workers w = workers(3)) {
            Throwable thrown = catchThrowable(() -> w.forEach(100, t -> {
                sleep(1);
                if (t == failing) throw new IllegalStateException("task " + t + " failed");
            }));
            // The task's own exception, whichever thread ran it.
            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("task " + failing + " failed");

            // The workers stay usable after a failure.
            AtomicInteger n = new AtomicInteger();
            w.forEach(10, t -> n.incrementAndGet());
            assertThat(n.get()).isEqualTo(10);
        }
    }

    @Test
    void exceptionOnASingleThreadPropagatesAndStops() {
        try (Workers w = workers(1)) {
            AtomicInteger ran = new AtomicInteger();
            assertThatThrownBy(() -> w.forEach(10, t -> {
                ran.incrementAndGet();
                if (t == 3) throw new ArithmeticException("boom");
            })).isInstanceOf(ArithmeticException.class).hasMessage("boom");
            assertThat(ran.get()).isEqualTo(4);
        }
    }

    @Test
    void errorsPropagateToo() {
        try (Workers w = workers(2)) {
            Throwable thrown = catchThrowable(() -> w.forEach(8, t -> {
                sleep(1);
                if (t % 2 == 1) throw new AssertionError("task " + t);
            }));
            assertThat(thrown).isInstanceOf(AssertionError.class);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 3, 4})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void nestedForEachDoesNotDeadlock(int threads) {
        try (Workers w = workers(threads)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(7 * 5 * 3);
            w.forEach(7, a -> w.forEach(5, b -> w.forEach(3, c -> {
                sleep(1);
                runs.incrementAndGet((a * 5 + b) * 3 + c);
            })));
            for (int i = 0; i < runs.length(); i++) assertThat(runs.get(i)).as("runs of nested task %d", i).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {2, 4})
    void manyShortLoopsLoseNoWakeUp(int threads) {
        // Back-to-back loops keep the helpers spinning; the pauses make them park, so both
        // hand-over paths run thousands of times.
        try (Workers w = workers(threads)) {
            long[] sums = new long[64];
            for (int round = 0; round < 20_000; round++) {
                int tasks = 1 + round % 9;
                w.forEach(tasks, t -> sums[t] += t + 1);
                if (round % 2_000 == 1_999) sleep(2);
            }
            long total = 0;
            for (long s : sums) total += s;
            long expected = 0;
            for (int round = 0; round < 20_000; round++) {
                int tasks = 1 + round % 9;
                expected += (long) tasks * (tasks + 1) / 2;
            }
            assertThat(total).isEqualTo(expected);
        }
    }

    @Test
    void concurrentCallersEachRunAllTheirTasks() throws Exception {
        try (Workers w = workers(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(2 * 500);
            Thread[] callers = new Thread[2];
            for (int c = 0; c < 2; c++) {
                int caller = c;
                callers[c] = new Thread(() -> {
                    for (int round = 0; round < 100; round++) {
                        int base = caller * 500 + round * 5;
                        w.forEach(5, t -> runs.incrementAndGet(base + t));
                    }
                });
            }
            for (Thread t : callers) t.start();
            for (Thread t : callers) t.join();
            for (int i = 0; i < runs.length(); i++) assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
        }
    }

    @Test
    void closedWorkersStillRunLoopsOnTheCallerAndTheirHelpersExit() throws Exception {
        Workers w = workers(3);
        w.forEach(3, t -> sleep(1));
        w.close();
        AtomicIntegerArray runs = new AtomicIntegerArray(6);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        w.forEach(6, t -> {
            seen.add(Thread.currentThread());
            runs.incrementAndGet(t);
        });
        assertThat(seen).containsExactly(Thread.currentThread());
        for (int i = 0; i < 6; i++) assertThat(runs.get(i)).isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (helpersAlive(w) && System.nanoTime() < deadline) sleep(5);
        assertThat(helpersAlive(w)).as("helper threads of a closed Workers still alive").isFalse();
    }

    private static boolean helpersAlive(Workers w) {
        String prefix = w.helperName();
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    }

    @Test
    void rejectsThreadCountsBelowOne() {
        for (int bad : new int[] {0, -3}) {
            assertThatThrownBy(() -> workers(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(bad)).hasMessageContaining("at least 1").hasMessageNotContaining("\n");
        }
    }

    @Test
    void namesTheKindsOfHelpersAndRejectsOthers() {
        assertThat(Workers.Kind.parse(null)).isEqualTo(Workers.Kind.SPINNING);
        assertThat(Workers.Kind.parse(" ")).isEqualTo(Workers.Kind.SPINNING);
        assertThat(Workers.Kind.parse("spinning")).isEqualTo(Workers.Kind.SPINNING);
        assertThat(Workers.Kind.parse("forkjoin")).isEqualTo(Workers.Kind.FORK_JOIN);
        assertThatThrownBy(() -> Workers.Kind.parse("fj")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dvnlab.pool=fj is not a pool kind; expected spinning or forkjoin");
    }

    @Test
    void describesItself() {
        try (Workers w = workers(2)) {
            assertThat(w).hasToString(kind() == Workers.Kind.FORK_JOIN ? "Workers[2 threads, fork-join]" : "Workers[2 threads, spinning]");
        }
        try (Workers w = workers(1)) {
            assertThat(w).hasToString("Workers[1 thread]");
        }
        assertThat(Workers.defaults()).isSameAs(Workers.defaults());
        assertThat(Workers.defaults().threads()).isPositive();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
