package dev.vnlab.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads that vnlab's parallel loops run on: one owned {@link ForkJoinPool}
 * (never the common pool, so a host application's own parallel streams are left alone).
 *
 * <p>Parallel loops only decide <em>which thread</em> runs a piece of work, never how a
 * floating-point sum is ordered, so results are bit-identical for every thread count.
 *
 * <p>The default instance uses {@code -Dvnlab.threads} if set, otherwise every available
 * processor; {@link #setDefaultThreads(int)} changes it (the CLI's {@code --threads}).
 */
public final class Workers implements AutoCloseable {
    private static volatile Workers defaultWorkers;

    private final int threads;
    private final ForkJoinPool pool; // null for a single thread: work runs on the caller

    private Workers(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("vnlab-worker-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /**
     * A new set of {@code threads} workers.
     *
     * @throws IllegalArgumentException if threads is not at least 1
     */
    public static Workers of(int threads) {
        return new Workers(checkThreads(threads, "thread count"));
    }

    /** The workers vnlab uses when none are given. */
    public static Workers defaults() {
        Workers w = defaultWorkers;
        if (w == null) {
            synchronized (Workers.class) {
                w = defaultWorkers;
                if (w == null) defaultWorkers = w = new Workers(threadsFromProperty());
            }
        }
        return w;
    }

    /**
     * Replaces the default workers with {@code threads} threads; the old pool finishes what it runs.
     *
     * @throws IllegalArgumentException if threads is not at least 1
     */
    public static synchronized void setDefaultThreads(int threads) {
        checkThreads(threads, "thread count");
        Workers old = defaultWorkers;
        if (old != null && old.threads == threads) return;
        defaultWorkers = new Workers(threads);
        if (old != null) old.close();
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
     * increasing order to whichever thread is free. An exception in any task is rethrown here.
     */
    public void forEach(int tasks, IntConsumer body) {
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int t; (t = next.getAndIncrement()) < tasks; ) body.accept(t);
        };
        ForkJoinTask<?>[] forked = new ForkJoinTask<?>[helpers];
        for (int i = 0; i < helpers; i++) forked[i] = pool.submit(drain);
        Throwable failure = null;
        try {
            drain.run();
        } catch (Throwable e) {
            failure = e;
            next.set(tasks); // stop handing out work
        }
        for (ForkJoinTask<?> f : forked) {
            try {
                f.join();
            } catch (Throwable e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Shuts the pool down; work already submitted completes. */
    @Override public void close() {
        if (pool != null) pool.shutdown();
    }

    @Override public String toString() { return "Workers[" + threads + " threads]"; }
}
