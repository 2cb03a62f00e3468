package dev.vnlab.sweep;

import dev.vnlab.linalg.Blas;
import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import dev.vnlab.parallel.Workers;
import dev.vnlab.report.OutputDir;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one shard of an experiment's sweep into an output directory, resumably: cells already
 * recorded in any results file there are skipped; each cell that finishes is appended to the
 * shard's own file ({@link CellLog}) before it counts as done, so a run killed at any moment and
 * started again loses at most the cells in progress and duplicates none. When the directory
 * then holds every cell of the sweep, the outputs are written from the records read back from
 * the files ({@link #writeOutputs}, which {@link Merge} uses too).
 *
 * <p>Processes may share the directory, with the same or different shard layouts: a cell is
 * computed only under its claim ({@link SweepLocks}), and only if no other results file has
 * recorded it meanwhile ({@link RecordsElsewhere}); a cell another process is computing is
 * left to it and waited for at the end, so no cell is ever computed twice.
 *
 * <p>Threads: up to T cells run at once, each on its own workers of T / (cells at once) threads
 * (single-threaded GEMMs on separate cells scale better than one cell's GEMMs on two threads),
 * but one at a time on all T when a cell is memory-bound ({@link Experiment#memoryBound}).
 * With several lanes, pending cells start largest first (by {@link Experiment#flops}; sweep
 * order among equals), so the last to finish are short and no lane waits long for the others;
 * one lane keeps sweep order. The lanes after the first start once the first has finished its
 * first cell, or after {@link #WARM_UP_MILLIS}: meanwhile the JIT compilers have the other
 * cores to themselves, rather than every lane running unoptimised code while they compile. A
 * cell's numbers depend on none of this.
 */
public final class SweepRunner {
    /** Pending work above which a dry run measures and prints the expected run time. */
    static final double ESTIMATE_ABOVE_FLOPS = 2e11;
    /**
     * A run measures the GEMM rate (up to 1.5 s on one thread, the other cores idle) and prints the
     * expected run time only when it cannot finish in less than this, even at {@link #FAST_FLOPS}
     * per thread: for a run of seconds the measurement would be a large part of it.
     */
    static final double ESTIMATE_ABOVE_SECONDS = 60;
    /** A per-thread rate no kernel here exceeds (float GEMM on one AVX-512 core is about 1.7e11). */
    static final double FAST_FLOPS = 2e11;
    /** How a configuration mismatch in the output directory is explained. */
    static final String RESUME_HINT = "here; expected the same options to resume, or another --out";
    /**
     * The longest the lanes after the first wait for it to finish its first cell. On 2 cores the
     * demo took about 0.5 s less with this wait and the largest-first order (median of 5
     * alternated pairs); a long sweep loses at most this once.
     */
    static final long WARM_UP_MILLIS = 3000;
    /** How often a run waiting for another process's cell looks again. */
    private static final long CLAIM_POLL_MILLIS = 200;

    /**
     * How to run.
     *
     * @param out the output directory
     * @param shard the shard to run
     * @param dryRun list the shard's cells and what is done, compute nothing
     * @param threads T, at least 1
     * @param version the vnlab version, recorded with the results
     * @param progress where progress goes
     */
    public record Settings(Path out, Shard shard, boolean dryRun, int threads, String version, Progress progress) {}

    private SweepRunner() {}

    /**
     * Runs (or lists, for a dry run) the shard's pending cells, then writes the outputs if the
     * sweep is complete in the directory. What a person reads (the table, where the files are,
     * the merge command for an incomplete sweep) goes to {@code console}.
     *
     * @throws IllegalArgumentException if the directory holds cells of another configuration,
     *         or another process is running the same shard into it
     */
    public static <P> void run(Experiment<P> experiment, Settings s, PrintStream console) throws IOException {
        Sweep<P> sweep = experiment.sweep();
        Header header = Header.of(experiment, s.version(), s.shard());
        Recorded before = new Recorded(ResultsFile.readAll(s.out()), header, sweep, RESUME_HINT);
        List<Cell<P>> mine = sweep.cells(s.shard());
        List<Cell<P>> pending = new ArrayList<>();
        for (Cell<P> c : mine) if (!before.has(c.key())) pending.add(c);
        double work = 0;
        for (Cell<P> c : pending) work += experiment.flops(c.params());

        if (s.dryRun()) {
            listCells(experiment, s, mine, before, pending, work, console);
            return;
        }
        Lanes lanes = pending.isEmpty() ? new Lanes(1, null) : lanesThatFit(experiment, pending, lanesFor(experiment, pending, s.threads())); // before anything is written
        OutputDir out = OutputDir.create(s.out());
        if (lanes.note() != null) s.progress().note(lanes.note());
        try (CellLog log = CellLog.open(out.path(), s.shard(), header)) {
            if (log.existing().tornBytes() > 0) {
                s.progress().note(experiment.command() + ": discarded a torn last line (" + log.existing().tornBytes() + " bytes) of "
                        + log.existing().path() + ", left by an interrupted run; its cell runs again");
            }
            int busy = Math.min(s.threads(), pending.size());
            if (!s.progress().isSilent() && estimatesBeforeRunning(work, busy)) s.progress().note(experiment.command() + ": " + estimate(work, busy));
            if (lanes.count() > 1) pending.sort(Comparator.comparingDouble((Cell<P> c) -> experiment.flops(c.params())).reversed()); // stable
            try {
                runCells(experiment, pending, lanes.count(), log, header, s);
            } catch (IOException e) { // a full disk, say: what is recorded stays, and the same command resumes from it
                throw new IOException(e.getMessage() + "; the cells finished so far are kept in " + out.path() + " and the same command resumes from them", e);
            }
        }
        Recorded after = new Recorded(ResultsFile.readAll(out.path()), header, sweep, RESUME_HINT);
        List<String> missing = after.missing(sweep);
        if (missing.isEmpty()) {
            console.print(writeOutputs(experiment, s.version(), after, out));
            console.println("outputs in " + out.path() + ": summary.json, CSV tables, SVG and PNG plots, report.md");
        } else {
            console.println(experiment.command() + ": shard " + s.shard() + " done (" + mine.size() + " cells); " + out.path() + " holds "
                    + after.size() + " of the sweep's " + sweep.size() + " cells. When every shard has finished: ./vnlab merge --out "
                    + out.path() + " [the other shards' --out directories]");
        }
    }

    /** Writes the experiment's outputs from complete records; returns what it prints. */
    static String writeOutputs(Experiment<?> experiment, String version, Recorded records, OutputDir out) throws IOException {
        return experiment.finish(version, records.inSweepOrder(experiment.sweep()), out);
    }

    private static <P> void runCells(Experiment<P> experiment, List<Cell<P>> pending, int lanes, CellLog log, Header header, Settings s) throws IOException {
        double total = 0;
        for (Cell<P> c : pending) total += experiment.flops(c.params());
        s.progress().start(pending.size(), total);
        if (pending.isEmpty()) return;
        int inner = Math.max(1, s.threads() / lanes);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ConcurrentLinkedQueue<Cell<P>> busy = new ConcurrentLinkedQueue<>();
        AtomicInteger waitedFor = new AtomicInteger();
        RecordsElsewhere elsewhere = new RecordsElsewhere(s.out(), ResultsFile.fileName(s.shard()), header);
        try (SweepLocks locks = SweepLocks.open(s.out())) {
            CountDownLatch firstCellDone = new CountDownLatch(1);
            Thread firstLane = Thread.currentThread();
            Runnable lane = () -> {
                try (Workers workers = Workers.of(inner)) {
                    if (Thread.currentThread() != firstLane) firstCellDone.await(WARM_UP_MILLIS, TimeUnit.MILLISECONDS);
                    Blas blas = Blas.on(workers);
                    for (int i; failure.get() == null && (i = next.getAndIncrement()) < pending.size(); ) {
                        Cell<P> c = pending.get(i);
                        FileLock claim = locks.tryCell(c.index());
                        if (claim == null) busy.add(c); // another process computes it: come back to it last
                        else runClaimed(experiment, c, claim, blas, log, elsewhere, s.progress());
                        if (Thread.currentThread() == firstLane) firstCellDone.countDown();
                    }
                    firstCellDone.countDown(); // the first lane had no cell to run: the others need not wait
                    for (Cell<P> c; failure.get() == null && (c = busy.poll()) != null; ) {
                        if (waitedFor.getAndIncrement() == 0) {
                            s.progress().note(experiment.command() + ": another process in " + s.out() + " is computing cell " + c.key()
                                    + (busy.isEmpty() ? "" : " and others") + " of this sweep; waiting for it instead of computing it twice");
                        }
                        FileLock claim = awaitClaim(c, locks, elsewhere, failure);
                        if (claim == null) s.progress().skipped(experiment.flops(c.params()));
                        else runClaimed(experiment, c, claim, blas, log, elsewhere, s.progress());
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    firstCellDone.countDown(); // the others stop at once rather than wait for a cell that failed
                }
            };
            List<Thread> threads = new ArrayList<>();
            for (int k = 1; k < lanes; k++) threads.add(Thread.ofPlatform().name("vnlab-cells-" + k).start(lane));
            lane.run(); // the calling thread is lane 0
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while cells were running", e);
                }
            }
        }
        s.progress().finish();
        Throwable t = failure.get();
        if (t instanceof IOException e) throw e;
        if (t instanceof UncheckedIOException e) throw e.getCause();
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IOException(t);
    }

    /** How many cells run at once, and what to tell the user about the heap they take. */
    record Lanes(int count, String note) {}

    /**
     * How many of {@code lanes} cells can run at once in the heap, at the largest pending cell's
     * estimate ({@link Experiment#memory}); fewer lanes change no number, only the time.
     *
     * @throws HeapTooSmallException if not even one cell fits
     */
    /**
     * The heap (MiB) to start a run of {@code experiment} on {@code threads} threads with
     * ({@link HeapBudget#planMib}): as many cells at once as there are threads (or cells), each
     * estimated at the largest cell's memory.
     */
    public static <P> long plannedHeapMib(Experiment<P> experiment, int threads) {
        long perCell = 0;
        for (Cell<P> c : experiment.sweep().cells()) perCell = Math.max(perCell, experiment.memory(c.params()));
        return HeapBudget.planMib(perCell, lanesFor(experiment, experiment.sweep().cells(), threads), experiment.sharedMemory());
    }

    /**
     * How many of {@code cells} to run at once on {@code threads} threads before the heap has its
     * say: one per thread (at most one per cell), or one when any is memory-bound
     * ({@link Experiment#memoryBound}).
     */
    static <P> int lanesFor(Experiment<P> experiment, List<Cell<P>> cells, int threads) {
        for (Cell<P> c : cells) if (experiment.memoryBound(c.params())) return 1;
        return Math.max(1, Math.min(threads, cells.size()));
    }

    static <P> Lanes lanesThatFit(Experiment<P> experiment, List<Cell<P>> pending, int lanes) {
        Cell<P> largest = pending.get(0);
        long perCell = 0;
        for (Cell<P> c : pending) {
            long m = experiment.memory(c.params());
            if (m > perCell) {
                perCell = m;
                largest = c;
            }
        }
        long need = perCell > Long.MAX_VALUE / lanes ? Long.MAX_VALUE : perCell * lanes;
        String estimate = experiment.command() + ": about " + HeapBudget.mib(perCell) + " MB of heap per cell, " + HeapBudget.mib(need) + " MB for "
                + lanes + " at once; this JVM may use " + HeapBudget.mib(HeapBudget.maxHeap()) + " MB";
        if (!HeapBudget.enforced()) return new Lanes(lanes, estimate + " (not enforced: -Dvnlab.heapCheck=false)");
        long free = HeapBudget.available(need);
        if (free >= need) return new Lanes(lanes, estimate);
        if (free < perCell) {
            Runtime rt = Runtime.getRuntime();
            long used = rt.maxMemory() - free;
            throw new HeapTooSmallException(experiment.command() + " cell " + largest.key(), perCell > Long.MAX_VALUE - used ? Long.MAX_VALUE : perCell + used, rt.maxMemory());
        }
        int fit = (int) (free / perCell);
        return new Lanes(fit, experiment.command() + ": running " + fit + " cell" + (fit == 1 ? "" : "s") + " at a time instead of " + lanes + ": a cell takes about "
                + HeapBudget.mib(perCell) + " MB and the heap has " + HeapBudget.mib(free) + " MB free (more cells at once with a larger -Xmx in VNLAB_JAVA_OPTS)");
    }

    /**
     * Runs cell {@code c}, claimed by this process, unless another process recorded it before
     * the claim was taken; the claim is released either way.
     */
    private static <P> void runClaimed(Experiment<P> experiment, Cell<P> c, FileLock claim, Blas blas, CellLog log, RecordsElsewhere elsewhere,
            Progress progress) throws IOException {
        try {
            if (elsewhere.has(c.key())) {
                progress.skipped(experiment.flops(c.params()));
                return;
            }
            Map<String, Object> record = experiment.run(c.params(), blas);
            log.append(c.key(), record);
            progress.done(c.key(), experiment.flops(c.params()));
        } finally {
            claim.release();
        }
    }

    /** Waits until cell {@code c} is recorded elsewhere (null) or its claim is free (the claim), polling. */
    private static FileLock awaitClaim(Cell<?> c, SweepLocks locks, RecordsElsewhere elsewhere, AtomicReference<Throwable> failure) throws IOException {
        while (failure.get() == null) {
            if (elsewhere.has(c.key())) return null;
            FileLock claim = locks.tryCell(c.index());
            if (claim != null) return claim;
            try {
                Thread.sleep(CLAIM_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for another process's cell " + c.key(), e);
            }
        }
        return null;
    }

    private static <P> void listCells(Experiment<P> experiment, Settings s, List<Cell<P>> mine, Recorded done, List<Cell<P>> toRun, double work, PrintStream console) {
        int pending = toRun.size();
        Sweep<P> sweep = experiment.sweep();
        console.println(experiment.command() + ": " + sweep.size() + " cells" + (s.shard().isWhole() ? "" : ", shard " + s.shard() + " runs " + mine.size() + " of them")
                + "; " + (mine.size() - pending) + " done in " + s.out() + ", " + pending + " to run (dry run: nothing is computed)");
        int width = String.valueOf(sweep.size() - 1).length();
        for (Cell<P> c : mine) {
            console.printf("  %" + width + "d  %-8s %s%n", c.index(), done.has(c.key()) ? "done" : "to run", c.key());
        }
        console.printf("work to run: %.3g floating-point operations%n", work);
        if (work >= ESTIMATE_ABOVE_FLOPS) console.println(estimate(work, Math.min(s.threads(), pending)));
        long perCell = 0;
        for (Cell<P> c : toRun) perCell = Math.max(perCell, experiment.memory(c.params()));
        if (pending > 0) {
            int lanes = Math.min(s.threads(), pending);
            console.printf("memory: about %d MB of heap per cell, %d MB for %d at once; this JVM may use %d MB%n", HeapBudget.mib(perCell),
                    HeapBudget.mib(perCell > Long.MAX_VALUE / lanes ? Long.MAX_VALUE : perCell * lanes), lanes, HeapBudget.mib(HeapBudget.maxHeap()));
        }
    }

    /** Whether a run of {@code work} operations on {@code lanes} threads is long enough to measure its expected run time first. */
    static boolean estimatesBeforeRunning(double work, int lanes) {
        return work >= ESTIMATE_ABOVE_SECONDS * FAST_FLOPS * Math.max(1, lanes);
    }

    /** The expected run time of {@code work} operations on {@code lanes} threads at a rate measured now. */
    static String estimate(double work, int lanes) {
        double rate = GemmRate.measure();
        double seconds = work / (rate * Math.max(1, lanes));
        return String.format("expected run time about %s (%.2g floating-point operations at a measured %.0f GFLOP/s per thread, %d thread%s; "
                + "a busy machine takes longer)", Progress.duration((long) (seconds * 1e9)), work, rate / 1e9, lanes, lanes == 1 ? "" : "s");
    }
}
