package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.Experiments;
import dev.vnlab.experiment.XorExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vnlab xor} on a tiny sweep: its files, and (for every sweep command, which share the
 * path) sharding then merging, and resuming after a kill, against one uninterrupted run.
 */
class XorCommandTest {
    /** 2 widths x 2 depths x 2 runs = 8 cells of at most 60 full-batch steps. */
    static final String[] TINY = {"--widths", "4,8", "--depths", "2,5", "--runs", "2", "--steps", "60", "--learning-rate", "0.01", "--quiet"};
    static final List<String> OUTPUTS = List.of("summary.json", "xor.csv", "xor-runs.csv", "xor-failure.svg", "xor-failure.png", "xor-vni.svg",
            "xor-vni.png", "xor-gradients.svg", "xor-gradients.png", "report.md");

    @TempDir Path tmp;

    private static Cli xor(Path out, String... more) {
        return SweepFiles.run("xor", out, TINY, more);
    }

    @Test
    void writesSummaryCsvPlotsAndReport() throws IOException {
        Path out = tmp.resolve("run");
        Cli r = xor(out);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("VNI init").contains("outputs in " + out);
        for (String f : OUTPUTS) assertThat(out.resolve(f)).isNotEmptyFile();
        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("xor");
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("activation")).isEqualTo("tanh");
        assertThat(config.get("widths")).isEqualTo(List.of(4L, 8L));
        assertThat(config.get("optimizer")).isEqualTo("adam");
        assertThat(config.get("learning_rate")).isEqualTo(0.01);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(4);
        Map<?, ?> last = (Map<?, ?>) results.get(3);
        assertThat(last.get("width")).isEqualTo(8L);
        assertThat(last.get("depth")).isEqualTo(5L);
        assertThat(last.get("runs")).isEqualTo(2L);
        assertThat((Double) last.get("vni_init_median")).isBetween(1 / 3.0, 1.0);
        List<List<String>> points = SweepFiles.csv(out, "xor.csv");
        assertThat(points.get(0)).startsWith("width", "depth", "runs", "failures", "diverged", "collapsed", "failure_rate");
        assertThat(points).hasSize(5);
        assertThat(SweepFiles.csv(out, "xor-runs.csv")).hasSize(9);
        assertThat(Files.readString(out.resolve("xor-failure.svg"))).startsWith("<?xml");
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("xor-failure.png")
                .contains("## Re-run").contains("./vnlab xor --activation tanh");
        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameOutputs(out, tmp.resolve("rerun"), List.of("summary.json", "xor.csv", "xor-runs.csv"));
        assertThat(SweepFiles.keys(out.resolve("cells.jsonl"))).hasSize(8).contains("width=4,depth=2,run=0", "width=8,depth=5,run=1");
    }

    @Test
    void shardsOnOneThreadThenMergeEqualOneRun() throws IOException {
        Path whole = tmp.resolve("whole"), a = tmp.resolve("a"), b = tmp.resolve("b"), merged = tmp.resolve("merged");
        assertThat(xor(whole, "--threads", "2").exit()).isZero();
        Cli first = xor(a, "--shard", "0/2", "--threads", "1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("shard 0/2 done (4 cells)");
        assertThat(xor(b, "--shard", "1/2", "--threads", "1").exit()).isZero();
        Cli m = Cli.run("merge", "--out", merged.toString(), a.toString(), b.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 8 cells from 2 results files");
        SweepFiles.assertSameOutputs(whole, merged, OUTPUTS);
        assertThat(Files.readString(merged.resolve("summary.json"))).isEqualTo(Files.readString(whole.resolve("summary.json")));
        assertThat(Files.readString(merged.resolve("xor.csv"))).isEqualTo(Files.readString(whole.resolve("xor.csv")));
    }

    @Test
    void resumesAfterAKillMidLineWithoutLossOrDuplicates() throws IOException {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        assertThat(xor(whole).exit()).isZero();
        assertThat(xor(killed).exit()).isZero();
        Path cells = killed.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(cells), kept = SweepFiles.keys(cells).subList(0, 3);
        // As if killed while writing the 4th cell's line: the header, three whole cells, then half a line.
        Files.writeString(cells, String.join("\n", lines.subList(0, 4)) + "\n" + lines.get(4).substring(0, lines.get(4).length() / 2));
        for (String f : OUTPUTS) Files.delete(killed.resolve(f));
        Cli again = xor(killed);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(SweepFiles.keys(cells)).hasSize(8).doesNotHaveDuplicates().startsWith(kept.toArray(String[]::new));
        SweepFiles.assertSameOutputs(whole, killed, OUTPUTS);
    }

    @Test
    void theConfigurationRebuildsTheExperimentAndThePresetsAreTheLibrarys() {
        XorExperiment e = (XorExperiment) SweepCommands.experiment("xor", TINY);
        SweepFiles.assertSameConfig(Experiments.fromConfig("xor", e.config()).config(), e.config());
        SweepFiles.assertSameConfig(SweepCommands.experiment("xor").config(),
                new XorExperiment(XorExperiment.Settings.quick()).config());
        SweepFiles.assertSameConfig(SweepCommands.experiment("xor", "--preset", "paper").config(),
                new XorExperiment(XorExperiment.Settings.paper()).config());
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() {
        Object[][] cases = {
                {new String[] {"--optimizer", "lbfgs"}, "--optimizer 'lbfgs' is invalid; expected one of sgd, momentum, adam, rmsprop"},
                {new String[] {"--depths", "5,5"}, "--depths: depth 5 repeats; expected distinct depths"},
                {new String[] {"--runs", "0"}, "--runs 0 is invalid; expected at least 1"},
                {new String[] {"--learning-rate", "-1"}, "--learning-rate -1.0 is invalid; expected a finite value > 0"},
                {new String[] {"--activation", "swish"}, "--activation 'swish' is invalid"},
                {new String[] {"--data", "x"}, "unknown option --data for 'xor'"},
        };
        for (Object[] c : cases) SweepFiles.assertUsageError(xor(tmp.resolve("bad"), (String[]) c[0]), "xor", (String) c[1]);
        SweepFiles.assertHelpNamesEveryOption(SweepCommands.command("xor"));
    }
}
