package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.Experiments;
import dev.vnlab.experiment.TrainingVni;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vnlab train} on tiny synthetic IDX data: its files, presets, configuration round trip, data errors and user mistakes. */
class TrainCommandTest {
    /** 2 learning rates x 2 runs = 4 cells: depth 3, width 8, 2 epochs over 100 images of 4 x 4 pixels. */
    static final String[] TINY = {"--train-images", "100", "--test-images", "20", "--probe-images", "20", "--depth", "3", "--width", "8",
            "--learning-rates", "0.01,0.1", "--runs", "2", "--epochs", "2", "--batch", "50", "--quiet"};

    @TempDir Path tmp;

    private String[] tiny(Path data) {
        List<String> a = new ArrayList<>(Arrays.asList(TINY));
        a.addAll(List.of("--data", data.toString()));
        return a.toArray(String[]::new);
    }

    @Test
    void writesSummaryCsvPlotsAndReport() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 120, 30), out = tmp.resolve("run");
        Cli r = SweepFiles.run("train", out, tiny(data));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("VNI end median").contains("outputs in " + out);
        for (String f : List.of("summary.json", "training-vni-lr.csv", "training-vni.csv", "training-vni-layers.csv", "training-vni-runs.csv",
                "training-vni.svg", "training-vni.png", "training-vni-layers.png", "training-accuracy.png", "report.md")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("train");
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("data")).isEqualTo(data.toString());
        assertThat(config.get("learning_rates")).isEqualTo(List.of(0.01, 0.1));
        assertThat(config.get("sigma_w2")).isEqualTo(1.0); // critical for tanh at sigma_b^2 = 0
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(2);
        Map<?, ?> row = (Map<?, ?>) results.get(1);
        assertThat(row.get("lr")).isEqualTo(0.1);
        assertThat(row.get("runs")).isEqualTo(2L);
        assertThat((Double) row.get("output_vni_end_median")).isBetween(1 / 8.0, 1.0);
        List<List<String>> perLr = SweepFiles.csv(out, "training-vni-lr.csv");
        assertThat(perLr.get(0)).containsExactly(((Map<?, ?>) results.get(0)).keySet().toArray(String[]::new));
        assertThat(perLr).hasSize(3);
        assertThat(SweepFiles.csv(out, "training-vni.csv")).hasSize(1 + 2 * 3); // epochs 0 to 2 per learning rate
        assertThat(SweepFiles.csv(out, "training-vni-runs.csv")).hasSize(5);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("training-vni.png")
                .contains("## Re-run").contains("./vnlab train --data " + data);
        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameOutputs(out, tmp.resolve("rerun"), List.of("summary.json", "training-vni-lr.csv", "training-vni.csv",
                "training-vni-layers.csv", "training-vni-runs.csv"));
        assertThat(SweepFiles.keys(out.resolve("cells.jsonl"))).containsExactlyInAnyOrder("lr=0.01,run=0", "lr=0.01,run=1", "lr=0.1,run=0", "lr=0.1,run=1");
    }

    @Test
    void theConfigurationRebuildsTheExperimentAndThePresetsAreTheLibrarys() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 10, 10);
        TrainingVni e = (TrainingVni) SweepCommands.experiment("train", tiny(data));
        SweepFiles.assertSameConfig(Experiments.fromConfig("train", e.config()).config(), e.config());
        String[] atData = {"--data", data.toString()};
        SweepFiles.assertSameConfig(SweepCommands.experiment("train", atData).config(),
                new TrainingVni(TrainingVni.Settings.quick().withData(data)).config());
        SweepFiles.assertSameConfig(SweepCommands.experiment("train", "--preset", "paper", "--data", data.toString()).config(),
                new TrainingVni(TrainingVni.Settings.paper().withData(data)).config());
    }

    @Test
    void missingDataAndUserMistakesGiveOneLineAndExitCode2() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 120, 30), empty = Files.createDirectories(tmp.resolve("empty"));
        // Test images of 2 x 2 pixels beside training images of 4 x 4.
        Path mismatched = SweepFiles.writeImages(tmp.resolve("mismatched"), 120, 30);
        Files.write(mismatched.resolve("t10k-images-idx3-ubyte"), ByteBuffer.allocate(16 + 30 * 4).putInt(0x00000803).putInt(30).putInt(2).putInt(2).array());
        Path withDirectory = SweepFiles.writeImages(tmp.resolve("with-directory"), 120, 30);
        Files.delete(withDirectory.resolve("train-labels-idx1-ubyte"));
        Files.createDirectory(withDirectory.resolve("train-labels-idx1-ubyte"));
        Object[][] cases = {
                {new String[] {"--data", mismatched.toString()}, "--data " + mismatched + ": " + mismatched.resolve("t10k-images-idx3-ubyte")
                        + ": holds images of 2 x 2 pixels but train-images-idx3-ubyte holds images of 4 x 4; expected the same size in both"},
                {new String[] {"--data", withDirectory.toString()}, "--data " + withDirectory + ": " + withDirectory.resolve("train-labels-idx1-ubyte")
                        + ": is a directory; expected a regular file"},
                {new String[] {"--data", tmp.resolve("nowhere").toString()}, "--data " + tmp.resolve("nowhere") + " is not a directory; expected a directory with MNIST-style IDX files"},
                {new String[] {"--data", empty.toString()}, "train-images-idx3-ubyte is missing; expected a directory with MNIST-style IDX files"},
                {new String[] {"--data", data.toString(), "--train-images", "500"}, "training images 500 exceeds the 120 images of the training set"},
                {new String[] {"--data", data.toString(), "--learning-rates", "0.1,x"}, "--learning-rates '0.1,x' is invalid at 'x'"},
                {new String[] {"--data", data.toString(), "--learning-rates", "0.1,0.01"}, "--learning-rates [0.1, 0.01] is not strictly ascending"},
                {new String[] {"--data", data.toString(), "--probe-images", "200"}, "--probe-images 200 is invalid; expected 2 to --train-images 100"},
                {new String[] {"--data", data.toString(), "--depth", "0"}, "--depth 0 is invalid; expected 1 to 100000"},
                {new String[] {"--data", data.toString(), "--sigma-w2", "-1"}, "--sigma-w2 -1.0 is invalid"},
        };
        for (Object[] c : cases) {
            List<String> a = new ArrayList<>(Arrays.asList(TINY));
            a.addAll(Arrays.asList((String[]) c[0]));
            SweepFiles.assertUsageError(SweepFiles.run("train", tmp.resolve("bad"), a.toArray(String[]::new)), "train", (String) c[1]);
        }
        SweepFiles.assertHelpNamesEveryOption(SweepCommands.command("train"));
    }
}
