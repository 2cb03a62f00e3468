package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vnlab phase} on a 5 x 3 grid and two probe points: its files, sharding and merging, its re-run command and user mistakes. */
class PhaseCommandTest {
    static final String[] TINY = {"--sigma-w2-range", "0.5,3", "--columns", "5", "--sigma-b2-range", "0,0.2", "--rows", "3", "--depth", "10", "--width", "60",
            "--probe-sigma-w2", "1,3", "--probe-depth", "4", "--pairs", "5", "--nets", "2", "--quiet"};
    static final List<String> OUTPUTS = List.of("summary.json", "phase.csv", "phase-pairs.csv", "phase-diagram.svg", "phase-diagram.png", "phase-pairs.svg",
            "phase-pairs.png", "report.md");

    @TempDir Path tmp;

    private static Cli phase(Path out, String... more) {
        return SweepFiles.run("phase", out, TINY, more);
    }

    @Test
    void writesTheDiagramThePairsAndAReportAndRerunsTheSame() throws IOException {
        Path out = tmp.resolve("run");
        Cli r = phase(out);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("phase").contains("outputs in " + out);
        for (String f : OUTPUTS) assertThat(out.resolve(f)).isNotEmptyFile();
        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("phase");
        assertThat(((Map<?, ?>) summary.get("config")).get("columns")).isEqualTo(5L);
        assertThat((List<?>) summary.get("results")).hasSize(15);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("./vnlab phase --activation tanh");
        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameFiles(out, tmp.resolve("rerun"), OUTPUTS);
    }

    @Test
    void shardsThenMergeEqualOneRun() throws IOException {
        Path whole = tmp.resolve("whole"), a = tmp.resolve("a"), b = tmp.resolve("b"), merged = tmp.resolve("merged");
        assertThat(phase(whole).exit()).isZero();
        assertThat(phase(a, "--shard", "0/2").exit()).isZero();
        assertThat(phase(b, "--shard", "1/2").exit()).isZero();
        Cli m = Cli.run("merge", "--out", merged.toString(), a.toString(), b.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 7 cells from 2 results files");
        SweepFiles.assertSameFiles(whole, merged, OUTPUTS);
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() {
        Object[][] cases = {
                {new String[] {"--sigma-w2-range", "3,1"}, "--sigma-w2-range [3.0, 1.0] is invalid; expected two values LO,HI with 0 < LO < HI"},
                {new String[] {"--sigma-b2-range", "0"}, "--sigma-b2-range [0.0] is invalid; expected two values LO,HI with 0 <= LO < HI"},
                {new String[] {"--rows", "1"}, "--rows 1 is invalid; expected 2 to 1000"},
                {new String[] {"--probe-sigma-w2", "1,1"}, "holds 1.0 twice; expected distinct values"},
                {new String[] {"--input-cosine", "1"}, "--input-cosine 1.0 is invalid; expected -1 <= c_0 < 1"},
        };
        for (Object[] c : cases) {
            Cli r = phase(tmp.resolve("bad"), (String[]) c[0]);
            assertThat(r.exit()).as(Arrays.toString((String[]) c[0])).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab phase: ").contains((String) c[1]).hasLineCount(1);
        }
    }
}
