package dev.vnlab.parallel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The helper threads behind a {@link Workers} of more than one thread, and the job they share:
 * the caller publishes a loop, drains its tasks alongside the helpers (each takes the next index
 * from one counter) and waits until every helper has reported back, so the next loop can reuse
 * the same fields and nothing is allocated per loop. How helpers wait for a job and report back
 * is the subclass's: its own spinning threads, or an owned ForkJoinPool.
 *
 * <p>One job at a time: a caller that finds the team busy (another application thread, or a
 * task that itself asks for parallel work) runs its tasks alone, which gives the same results.
 */
abstract sealed class Team permits SpinningTeam, ForkJoinTeam {
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;
    // The job, written before start() and read by helpers after start() hands it over.
    private IntConsumer body;
    private int tasks;

    /**
     * Runs {@code body.accept(t)} for every t in [0, tasks) on the helpers and the calling
     * thread; returns false at once, running nothing, if the team is busy or closed.
     */
    final boolean tryRun(int tasks, IntConsumer body) {
        if (closed || !busy.compareAndSet(false, true)) return false;
        try {
            if (closed) return false;
            this.body = body;
            this.tasks = tasks;
            failure = null;
            next.set(0);
            start();
            drain();
            awaitHelpers();
            this.body = null; // do not keep the caller's data reachable
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException r) throw r;
                if (f instanceof Error e) throw e;
                throw new IllegalStateException(f);
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** Hands the job just written to every helper; each runs {@link #drain} then reports back. */
    abstract void start();

    /**
     * Returns once every helper has reported back from the job, which must not be abandoned
     * (they still read its fields); an interrupt is kept for the caller, not acted on.
     */
    abstract void awaitHelpers();

    /** Lets the helpers exit; called once, when no job can be running. */
    abstract void stop();

    /** Takes tasks in increasing order until none are left; a failure stops the hand-out. */
    final void drain() {
        IntConsumer b = body;
        int n = tasks;
        try {
            for (int t; (t = next.getAndIncrement()) < n; ) b.accept(t);
        } catch (Throwable e) {
            next.set(n);
            synchronized (this) {
                Throwable f = failure;
                if (f == null) failure = e; else f.addSuppressed(e);
            }
        }
    }

    /** Refuses new jobs, waits for the current one, then lets the helpers exit. */
    final void close() {
        closed = true;
        while (!busy.compareAndSet(false, true)) Thread.yield();
        stop();
    }
}
