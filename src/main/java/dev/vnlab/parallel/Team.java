package dev.vnlab.parallel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The helper threads behind a {@link Workers} of more than one thread, run the OpenMP way: each
 * helper waits for the next job by spinning briefly, then parking, and every helper joins every
 * job. A job is published by bumping {@link #generation}; the caller drains tasks alongside the
 * helpers and waits until each helper has reported back, so the next job can reuse the same
 * fields. Nothing is allocated per job, and a helper that is still spinning starts within
 * microseconds (a training step runs hundreds of short parallel GEMMs, where handing tasks to
 * a ForkJoinPool cost more than a third of the gain).
 *
 * <p>One job at a time: a caller that finds the team busy (another application thread, or a
 * task that itself asks for parallel work) runs its tasks alone, which gives the same results.
 */
final class Team {
    /** How long an idle helper spins before parking: longer than the gaps inside a training step. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Helper[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile boolean closed;  // no new jobs
    private volatile boolean stopped; // helpers exit: set once no job can be running
    private volatile Thread waiter; // the caller, when it parks waiting for helpers
    private volatile Throwable failure;
    // The job, written before generation is bumped and read after it is seen.
    private IntConsumer body;
    private int tasks;

    Team(int helperCount, String name) {
        helpers = new Helper[helperCount];
        for (int i = 0; i < helperCount; i++) {
            helpers[i] = new Helper(this, name + (i + 1));
            helpers[i].start();
        }
    }

    /**
     * Runs {@code body.accept(t)} for every t in [0, tasks) on the helpers and the calling
     * thread; returns false at once, running nothing, if the team is busy or closed.
     */
    boolean tryRun(int tasks, IntConsumer body) {
        if (closed || !busy.compareAndSet(false, true)) return false;
        try {
            if (closed) return false;
            this.body = body;
            this.tasks = tasks;
            failure = null;
            next.set(0);
            pending.set(helpers.length);
            generation = generation + 1; // publishes the job
            for (Helper h : helpers) {
                if (h.parked) LockSupport.unpark(h);
            }
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

    /** Takes tasks in increasing order until none are left; a failure stops the hand-out. */
    private void drain() {
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

    /**
     * Waits until every helper has finished the job, which must not be abandoned (they still
     * read its fields); an interrupt is kept for the caller, not acted on.
     */
    private void awaitHelpers() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        boolean interrupted = false;
        while (pending.get() != 0) {
            if (System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
                continue;
            }
            waiter = Thread.currentThread();
            if (pending.get() != 0) LockSupport.park(this);
            waiter = null;
            interrupted |= Thread.interrupted(); // else park would return at once, forever
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void helperDone() {
        if (pending.decrementAndGet() == 0) {
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    /** Refuses new jobs, waits for the current one, then lets the helpers exit. */
    void close() {
        closed = true;
        while (!busy.compareAndSet(false, true)) Thread.yield();
        stopped = true;
        for (Helper h : helpers) LockSupport.unpark(h);
    }

    private static final class Helper extends Thread {
        // Holds the team, never the Workers, so an unreachable Workers can be cleaned.
        private final Team team;
        volatile boolean parked;

        Helper(Team team, String name) {
            super(name);
            this.team = team;
            setDaemon(true);
        }

        @Override public void run() {
            long seen = 0; // the generation before any job: a job published before this thread ran is still seen
            while (true) {
                long g = awaitJob(seen);
                if (g < 0) return;
                seen = g;
                team.drain();
                team.helperDone();
            }
        }

        /** The next generation after {@code seen}, or -1 once the team is closed. */
        private long awaitJob(long seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            int spins = 0;
            while (true) {
                long g = team.generation;
                if (g != seen) return g;
                if (team.stopped) return -1;
                if ((++spins & 63) != 0 || System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (team.generation == seen && !team.stopped) LockSupport.park(team);
                Thread.interrupted(); // helpers are stopped by close, not by interrupts
                parked = false;
            }
        }
    }
}
