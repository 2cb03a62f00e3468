package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.ExperimentKind;
import dev.vnlab.experiment.Experiments;
import dev.vnlab.experiment.SweepExperiment;
import dev.vnlab.report.Json;
import dev.vnlab.settings.Option;
import dev.vnlab.sweep.Experiment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sweep command's settings come from one schema, so what it derives must agree: the re-run
 * command a report prints gives back the same configuration, option names do not collide with
 * each other or with the sweep engine's, and every configuration field is one the schema reads
 * back (a field written but never read, or read but never written, fails here).
 */
class SettingsSchemaTest {
    @TempDir Path tmp;

    /** Command lines per command: the presets and a few options that move every group of settings off its default. */
    private List<String[]> lines(String command, Path data) {
        String[] d = {"--data", data.toString()};
        List<String[]> out = new ArrayList<>(List.of(new String[0], new String[] {"--preset", "paper"}));
        switch (command) {
            case "depth" -> {
                out.add(new String[] {"--widths", "30,10", "--depths", "2:6:2", "--critical", "--sigma-b2", "0.05", "--probes", "0", "--seed", "-7"});
                out.add(new String[] {"--data", data.toString(), "--inputs", "20", "--q-star", "0.2", "--activation", "tanh", "--preset", "paper"});
            }
            case "heatmap" -> out.add(new String[] {"--data", data.toString(), "--inputs", "20", "--depth-row-depths", "3,1", "--init", "orthogonal"});
            case "spectrum" -> out.add(new String[] {"--exact-width-limit", "0", "--bins", "7", "--input-variance", "0.3", "--sigma-w2", "1.5", "--lanczos-steps", "9"});
            case "phase" -> out.add(new String[] {"--sigma-w2-range", "1,2", "--columns", "4", "--sigma-b2-range", "0.1,0.2", "--rows", "3", "--activation", "erf",
                    "--init", "orthogonal", "--probe-sigma-w2", "2.5", "--probe-sigma-b2", "0", "--input-cosine", "-0.25", "--pairs", "3", "--probe-depth", "2"});
            case "gradients" -> out.add(new String[] {"--sigma-w2", "2,critical,0.5", "--sigma-b2", "0.1", "--activation", "erf", "--width", "9"});
            case "xor" -> out.add(new String[] {"--optimizer", "sgd", "--learning-rate", "0.25", "--widths", "3", "--depths", "7,2"});
            case "train" -> {
                out.replaceAll(a -> concat(d, a));
                out.add(concat(d, "--learning-rates", "1e-3:1e-1:3", "--sigma-b2", "0.02", "--train-images", "30", "--test-images", "0",
                        "--probe-images", "10", "--batch", "10"));
            }
            case "grid" -> {
                out.replaceAll(a -> concat(d, a));
                out.add(concat(d, "--optimizers", "adam,sgd", "--lr-adam", "10^-3.5:10^-2.5:3", "--activations", "relu", "--epochs", "3",
                        "--train-images", "30", "--probe-images", "10", "--batch", "10"));
            }
            default -> throw new AssertionError("no command lines for " + command);
        }
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(Arrays.asList(a));
        out.addAll(Arrays.asList(b));
        return out.toArray(String[]::new);
    }

    /** The arguments of a re-run command line, without {@code ./vnlab COMMAND}. */
    private static String[] arguments(String rerun, String command) {
        String prefix = "./vnlab " + command + " ";
        assertThat(rerun).startsWith(prefix);
        return rerun.substring(prefix.length()).split(" ");
    }

    @Test
    void theRerunCommandGivesBackTheConfiguration() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 40, 10);
        for (ExperimentKind<?> kind : Experiments.KINDS) {
            for (String[] line : lines(kind.command(), data)) {
                SweepExperiment<?, ?> e = (SweepExperiment<?, ?>) SweepCommands.experiment(kind.command(), line);
                Experiment<?> again = SweepCommands.experiment(kind.command(), arguments(e.rerun(), kind.command()));
                assertThat(Json.write(again.config())).as("%s %s", kind.command(), String.join(" ", line)).isEqualTo(Json.write(e.config()));
            }
        }
    }

    @Test
    void theConfigurationIsReadBackFieldForField() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 40, 10);
        for (ExperimentKind<?> kind : Experiments.KINDS) {
            for (String[] line : lines(kind.command(), data)) {
                Map<String, Object> config = SweepCommands.experiment(kind.command(), line).config();
                @SuppressWarnings("unchecked")
                Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(config));
                assertThat(Json.write(kind.fromConfig(json).config())).as(kind.command()).isEqualTo(Json.write(config));
            }
        }
    }

    @Test
    void optionNamesAreDistinctAndEverySettingHasOne() {
        for (ExperimentKind<?> kind : Experiments.KINDS) {
            Set<String> names = new HashSet<>();
            for (Option o : SweepCommands.command(kind.command()).options()) assertThat(names.add(o.name())).as("%s --%s", kind.command(), o.name()).isTrue();
            assertThat(names).as(kind.command()).contains("seed", "out", "threads", "preset", "shard");
        }
    }

    @Test
    void everyKindIsRunByTheCommandOfItsNameAndTheDemoByDepth() {
        for (ExperimentKind<?> kind : Experiments.KINDS) {
            assertThat(((SweepCommand) SweepCommands.command(kind.command())).kind()).as(kind.command()).isSameAs(kind);
        }
        assertThat(((SweepCommand) SweepCommands.command("demo")).kind()).isSameAs(dev.vnlab.experiment.DepthExperiment.KIND);
    }
}
