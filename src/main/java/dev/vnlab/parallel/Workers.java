package dev.vnlab.parallel;

import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads that vnlab's parallel loops run on: the caller plus {@code threads - 1}
 * owned helper threads (never the common pool, so a host application's own parallel streams are
 * left alone). Handing out a loop allocates nothing. The helpers are vnlab's own threads, which
 * spin for 0.1 ms after a loop and then park ({@link Kind#SPINNING}, the default: a training
 * step's short GEMMs start on them within a microsecond), or an owned ForkJoinPool's workers
 * ({@link Kind#FORK_JOIN}, which park almost at once). They exit on {@link #close} or once the
 * Workers is unreachable.
 *
 * <p>Parallel loops only decide <em>which thread</em> runs a piece of work, never how a
 * floating-point sum is ordered, so results are bit-identical for every thread count and kind.
 *
 * <p>The default instance uses {@code -Dvnlab.threads} if set, otherwise every available
 * processor, and {@code -Dvnlab.pool} ({@code spinning} or {@code forkjoin}); it is made once and
 * never replaced. Code that wants another thread count is given its own Workers (the CLI's
 * {@code --threads} travels as a number to where workers are made).
 */
public final class Workers implements AutoCloseable {
    private static volatile Workers defaultWorkers; // set once, on first use

    private final int threads;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger SERIAL = new AtomicInteger(); // names helper threads of successive Workers apart

    private final Team team; // null for a single thread: work runs on the caller
    private final Cleaner.Cleanable cleanable;
    private final String helperName; // prefix of the helper threads' names

    /** What the helper threads are. */
    public enum Kind {
        /** vnlab's own threads, which spin briefly (0.1 ms) between loops before parking: the default. */
        SPINNING,
        /** The workers of an owned ForkJoinPool (not the common pool), which park as the pool decides. */
        FORK_JOIN;

        /** The kind -Dvnlab.pool names ({@code spinning} or {@code forkjoin}), SPINNING if unset. */
        static Kind fromProperty() {
            return parse(System.getProperty("vnlab.pool"));
        }

        /** The kind a -Dvnlab.pool value names; SPINNING for none. */
        static Kind parse(String s) {
            if (s == null || s.isBlank()) return SPINNING;
            return switch (s.trim()) {
                case "spinning" -> SPINNING;
                case "forkjoin" -> FORK_JOIN;
                default -> throw new IllegalArgumentException("-Dvnlab.pool=" + s + " is not a pool kind; expected spinning or forkjoin");
            };
        }
    }

    private Workers(int threads, Kind kind) {
        this.threads = threads;
        if (threads == 1) {
            team = null;
            cleanable = null;
            helperName = null;
        } else {
            helperName = "vnlab-worker-" + SERIAL.incrementAndGet() + "-";
            team = kind == Kind.FORK_JOIN ? new ForkJoinTeam(threads - 1, helperName) : new SpinningTeam(threads - 1, helperName);
            Team t = team;
            cleanable = CLEANER.register(this, t::close);
        }
    }

    /**
     * A new set of {@code threads} workers, of the kind -Dvnlab.pool names (spinning if unset).
     *
     * @throws IllegalArgumentException if threads is not at least 1, or -Dvnlab.pool is not a kind
     */
    public static Workers of(int threads) {
        return of(threads, Kind.fromProperty());
    }

    /**
     * A new set of {@code threads} workers whose helpers are of the given kind.
     *
     * @throws IllegalArgumentException if threads is not at least 1
     */
    public static Workers of(int threads, Kind kind) {
        return new Workers(checkThreads(threads, "thread count"), Objects.requireNonNull(kind, "kind"));
    }

    /**
     * The process's default workers: {@code -Dvnlab.threads} threads if set, else one per
     * available processor; the same instance on every call.
     *
     * @throws IllegalArgumentException if -Dvnlab.threads is not a whole number of at least 1
     */
    public static Workers defaults() {
        Workers w = defaultWorkers;
        if (w == null) {
            synchronized (Workers.class) {
                w = defaultWorkers;
                if (w == null) defaultWorkers = w = of(threadsFromProperty());
            }
        }
        return w;
    }

    private static int threadsFromProperty() {
        String s = System.getProperty("vnlab.threads");
        if (s == null || s.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            return checkThreads(Integer.parseInt(s.trim()), "-Dvnlab.threads");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dvnlab.threads=" + s + " is not a whole number; expected a thread count of at least 1");
        }
    }

    private static int checkThreads(int threads, String what) {
        if (threads < 1) {
            throw new IllegalArgumentException(what + " " + threads + " is invalid; expected at least 1");
        }
        return threads;
    }

    /** How many threads run work, counting none twice. */
    public int threads() { return threads; }

    /**
     * Runs {@code body.accept(t)} once for every t in [0, tasks), spread over the threads, the
     * calling thread included; returns when all have finished. Tasks are handed out in
     * increasing order to whichever thread is free. An exception in any task stops the hand-out
     * and is rethrown here. While one loop runs, another (from a task, or from a second
     * application thread) runs on its caller alone.
     */
    public void forEach(int tasks, IntConsumer body) {
        if (tasks <= 0) return;
        if (tasks == 1 || team == null || !team.tryRun(tasks, body)) {
            for (int t = 0; t < tasks; t++) body.accept(t);
        }
    }
    /** Lets the helper threads exit once the loop in progress has finished; later loops run on the caller. */
    @Override public void close() {
        if (cleanable != null) cleanable.clean();
    }

    /** The prefix of the helper threads' names (for tests and thread dumps); null for one thread. */
    String helperName() { return helperName; }

    @Override public String toString() {
        return "Workers[" + threads + (team == null ? " thread]" : team instanceof ForkJoinTeam ? " threads, fork-join]" : " threads, spinning]");
    }
}
