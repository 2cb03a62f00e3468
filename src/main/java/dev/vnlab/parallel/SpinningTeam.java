package dev.vnlab.parallel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A team of vnlab's own threads, run the OpenMP way: each helper waits for the next job by
 * spinning for {@link #SPIN_NANOS}, then parking, and every helper joins every job. A job is
 * published by bumping {@link #generation}, so a helper that is still spinning starts within
 * a microsecond or so: a training step runs hundreds of short parallel GEMMs back to back.
 */
final class SpinningTeam extends Team {
    /** How long an idle helper spins before parking: longer than the gaps inside a training step. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Helper[] helpers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile boolean stopped; // helpers exit: set once no job can be running
    private volatile Thread waiter; // the caller, when it parks waiting for helpers

    SpinningTeam(int helperCount, String name) {
        helpers = new Helper[helperCount];
        for (int i = 0; i < helperCount; i++) {
            helpers[i] = new Helper(this, name + (i + 1));
            helpers[i].start();
        }
    }

    @Override void start() {
        pending.set(helpers.length);
        generation = generation + 1; // publishes the job
        for (Helper h : helpers) {
            if (h.parked) LockSupport.unpark(h);
        }
    }

    @Override void awaitHelpers() {
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

    @Override void stop() {
        stopped = true;
        for (Helper h : helpers) LockSupport.unpark(h);
    }

    private static final class Helper extends Thread {
        // Holds the team, never the Workers, so an unreachable Workers can be cleaned.
        private final SpinningTeam team;
        volatile boolean parked;

        Helper(SpinningTeam team, String name) {
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

        /** The next generation after {@code seen}, or -1 once the team is stopped. */
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
