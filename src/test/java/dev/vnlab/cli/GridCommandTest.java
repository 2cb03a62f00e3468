package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.Experiments;
import dev.vnlab.experiment.TrainingGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vnlab grid} on tiny synthetic IDX data: its files, presets, configuration round trip and user mistakes. */
class GridCommandTest {
    /** SGD (2 rates) and Adam (1 rate) x depths 2, 3 x 2 runs = 12 cells of width 8, at most 2 epochs over 100 images of 4 x 4 pixels. */
    static final String[] TINY = {"--train-images", "100", "--probe-images", "20", "--depths", "2,3", "--width", "8", "--activations", "tanh",
            "--inits", "gaussian", "--optimizers", "sgd,adam", "--lr-sgd", "0.1,1", "--lr-adam", "1e-3", "--runs", "2", "--epochs", "2",
            "--target-accuracy", "0.3", "--batch", "50", "--quiet"};

    @TempDir Path tmp;

    private String[] tiny(Path data, String... more) {
        List<String> a = new ArrayList<>(Arrays.asList(TINY));
        a.addAll(List.of("--data", data.toString()));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    @Test
    void writesSummaryCsvPlotsAndReport() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 120, 10), out = tmp.resolve("run");
        Cli r = SweepFiles.run("grid", out, tiny(data));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("VNI end (failed)").contains("outputs in " + out);
        for (String f : List.of("summary.json", "grid-panels.csv", "grid.csv", "grid-runs.csv", "grid-sgd.svg", "grid-sgd.png", "grid-adam.png",
                "grid-vni.svg", "grid-vni.png", "report.md")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("grid");
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("learning_rates")).isEqualTo(Map.of("sgd", List.of(0.1, 1.0), "adam", List.of(0.001)));
        assertThat(config.get("max_epochs")).isEqualTo(2L);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(2); // a panel per optimizer
        Map<?, ?> adam = (Map<?, ?>) results.get(1);
        assertThat(adam.get("optimizer")).isEqualTo("adam");
        assertThat(adam.get("runs")).isEqualTo(4L);
        assertThat((Double) adam.get("success_probability")).isBetween(0.0, 1.0);
        assertThat(SweepFiles.csv(out, "grid-panels.csv").get(0)).containsExactly(adam.keySet().toArray(String[]::new));
        List<List<String>> cells = SweepFiles.csv(out, "grid.csv");
        assertThat(cells.get(0)).startsWith("optimizer", "activation", "init", "sigma_w2", "depth", "lr", "runs", "successes", "success_probability");
        assertThat(cells).hasSize(1 + 2 * 2 + 2);
        assertThat(SweepFiles.csv(out, "grid-runs.csv")).hasSize(13);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("grid-sgd.png")
                .contains("## Re-run").contains(" --optimizers sgd,adam --lr-sgd 0.1,1.0 --lr-adam 0.001 ");
        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameOutputs(out, tmp.resolve("rerun"), List.of("summary.json", "grid-panels.csv", "grid.csv", "grid-runs.csv"));
        assertThat(SweepFiles.keys(out.resolve("cells.jsonl"))).hasSize(12).contains("optimizer=adam,activation=tanh,init=gaussian,depth=3,lr=0.001,run=1");
    }

    @Test
    void theConfigurationRebuildsTheExperimentAndThePresetsAreTheLibrarys() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 10, 10);
        TrainingGrid e = (TrainingGrid) SweepCommands.experiment("grid", tiny(data));
        SweepFiles.assertSameConfig(Experiments.fromConfig("grid", e.config()).config(), e.config());
        SweepFiles.assertSameConfig(SweepCommands.experiment("grid", "--data", data.toString()).config(),
                new TrainingGrid(TrainingGrid.Settings.quick().withData(data)).config());
        SweepFiles.assertSameConfig(SweepCommands.experiment("grid", "--preset", "paper", "--data", data.toString()).config(),
                new TrainingGrid(TrainingGrid.Settings.paper().withData(data)).config());
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 120, 10);
        Object[][] cases = {
                {new String[] {"--optimizers", "sgd,lbfgs"}, "--optimizers 'sgd,lbfgs' is invalid at 'lbfgs'; expected comma-separated names from sgd, momentum, adam, rmsprop"},
                {new String[] {"--lr-rmsprop", "1e-3"}, "--lr-rmsprop is given but --optimizers 'sgd,adam' leaves out rmsprop"},
                {new String[] {"--lr-sgd", "1e-4:0:3"}, "--lr-sgd '1e-4:0:3' is invalid at '1e-4:0:3'"},
                {new String[] {"--activations", "tanh,tanh"}, "--activations names tanh twice; expected distinct names"},
                {new String[] {"--inits", "xavier"}, "--inits 'xavier' is invalid"},
                {new String[] {"--target-accuracy", "1.5"}, "--target-accuracy 1.5 is invalid; expected a fraction in (0, 1]"},
                {new String[] {"--epochs", "0"}, "--epochs 0 is invalid; expected at least 1"},
        };
        for (Object[] c : cases) SweepFiles.assertUsageError(SweepFiles.run("grid", tmp.resolve("bad"), tiny(data, (String[]) c[0])), "grid", (String) c[1]);
        SweepFiles.assertHelpNamesEveryOption(SweepCommands.command("grid"));
    }
}
