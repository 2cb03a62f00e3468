package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.report.Csv;
import dev.vnlab.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vnlab depth} (and demo, the same command) on a tiny sweep: its files, sharding,
 * merging, resuming after a kill, dry runs and user mistakes. Each run takes well under a second.
 */
class DepthCommandTest {
    /** 2 widths x 3 networks = 6 cells, depths 1 and 3. */
    static final String[] TINY = {"--widths", "6,10", "--depths", "1,3", "--nets", "3", "--inputs", "12", "--jacobian-inputs", "2",
            "--probes", "3", "--batch", "5", "--quiet"};
    static final List<String> OUTPUTS = List.of("summary.json", "depth.csv", "depth-width-6.svg", "depth-width-6.png",
            "depth-width-10.svg", "depth-width-10.png", "report.md");

    @TempDir Path tmp;

    static Cli depth(Map<String, String> env, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("depth", "--out", out.toString()));
        args.addAll(Arrays.asList(TINY));
        args.addAll(Arrays.asList(more));
        return Cli.run(env, args.toArray(String[]::new));
    }

    static Cli depth(Path out, String... more) {
        return depth(Map.of(), out, more);
    }

    private static void assertSameOutputs(Path a, Path b) throws IOException {
        SweepFiles.assertSameFiles(a, b, OUTPUTS);
    }

    @Test
    void networksWithZeroWeightsCollapseAndAreCountedApart() throws IOException {
        Path out = tmp.resolve("zero");
        Cli r = depth(out, "--sigma-w2", "0"); // every layer is its biases: constant over the inputs
        assertThat(r.exit()).as(r.err()).isZero();
        List<List<String>> csv = Csv.parse(Files.readString(out.resolve("depth.csv")));
        int collapsed = csv.get(0).indexOf("collapsed");
        for (List<String> row : csv.subList(1, csv.size())) assertThat(row.get(collapsed)).as("every network at every depth").isEqualTo("3");
        assertThat(Files.readString(out.resolve("report.md"))).contains("3 of 3 networks collapsed at L = 1, 3 of 3 networks collapsed at L = 3 (every node "
                + "constant over the inputs: the VNI is undefined, the extreme of vanishing nodes); they are counted apart, not averaged.")
                .contains("the covariance VNI goes from undefined (every network collapsed) to undefined (every network collapsed)");
        assertThat(r.out()).contains("collapsed");
    }

    @Test
    void writesSummaryCsvPlotsAndReport() throws IOException {
        Path out = tmp.resolve("run");
        Cli r = depth(out, "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty(); // --quiet
        assertThat(r.out()).contains("cov VNI").contains("eq. 3.6").contains("outputs in " + out);
        for (String f : OUTPUTS) assertThat(out.resolve(f)).isNotEmptyFile();

        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("command")).isEqualTo("depth");
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("activation")).isEqualTo("hard-tanh");
        assertThat(config.get("widths")).isEqualTo(List.of(6L, 10L));
        assertThat(config.get("nets")).isEqualTo(3L);
        assertThat(config.get("input_variance")).isEqualTo(0.1);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(4);
        Map<?, ?> row = (Map<?, ?>) results.get(3);
        assertThat(row.get("width")).isEqualTo(10L);
        assertThat(row.get("depth")).isEqualTo(3L);
        assertThat((Double) row.get("covariance_vni_mean")).isBetween(0.1, 1.0);
        assertThat((Double) row.get("jacobian_vni_mean")).isBetween(0.1, 1.0);
        assertThat((Double) row.get("covariance_vni_sd")).isPositive();
        assertThat(row.get("fixed_point_vni")).isEqualTo(0.4); // (1 + L)/N at q* = 0: mu_1 = mu_2 = 1, s_1 = -1
        assertThat(row.get("theory_note")).isNull();

        List<List<String>> csv = Csv.parse(Files.readString(out.resolve("depth.csv")));
        assertThat(csv.get(0)).containsExactly("width", "depth", "nets", "collapsed", "covariance_vni_mean", "covariance_vni_sd", "jacobian_vni_mean",
                "jacobian_vni_sd", "jacobian_vni_probe_se", "fixed_point_vni", "finite_depth_vni", "input_vni", "input_participation_ratio", "theory_note");
        assertThat(csv).hasSize(5);
        assertThat(csv.get(4).subList(0, 4)).containsExactly("10", "3", "3", "0");
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("![VNI against depth, width N = 6")
                .contains("./vnlab depth --activation hard-tanh");
        assertThat(Files.readString(out.resolve("depth-width-6.svg"))).startsWith("<?xml").contains("covariance VNI");
        assertThat(SweepFiles.keys(out.resolve("cells.jsonl"))).containsExactlyInAnyOrder("width=6,net=0", "width=6,net=1", "width=6,net=2",
                "width=10,net=0", "width=10,net=1", "width=10,net=2");

        // The same numbers on one thread, and the finished sweep is not recomputed.
        Path one = tmp.resolve("one");
        assertThat(depth(one, "--threads", "1").exit()).isZero();
        assertSameOutputs(out, one);
        String cells = Files.readString(out.resolve("cells.jsonl"));
        assertThat(depth(out).exit()).isZero();
        assertThat(Files.readString(out.resolve("cells.jsonl"))).isEqualTo(cells);
    }

    @Test
    void shardsThenMergeEqualOneRun() throws IOException {
        Path whole = tmp.resolve("whole"), a = tmp.resolve("a"), b = tmp.resolve("b"), merged = tmp.resolve("merged");
        assertThat(depth(whole).exit()).isZero();
        Cli first = depth(a, "--shard", "0/2");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("shard 0/2 done (3 cells)").contains("./vnlab merge --out " + a);
        assertThat(a.resolve("summary.json")).doesNotExist();
        assertThat(depth(b, "--shard", "1/2").exit()).isZero();
        // Cells finish on two threads at once, so a file lists them in the order they finished.
        assertThat(SweepFiles.keys(a.resolve("cells-shard-0-of-2.jsonl"))).containsExactlyInAnyOrder("width=6,net=0", "width=6,net=2", "width=10,net=1");

        Cli m = Cli.run("merge", "--out", merged.toString(), a.toString(), b.resolve("cells-shard-1-of-2.jsonl").toString());
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 6 cells from 2 results files");
        assertSameOutputs(whole, merged);
        assertThat(SweepFiles.keys(merged.resolve("cells.jsonl"))).containsExactly("width=6,net=0", "width=6,net=1", "width=6,net=2",
                "width=10,net=0", "width=10,net=1", "width=10,net=2"); // sweep order

        // Shards run into one directory finish the sweep there themselves; merge with no source merges it in place.
        Path shared = tmp.resolve("shared");
        assertThat(depth(shared, "--shard", "1/2").exit()).isZero();
        assertThat(depth(shared, "--shard", "0/2").out()).contains("outputs in " + shared);
        assertSameOutputs(whole, shared);
        assertThat(Cli.run("merge", "--out", shared.toString()).exit()).isZero();
        assertSameOutputs(whole, shared);
    }

    @Test
    void mergeRefusesMissingCellsAndMismatchedShardsNamingTheField() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertThat(depth(a, "--shard", "0/2").exit()).isZero();
        Cli missing = Cli.run("merge", "--out", tmp.resolve("m").toString(), a.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("vnlab merge: 3 of the sweep's 6 cells are missing (width=6,net=1, width=10,net=0, width=10,net=2)")
                .hasLineCount(1);
        assertThat(tmp.resolve("m")).doesNotExist();
        assertThat(depth(b, "--shard", "1/2", "--seed", "7").exit()).isZero();
        Cli mismatch = Cli.run("merge", "--out", tmp.resolve("m").toString(), a.toString(), b.toString());
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.err()).contains("are not shards of one sweep: seed is 1 in the first and 7 in the second").hasLineCount(1);
        // Resuming into a directory of another configuration names the field too.
        Cli resume = depth(a, "--nets", "4");
        assertThat(resume.exit()).isEqualTo(2);
        assertThat(resume.err()).contains("holds cells of another configuration: nets is 3 there and 4 here").hasLineCount(1);
    }

    @Test
    void resumesAfterAKillMidLineWithoutLossOrDuplicates() throws IOException {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        assertThat(depth(whole).exit()).isZero();
        assertThat(depth(killed).exit()).isZero();
        Path cells = killed.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(cells);
        List<String> kept = SweepFiles.keys(cells).subList(0, 3);
        // As if killed while writing the 4th cell's line: three whole cells, then half a line.
        String text = String.join("\n", lines.subList(0, 4)) + "\n" + lines.get(4).substring(0, lines.get(4).length() / 2);
        Files.writeString(cells, text);
        for (String f : OUTPUTS) Files.delete(killed.resolve(f));
        Cli again = depth(killed);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(SweepFiles.keys(cells)).hasSize(6).doesNotHaveDuplicates();
        assertThat(SweepFiles.keys(cells).subList(0, 3)).isEqualTo(kept);
        assertSameOutputs(whole, killed);
        // Progress (without --quiet) says what was discarded.
        Files.writeString(cells, text);
        List<String> loud = new ArrayList<>(List.of("depth", "--out", killed.toString()));
        loud.addAll(Arrays.asList(TINY).subList(0, TINY.length - 1));
        Cli noisy = Cli.run(loud.toArray(String[]::new));
        assertThat(noisy.err()).contains("discarded a torn last line");
        assertSameOutputs(whole, killed);
    }

    @Test
    void environmentSelectsTheShard() throws IOException {
        Path slurm = tmp.resolve("slurm"), k8s = tmp.resolve("k8s");
        assertThat(depth(Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "2"), slurm).exit()).isZero();
        assertThat(SweepFiles.keys(slurm.resolve("cells-shard-1-of-2.jsonl"))).containsExactlyInAnyOrder("width=6,net=1", "width=10,net=0", "width=10,net=2");
        assertThat(depth(Map.of("JOB_COMPLETION_INDEX", "2"), k8s, "--shard-count", "3").exit()).isZero();
        assertThat(SweepFiles.keys(k8s.resolve("cells-shard-2-of-3.jsonl"))).containsExactlyInAnyOrder("width=6,net=2", "width=10,net=2");
        Cli noCount = depth(Map.of("JOB_COMPLETION_INDEX", "2"), k8s);
        assertThat(noCount.exit()).isEqualTo(2);
        assertThat(noCount.err()).contains("JOB_COMPLETION_INDEX=2 is set but --shard-count is not");
    }

    @Test
    void dryRunListsTheCellsAndComputesNothing() throws IOException {
        Path out = tmp.resolve("dry");
        Cli r = depth(out, "--dry-run", "--shard", "1/2");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("6 cells, shard 1/2 runs 3 of them; 0 done").contains("to run   width=6,net=1")
                .contains("to run   width=10,net=2").contains("work to run:");
        assertThat(out).doesNotExist();
        assertThat(depth(out, "--shard", "1/2").exit()).isZero();
        assertThat(depth(out, "--dry-run").out()).contains("3 done in").contains("done     width=6,net=1").contains("to run   width=6,net=0");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cells-shard-1-of-2.jsonl", "cells.lock");
        }
    }

    @Test
    void idxImagesAsInputs() throws IOException {
        Path data = tmp.resolve("idx"), out = tmp.resolve("out");
        SweepFiles.writeTrainImages(data, 30);
        Cli r = Cli.run("depth", "--out", out.toString(), "--data", data.toString(), "--inputs", "20", "--widths", "6", "--depths", "1,2",
                "--nets", "2", "--jacobian-inputs", "2", "--probes", "0", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")));
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("data")).isEqualTo(data.toString());
        assertThat(config.get("input_variance")).isNull();
        Map<?, ?> row = (Map<?, ?>) ((List<?>) summary.get("results")).get(1);
        assertThat((Double) row.get("finite_depth_vni")).isPositive();
        assertThat(row.get("jacobian_vni_probe_se")).isEqualTo(0.0); // exact Jacobian
        assertThat(Files.readString(out.resolve("report.md"))).contains("pixels divided by 255");
        Cli tooMany = Cli.run("depth", "--out", tmp.resolve("x").toString(), "--data", data.toString(), "--inputs", "50", "--quiet");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--inputs 50 exceeds the 30 training images in " + data).hasLineCount(1);
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() throws IOException {
        Path empty = tmp.resolve("no-images"), pixelless = tmp.resolve("no-pixels");
        SweepFiles.writeTrainImages(empty, 0);
        Files.createDirectories(pixelless);
        Files.write(pixelless.resolve("train-images-idx3-ubyte"), java.nio.ByteBuffer.allocate(16).putInt(0x00000803).putInt(30).putInt(0).putInt(0).array());
        Path directory = Files.createDirectories(tmp.resolve("directory").resolve("train-images-idx3-ubyte"));
        Object[][] cases = {
                {new String[] {"--data", empty.toString()}, "--data " + empty + ": " + empty.resolve("train-images-idx3-ubyte")
                        + ": holds no images; expected at least 1"},
                {new String[] {"--data", pixelless.toString()}, "--data " + pixelless + ": " + pixelless.resolve("train-images-idx3-ubyte")
                        + ": holds images of 0 x 0 pixels; expected at least 1 x 1"},
                {new String[] {"--data", directory.getParent().toString()}, directory + ": is a directory; expected a regular file"},
                {new String[] {"--shard", "3/2"}, "--shard '3/2' is invalid"},
                {new String[] {"--preset", "bogus"}, "--preset 'bogus' is invalid; expected one of quick, paper"},
                {new String[] {"--widths", "0"}, "--widths: width 0 is invalid"},
                {new String[] {"--widths", "6,x"}, "--widths '6,x' is invalid at 'x'"},
                {new String[] {"--data", tmp.resolve("nowhere").toString()}, "--data " + tmp.resolve("nowhere") + " is not a directory; expected a directory with MNIST-style IDX files"},
                {new String[] {"--data", tmp.toString()}, "train-images-idx3-ubyte is missing; expected a directory with MNIST-style IDX files"},
                {new String[] {"--activation", "swish"}, "--activation 'swish' is invalid; expected one of linear, tanh, hard-tanh"},
                {new String[] {"--probes", "1"}, "--probes 1 is invalid; expected 0 (exact Jacobian) or at least 2"},
                {new String[] {"--jacobian-inputs", "13"}, "--jacobian-inputs 13 is invalid; expected 0 (no Jacobian) to 12 (--inputs)"},
                {new String[] {"--nets"}, "--nets needs a value (K)"},
                {new String[] {"--bogus"}, "unknown option --bogus for 'depth'"},
                {new String[] {"extra"}, "unexpected argument 'extra'"},
        };
        for (Object[] c : cases) {
            Cli r = depth(tmp.resolve("bad"), (String[]) c[0]);
            assertThat(r.exit()).as(Arrays.toString((String[]) c[0])).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab depth: ").contains((String) c[1]).hasLineCount(1);
        }
    }

    @Test
    void demoIsTheDepthSweepWithItsOwnOutputDirectory() throws IOException {
        Path out = tmp.resolve("demo"), same = tmp.resolve("depth");
        List<String> args = new ArrayList<>(List.of("demo", "--out", out.toString()));
        args.addAll(Arrays.asList(TINY));
        assertThat(Cli.run(args.toArray(String[]::new)).exit()).isZero();
        assertThat(depth(same).exit()).isZero();
        assertSameOutputs(same, out);
    }

    @Test
    void helpDescribesEveryOptionAndThePresets() {
        Cli help = Cli.run("demo", "--help");
        assertThat(help.exit()).isZero();
        for (String o : List.of("--out DIR", "--seed", "--threads", "--quiet", "--preset", "--shard I/N", "--shard-count", "--dry-run", "--widths",
                "--depths", "--data DIR", "--probes")) {
            assertThat(help.out()).contains(o);
        }
        assertThat(help.out()).contains("(default: 20; paper: 100)").contains("(default: out/demo)");
        assertThat(Cli.run("help").out()).contains("demo").contains("depth").contains("theory").contains("merge");
    }
}
