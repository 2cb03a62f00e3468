package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.Blas;
import dev.vnlab.report.OutputDir;
import dev.vnlab.testing.JavaProcess;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes sharing a sweep directory: a shard's results file has one writer, a cell one
 * computer, and a lock dies with its process. The locks are per process, so the other side is
 * a second JVM ({@link LockHolder}) where it matters.
 */
class SweepConcurrencyTest {
    @TempDir Path dir;

    /** A sweep of {@code n} cells "cell=i" whose record is i, counting how often each cell runs. */
    static class CountingExperiment implements Experiment<Integer> {
        final int n;
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        volatile List<Map<String, Object>> finished;

        CountingExperiment(int n) {
            this.n = n;
        }

        @Override public String command() {
            return "count";
        }

        @Override public Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("cells", (long) n);
            return c;
        }

        @Override public Sweep<Integer> sweep() {
            List<Integer> p = new ArrayList<>();
            for (int i = 0; i < n; i++) p.add(i);
            return Sweep.of(p, i -> "cell=" + i);
        }

        @Override public double flops(Integer params) {
            return 1;
        }

        @Override public long memory(Integer params) {
            return 1 << 10;
        }

        @Override public Map<String, Object> run(Integer params, Blas blas) {
            runs.computeIfAbsent("cell=" + params, k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            return Map.of("value", (long) params);
        }

        @Override public String finish(String version, List<Map<String, Object>> records, OutputDir out) {
            finished = records;
            return "";
        }

        int runsOf(int cell) {
            AtomicInteger r = runs.get("cell=" + cell);
            return r == null ? 0 : r.get();
        }
    }

    private CompletableFuture<Void> runInBackground(CountingExperiment e) {
        SweepRunner.Settings s = new SweepRunner.Settings(dir, Shard.WHOLE, false, 1, "dev", Progress.silent());
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return CompletableFuture.runAsync(() -> {
            try {
                SweepRunner.run(e, s, console);
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
    }

    private static void awaitRuns(CountingExperiment e, int runs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (e.total.get() < runs) {
            if (System.nanoTime() > deadline) throw new AssertionError("the sweep ran " + e.total.get() + " cells, expected " + runs);
            Thread.sleep(10);
        }
    }

    private static List<String> keys(Path file) throws IOException {
        return ResultsFile.read(file).entries().stream().map(ResultsFile.Entry::key).toList();
    }

    @Test
    void aCellAnotherRunComputesIsWaitedForAndTakenFromItsRecordNeverComputedTwice() throws Exception {
        CountingExperiment e = new CountingExperiment(6);
        try (SweepLocks locks = SweepLocks.open(dir)) {
            FileLock claim = locks.tryCell(3); // another run is computing cell 3
            CompletableFuture<Void> run = runInBackground(e);
            awaitRuns(e, 5);
            Thread.sleep(300);
            assertThat(run).isNotDone(); // waiting for cell 3, not computing it
            try (CellLog other = CellLog.open(dir, new Shard(1, 2), Header.of(e, "dev", new Shard(1, 2)))) {
                other.append("cell=3", Map.of("value", 3L));
            }
            claim.release();
            run.get(20, TimeUnit.SECONDS);
        }
        assertThat(e.runsOf(3)).isZero();
        for (int i : new int[] {0, 1, 2, 4, 5}) assertThat(e.runsOf(i)).isOne();
        assertThat(keys(dir.resolve("cells.jsonl"))).containsExactly("cell=0", "cell=1", "cell=2", "cell=4", "cell=5");
        assertThat(e.finished).extracting(r -> r.get("value")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aCellWhoseComputerDiedWithoutRecordingItIsComputedByTheWaitingRun() throws Exception {
        CountingExperiment e = new CountingExperiment(4);
        try (SweepLocks locks = SweepLocks.open(dir)) {
            FileLock claim = locks.tryCell(0);
            CompletableFuture<Void> run = runInBackground(e);
            awaitRuns(e, 3);
            assertThat(run).isNotDone();
            claim.release(); // as a killed process's lock goes
            run.get(20, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 4; i++) assertThat(e.runsOf(i)).isOne();
        assertThat(keys(dir.resolve("cells.jsonl"))).containsExactly("cell=1", "cell=2", "cell=3", "cell=0");
    }

    @Test
    void aCellAnotherRunRecordedWhileThisOneRanIsNotComputedAgain() throws Exception {
        // The other run records cell 2 after this one has read the directory but before it reaches cell 2.
        CountingExperiment e = new CountingExperiment(3) {
            @Override public Map<String, Object> run(Integer params, Blas blas) {
                if (params == 1) {
                    try (CellLog other = CellLog.open(dir, new Shard(0, 2), Header.of(this, "dev", new Shard(0, 2)))) {
                        other.append("cell=2", Map.of("value", 2L));
                    } catch (IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }
                return super.run(params, blas);
            }
        };
        runInBackground(e).get(20, TimeUnit.SECONDS);
        assertThat(e.runsOf(2)).isZero();
        assertThat(keys(dir.resolve("cells.jsonl"))).containsExactly("cell=0", "cell=1");
        assertThat(e.finished).extracting(r -> r.get("value")).containsExactly(0L, 1L, 2L);
    }

    /** A {@link LockHolder} process holding {@code what}, once it says so. */
    private Process holder(String... what) throws IOException {
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        args.addAll(List.of(what));
        Process p = JavaProcess.start(LockHolder.class, args.toArray(String[]::new));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"held".equals(line)) {
            p.destroyForcibly();
            throw new AssertionError("the lock holder said " + line + ": " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void aShardAnotherProcessAppendsToIsRefusedEvenAfterItReadTheFile() throws Exception {
        Process other = holder("shard", "0/1"); // it has opened (and read) cells.jsonl: its lock must survive that
        try {
            assertThatThrownBy(() -> CellLog.open(dir, Shard.WHOLE, ResultsFileTest.header(3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("another process is appending to " + dir.resolve("cells.jsonl") + "; expected one process per shard (use another --shard or --out)");
            try (CellLog ok = CellLog.open(dir, new Shard(1, 2), ResultsFileTest.header(3))) {
                ok.append("b", Map.of("value", 1L)); // another shard of the same directory is free
            }
        } finally {
            other.getOutputStream().close();
            assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, ResultsFileTest.header(3))) {
            log.append("a", Map.of("value", 1L));
        }
        assertThat(keys(dir.resolve("cells.jsonl"))).containsExactly("a");
    }

    @Test
    void aClaimDiesWithItsProcessEvenUnderKillDashNine() throws Exception {
        Process other = holder("cell", "5");
        try (SweepLocks locks = SweepLocks.open(dir)) {
            assertThat(locks.tryCell(5)).isNull();
            FileLock four = locks.tryCell(4);
            assertThat(four).isNotNull();
            four.release();
            other.destroyForcibly(); // SIGKILL: no chance to let go
            assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
            FileLock five = locks.tryCell(5);
            assertThat(five).isNotNull();
            five.release();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void handlesInOneProcessShareTheLockFileSoClosingOneKeepsTheOthersLocks() throws Exception {
        SweepLocks a = SweepLocks.open(dir), b = SweepLocks.open(dir);
        FileLock claim = a.tryCell(7);
        assertThat(b.tryCell(7)).isNull(); // another run of this process holds it
        b.close();
        Process other = JavaProcess.start(LockHolder.class, dir.toString(), "cell", "7");
        try {
            assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(other.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("cell 7 is already claimed");
        } finally {
            other.destroyForcibly();
            claim.release();
            a.close();
        }
    }
}
