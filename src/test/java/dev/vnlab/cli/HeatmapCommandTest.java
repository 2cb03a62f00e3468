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

/** {@code ./vnlab heatmap} on four tiny panels: its files, its re-run command, IDX inputs and user mistakes. Well under a second a run. */
class HeatmapCommandTest {
    /** Width 8 at depths 1 and 3, depth 2 at widths 4 and 8: four panels. */
    static final String[] TINY = {"--depth-row-width", "8", "--depth-row-depths", "1,3", "--width-row-depth", "2", "--width-row-widths", "4,8",
            "--inputs", "30", "--batch", "10", "--quiet"};
    static final List<String> OUTPUTS = List.of("summary.json", "heatmap.csv", "heatmap-depth.svg", "heatmap-depth.png", "heatmap-width.svg",
            "heatmap-width.png", "report.md");

    @TempDir Path tmp;

    private static Cli heatmap(Path out, String... more) {
        return SweepFiles.run("heatmap", out, TINY, more);
    }

    @Test
    void writesSummaryCsvHeatmapsAndReport() throws IOException {
        Path out = tmp.resolve("run");
        Cli r = heatmap(out);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("VNI").contains("eq. 3.6").contains("outputs in " + out);
        for (String f : OUTPUTS) assertThat(out.resolve(f)).isNotEmptyFile();

        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("heatmap");
        assertThat(summary.get("version")).isInstanceOf(String.class);
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("depth_row_depths")).isEqualTo(List.of(1L, 3L));
        assertThat(config.get("width_row_widths")).isEqualTo(List.of(4L, 8L));
        assertThat(config.get("data")).isNull();
        assertThat(config.get("seed")).isEqualTo(1L);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(4);
        Map<?, ?> row = (Map<?, ?>) results.get(2);
        assertThat(row.get("figure_row")).isEqualTo("width");
        assertThat(row.get("depth")).isEqualTo(2L);
        assertThat(row.get("width")).isEqualTo(4L);
        assertThat((Double) row.get("vni")).isBetween(0.25, 1.0);

        List<List<String>> csv = SweepFiles.csv(out.resolve("heatmap.csv"));
        assertThat(csv.get(0)).startsWith("figure_row", "depth", "width", "inputs", "collapsed", "vni");
        assertThat(csv).hasSize(5);
        assertThat(csv.get(1).subList(0, 4)).containsExactly("depth", "1", "8", "30");
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("## Re-run").contains("./vnlab heatmap --activation hard-tanh");

        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameFiles(out, tmp.resolve("rerun"), OUTPUTS);
    }

    @Test
    void idxImagesAsInputs() throws IOException {
        Path data = tmp.resolve("idx"), out = tmp.resolve("out");
        SweepFiles.writeTrainImages(data, 40);
        Cli r = heatmap(out, "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Map<?, ?> config = (Map<?, ?>) SweepFiles.summary(out).get("config");
        assertThat(config.get("data")).isEqualTo(data.toString());
        assertThat(config.get("input_variance")).isNull();
        assertThat(Files.readString(out.resolve("report.md"))).contains("training images of " + data).contains("--data " + data);
    }

    @Test
    void aMissingDataSetGivesTheHint() {
        Cli none = heatmap(tmp.resolve("x"), "--data", "/nonexistent");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("vnlab heatmap: --data /nonexistent is not a directory; " + dev.vnlab.data.Mnist.INSTALL_HINT + "\n");
        Cli empty = heatmap(tmp.resolve("x"), "--data", tmp.toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("train-images-idx3-ubyte is missing; " + dev.vnlab.data.Mnist.INSTALL_HINT).hasLineCount(1);
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() throws IOException {
        Path data = tmp.resolve("idx");
        SweepFiles.writeTrainImages(data, 20);
        Object[][] cases = {
                {new String[] {"--depth-row-depths", "3,0"}, "--depth-row-depths: depth 0 is invalid"},
                {new String[] {"--width-row-widths", "4,4"}, "--width-row-widths: width 4 repeats"},
                {new String[] {"--depth-row-width", "0"}, "--depth-row-width: width 0 is invalid"},
                {new String[] {"--inputs", "1"}, "--inputs 1 is invalid; expected at least 2"},
                {new String[] {"--input-variance", "0"}, "--input-variance 0.0 is invalid; expected a finite value > 0"},
                {new String[] {"--data", data.toString()}, "--inputs 30 exceeds the 20 training images in " + data},
                {new String[] {"--data", data.toString(), "--input-variance", "1"}, "--input-variance applies to synthetic inputs"},
                {new String[] {"--sigma-b2", "-1"}, "--sigma-b2 -1.0 is invalid"},
                {new String[] {"--widths", "8"}, "unknown option --widths for 'heatmap'"},
        };
        for (Object[] c : cases) {
            Cli r = heatmap(tmp.resolve("bad"), (String[]) c[0]);
            assertThat(r.exit()).as(Arrays.toString((String[]) c[0])).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab heatmap: ").contains((String) c[1]).hasLineCount(1);
        }
    }
}
