package dev.vnlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportAndOutputDirTest {
    @TempDir Path dir;

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void reportIsMarkdownWithTablesFiguresAndCode() {
        Table t = new Table("L", "VNI").add(10, 0.05).add(100, 0.5);
        String md = new Report("VNI against depth")
                .paragraph("The VNI grows with depth.")
                .section("Results")
                .table(t)
                .figure("VNI against depth, widths 200 and 500", "vni depth")
                .image("raw", "cells.png")
                .code("sh", "./vnlab depth --seed 1")
                .toMarkdown();
        assertThat(md).isEqualTo("""
                # VNI against depth

                The VNI grows with depth.

                ## Results

                | L | VNI |
                | ---: | ---: |
                | 10 | 0.05 |
                | 100 | 0.5 |

                ![VNI against depth, widths 200 and 500](vni%20depth.png)

                *VNI against depth, widths 200 and 500* ([SVG](vni%20depth.svg))

                ![raw](cells.png)

                ```sh
                ./vnlab depth --seed 1
                ```
                """);
        assertThatThrownBy(() -> new Report(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("report title ' ' is blank");
        assertThatThrownBy(() -> new Report("a").section("two\nlines")).hasMessageContaining("spans lines");
    }

    @Test
    void writesEveryOutputFileAndNoTemporaryOnes() throws Exception {
        OutputDir out = OutputDir.create(dir.resolve("runs/depth"));
        Table t = new Table("L", "VNI").add(10, 0.05).add(100, Double.NaN);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("widths", new int[] {200, 500});
        config.put("seed", 1L);
        out.writeSummary("depth", "0.1.0", config, t.toRecords());
        out.writeCsv("depth.csv", t);
        List<Path> fig = out.writeFigure("depth", PlotTest.depthPlot());
        out.writeReport(new Report("Depth").table(t).figure("VNI", "depth"));
        assertThat(names(out.path())).containsExactly("depth.csv", "depth.png", "depth.svg", "report.md", "summary.json");

        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")));
        assertThat(List.copyOf(summary.keySet())).isEqualTo(List.of("command", "version", "config", "results"));
        assertThat(summary.get("command")).isEqualTo("depth");
        assertThat(((Map<?, ?>) summary.get("config")).get("widths")).isEqualTo(List.of(200L, 500L));
        assertThat(Json.write(summary.get("results"))).isEqualTo("[{\"L\":10,\"VNI\":0.05},{\"L\":100,\"VNI\":null}]");
        assertThat(Files.readString(out.resolve("depth.csv"))).isEqualTo(Csv.write(t));
        assertThat(fig).containsExactly(out.resolve("depth.svg"), out.resolve("depth.png"));
        BufferedImage png = ImageIO.read(fig.get(1).toFile());
        assertThat(png.getWidth()).isEqualTo(1280);
        new Svg(Files.readString(fig.get(0)));
    }

    @Test
    void aFailedWriteKeepsThePreviousFileAndLeavesNoTemporary() throws Exception {
        OutputDir out = OutputDir.create(dir);
        out.writeString("summary.json", "{\"old\":true}\n");
        assertThatThrownBy(() -> out.write("summary.json", s -> {
            s.write("{\"new\":".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("cannot write " + out.resolve("summary.json") + ": disk full");
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("{\"old\":true}\n");
        assertThat(names(dir)).containsExactly("summary.json");

        Plot broken = new Plot("").xScale(Scale.LOG).add(Series.of("a", new double[] {-1}, new double[] {1}));
        assertThatThrownBy(() -> out.writeFigure("broken", broken)).isInstanceOf(IllegalArgumentException.class);
        assertThat(names(dir)).containsExactly("summary.json");
    }

    @Test
    void badNamesAndPathsAreRejected() throws Exception {
        OutputDir out = OutputDir.create(dir);
        for (String bad : new String[] {"../x", "a/b", "", "..", "a\\b"}) {
            assertThatThrownBy(() -> out.writeString(bad, "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("file name '" + bad + "' is invalid; expected a plain file name inside the output directory");
        }
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> OutputDir.create(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("output path " + file + " exists and is not a directory; expected a directory, or a path to create one at");
    }
}
