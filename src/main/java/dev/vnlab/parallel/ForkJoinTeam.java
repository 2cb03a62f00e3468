package dev.vnlab.parallel;

import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * A team whose helpers are the workers of an owned {@link ForkJoinPool} (never the common
 * pool). A job is one {@link CountedCompleter} per helper under a root that completes when all
 * have drained; the same task objects are re-initialised for every job, so nothing is
 * allocated per loop. Idle workers park as the pool decides and exit after
 * {@link #KEEP_ALIVE_SECONDS}; the pool starts them again on the next job.
 */
final class ForkJoinTeam extends Team {
    /** How long an idle worker thread lives before the pool lets it exit. */
    static final long KEEP_ALIVE_SECONDS = 60;

    private final ForkJoinPool pool;
    private final Root root = new Root();
    private final Share[] shares;

    ForkJoinTeam(int helperCount, String name) {
        ForkJoinPool.ForkJoinWorkerThreadFactory threads = p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(name + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        };
        // No spare threads beyond the helpers: a share never blocks, so none is ever needed.
        pool = new ForkJoinPool(helperCount, threads, null, false, 0, helperCount, 1, p -> true,
                KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        shares = new Share[helperCount];
        for (int i = 0; i < helperCount; i++) shares[i] = new Share(root, this);
    }

    @Override void start() {
        root.reinitialize();
        root.setPendingCount(shares.length - 1); // the last share to finish completes the root
        for (Share s : shares) {
            s.reinitialize();
            pool.execute(s);
        }
    }

    @Override void awaitHelpers() {
        root.quietlyJoin(); // may run a share not yet taken by a worker; ignores interrupts
    }

    @Override void stop() {
        pool.shutdown();
    }

    /** Completes once every share has; holds nothing. */
    private static final class Root extends CountedCompleter<Void> {
        @Override public void compute() {}
    }

    /** One helper's part of a job: drain the shared task counter, then report to the root. */
    private static final class Share extends CountedCompleter<Void> {
        // Holds the team, never the Workers, so an unreachable Workers can be cleaned.
        private final ForkJoinTeam team;

        Share(Root root, ForkJoinTeam team) {
            super(root);
            this.team = team;
        }

        @Override public void compute() {
            team.drain();
            tryComplete();
        }
    }
}
