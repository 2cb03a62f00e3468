package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.testing.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dvnlab.plan=heap}, which the launcher asks before a run: a sweep command prints the heap
 * (MiB) its cells need on its threads and runs nothing; other commands and command lines in
 * error print nothing, so the launcher leaves the heap alone and the run reports the mistake.
 */
class HeapPlanCommandTest {
    @TempDir Path tmp;

    private String plan(String... args) throws IOException, InterruptedException {
        Process p = JavaProcess.of(List.of("-Dvnlab.plan=heap"), Main.class, args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return out.lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse("");
    }

    @Test
    void aSweepGetsItsPlannedHeapAndRunsNothing() throws Exception {
        Path out = tmp.resolve("out");
        long one = Long.parseLong(plan("depth", "--widths", "500", "--threads", "1", "--out", out.toString()));
        long two = Long.parseLong(plan("depth", "--widths", "500", "--threads", "2", "--out", out.toString()));
        long wide = Long.parseLong(plan("depth", "--widths", "4000", "--depths", "3", "--nets", "2", "--threads", "2", "--out", out.toString()));
        assertThat(one).isGreaterThanOrEqualTo(64).isLessThanOrEqualTo(two);
        assertThat(two).isBetween(64L, 160L);
        assertThat(wide).isGreaterThan(two);
        assertThat(out).doesNotExist();
    }

    @Test
    void aTrainingSweepPlansForTheDataSetAsTheLoaderChecksIt() throws Exception {
        // the loader refuses to start below its own figure: the plan must not be below it
        long need = dev.vnlab.data.Mnist.loadingBytes(60_000, 10_000, 784) + dev.vnlab.memory.HeapBudget.BASELINE_BYTES;
        for (String command : new String[] {"train", "grid"}) {
            long mib = Long.parseLong(plan(command, "--out", tmp.resolve(command).toString()));
            assertThat(mib << 20).as(command).isGreaterThan(need);
        }
    }

    @Test
    void otherCommandsAndMistakesPlanNothing() throws Exception {
        assertThat(plan("theory", "--out", tmp.resolve("t").toString())).isEmpty();
        assertThat(plan("depth", "--widths", "0")).isEmpty();
        assertThat(plan("info")).isEmpty();
        assertThat(tmp.resolve("t")).doesNotExist();
    }
}
