package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.report.Json;
import dev.vnlab.testing.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes started together on one --out directory: whatever the timing, nothing is lost,
 * no cell is computed twice, and a process that cannot take part says why in one line.
 */
class ConcurrentRunsTest {
    @TempDir Path tmp;

    /** A depth sweep of 8 cells, a fraction of a second each, so that two runs overlap. */
    private static final String[] SWEEP = {"depth", "--widths", "64", "--depths", "10,30", "--nets", "8", "--inputs", "300",
            "--jacobian-inputs", "2", "--threads", "1", "--quiet"};

    private record Exit(int code, String err) {}

    private static Process start(Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(SWEEP));
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(more));
        return JavaProcess.of(Main.class, args.toArray(String[]::new)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Exit await(Process p) throws Exception {
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("a run ended").isTrue();
        return new Exit(p.exitValue(), err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n"));
    }

    /** How often each cell is recorded over the directory's results files. */
    private static Map<String, Integer> recordedCells(Path out) throws IOException {
        Map<String, Integer> count = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(out, "cells*.jsonl")) {
            for (Path f : files) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (String line : lines.subList(1, lines.size())) {
                    String key = (String) ((Map<?, ?>) Json.parse(line)).get("key");
                    count.merge(key, 1, Integer::sum);
                }
            }
        }
        return count;
    }

    /** The outputs of one uninterrupted run of the sweep, to compare with. */
    private Path reference() throws Exception {
        Path ref = tmp.resolve("reference");
        assertThat(await(start(ref)).code()).isZero();
        return ref;
    }

    private static void assertSameOutputs(Path ref, Path out) throws IOException {
        SweepFiles.assertSameFiles(ref, out, List.of("summary.json", "depth.csv", "report.md", "depth-width-64.svg", "depth-width-64.png"));
    }

    @Test
    void twoRunsOfOneShardAtOnceNeverDamageTheResults() throws Exception {
        Path ref = reference();
        for (int trial = 0; trial < 3; trial++) {
            Path out = tmp.resolve("same-" + trial);
            Process a = start(out), b = start(out);
            Exit ea = await(a), eb = await(b);
            for (Exit e : List.of(ea, eb)) {
                if (e.code() != 0) { // the loser of the race: one line, exit 2
                    assertThat(e.code()).isEqualTo(2);
                    assertThat(e.err()).isEqualTo("vnlab depth: another process is appending to " + out.resolve("cells.jsonl")
                            + "; expected one process per shard (use another --shard or --out)\n");
                } else {
                    assertThat(e.err()).isEmpty();
                }
            }
            assertThat(ea.code() == 0 || eb.code() == 0).as("one run finished").isTrue();
            assertThat(recordedCells(out)).hasSize(8).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
            assertSameOutputs(ref, out);
        }
    }

    @Test
    void runsOfDifferentShardLayoutsInOneDirectoryComputeNoCellTwice() throws Exception {
        Path ref = reference();
        for (int trial = 0; trial < 2; trial++) {
            Path out = tmp.resolve("mixed-" + trial);
            Process whole = start(out), half = start(out, "--shard", "0/2"), otherHalf = start(out, "--shard", "1/2");
            for (Process p : List.of(whole, half, otherHalf)) {
                Exit e = await(p);
                assertThat(e.code()).as(e.err()).isZero();
            }
            assertThat(recordedCells(out)).hasSize(8).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
            assertSameOutputs(ref, out);
        }
    }
}
