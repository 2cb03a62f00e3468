package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.testing.JavaProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work too big for the heap: refused before it starts, in one line with the heap it needs; an
 * out-of-memory failure the estimate did not foresee is one line too, and keeps the finished
 * cells for the run that resumes. In JVMs of their own, with small heaps.
 */
class HeapLimitTest {
    @TempDir Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(List<String> jvm, String... args) throws Exception {
        Process p = JavaProcess.of(jvm, Main.class, args).start();
        byte[] out = p.getInputStream().readAllBytes(); // small: a table at most
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String lines = String.join("\n", err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList());
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), lines);
    }

    private String[] depth(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("depth", "--depths", "2,4", "--nets", "1", "--inputs", "600", "--jacobian-inputs", "1",
                "--threads", "1", "--quiet", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void workTooBigForTheHeapIsRefusedBeforeItStartsNamingTheHeapItNeeds() throws Exception {
        Path out = tmp.resolve("big");
        Run r = run(List.of("-Xmx64m"), depth(out, "--widths", "3000"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).matches("vnlab depth: depth cell width=3000,net=0 needs about \\d+ MB of heap, more than the \\d+ MB this JVM may use; "
                + "expected a larger heap, e.g. VNLAB_JAVA_OPTS=-Xmx\\d+m ./vnlab depth \\.\\.\\. \\(or smaller settings\\)");
        assertThat(out).doesNotExist(); // refused before anything was written

        Run dry = run(List.of("-Xmx64m"), depth(out, "--widths", "3000", "--dry-run"));
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).containsPattern("memory: about \\d+ MB of heap per cell, \\d+ MB for 1 at once; this JVM may use \\d+ MB");
    }

    @Test
    void anInspectionTooWideForTheHeapIsRefusedInOneLineNamingTheLayer() throws Exception {
        // a 1500-wide layer: its reading alone (C whole, its correlations, the eigen-decomposition) outgrows a 64 MB heap
        Path weights = tmp.resolve("wide.npz");
        dev.vnlab.weights.WeightFiles.write(weights, dev.vnlab.nn.Mlp.create(30, new int[] {1500, 40}, 2, dev.vnlab.nn.Activation.TANH,
                new dev.vnlab.nn.Init(dev.vnlab.nn.Init.Scheme.GAUSSIAN, 1, 0), new dev.vnlab.nn.Init(dev.vnlab.nn.Init.Scheme.GAUSSIAN, 1, 0),
                dev.vnlab.random.Rng.seeded(1), dev.vnlab.linalg.Blas.defaults()));
        Path out = tmp.resolve("inspect");
        Run r = run(List.of("-Xmx64m"), "inspect", "--weights", weights.toString(), "--activation", "tanh", "--samples", "200", "--quiet", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).matches("vnlab inspect: the diagnostics of layer 1 \\(1500 nodes after 30\\) needs about \\d+ MB of heap, more than the \\d+ MB this JVM "
                + "may use; expected a larger heap, e.g. VNLAB_JAVA_OPTS=-Xmx\\d+m ./vnlab inspect \\.\\.\\. \\(or smaller settings\\)");
    }

    @Test
    void runningOutOfMemoryIsOneLineAndTheFinishedCellsResume() throws Exception {
        Path out = tmp.resolve("oom");
        // The estimate switched off, the 5000-wide cell's first weight matrix (100 MB) does not fit a 64 MB heap; the 20-wide cell has finished.
        Run r = run(List.of("-Xmx64m", "-Dvnlab.heapCheck=false"), depth(out, "--widths", "20,5000"));
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("vnlab depth: ran out of memory in a heap of ")
                .contains("the cells finished so far are kept in " + out + " and the same command resumes from them; expected a larger heap, e.g. VNLAB_JAVA_OPTS=-Xmx")
                .doesNotContain("\n");
        List<String> recorded = Files.readAllLines(out.resolve("cells.jsonl"));
        assertThat(recorded).hasSize(2); // the header and the 20-wide cell
        assertThat(recorded.get(1)).startsWith("{\"key\":\"width=20,net=0\"");

        Run resumed = run(List.of("-Xmx64m"), depth(out, "--widths", "20,5000", "--dry-run"));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 done in " + out + ", 1 to run").contains("done     width=20,net=0").contains("to run   width=5000,net=0");
    }
}
