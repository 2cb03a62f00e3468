package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.Experiments;
import dev.vnlab.experiment.GradientScales;
import dev.vnlab.experiment.HeatmapExperiment;
import dev.vnlab.experiment.SpectrumExperiment;
import dev.vnlab.report.Json;
import dev.vnlab.settings.Option;
import dev.vnlab.sweep.Experiment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heatmap, gradients and spectrum: the options' defaults are the experiments' presets, every
 * configuration comes back from its JSON form unchanged (what merge relies on), and the help
 * names every option.
 */
class FigureCommandsConfigTest {
    @TempDir Path tmp;

    private record Figure(Command command, Function<ParsedArgs, Experiment<?>> experiment, Experiment<?> quick, Experiment<?> paper, String[] other) {}

    private List<Figure> figures() {
        return List.of(
                new Figure(SweepCommands.command("heatmap"), SweepCommands::experiment,
                        new HeatmapExperiment(HeatmapExperiment.Settings.quick()), new HeatmapExperiment(HeatmapExperiment.Settings.paper()),
                        concat(HeatmapCommandTest.TINY, "--data", tmp.toString(), "--activation", "tanh", "--seed", "-3")),
                new Figure(SweepCommands.command("gradients"), SweepCommands::experiment,
                        new GradientScales(GradientScales.Settings.quick()), new GradientScales(GradientScales.Settings.paper()),
                        concat(GradientsCommandTest.TINY, "--sigma-w2", "1.5,0.25,critical", "--sigma-b2", "0.05", "--init", "orthogonal")),
                new Figure(SweepCommands.command("spectrum"), SweepCommands::experiment,
                        new SpectrumExperiment(SpectrumExperiment.Settings.quick()), new SpectrumExperiment(SpectrumExperiment.Settings.paper()),
                        concat(SpectrumCommandTest.TINY, "--sigma-w2", "1.3", "--input-variance", "0.7")));
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(Arrays.asList(a));
        out.addAll(Arrays.asList(b));
        return out.toArray(String[]::new);
    }

    private static Experiment<?> parsed(Figure f, String... args) {
        return f.experiment.apply(ParsedArgs.parse(f.command.name(), f.command.options(), args));
    }

    @SuppressWarnings("unchecked")
    private static String roundTripped(Experiment<?> e) {
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(e.config()));
        Experiment<?> back = Experiments.fromConfig(e.command(), json);
        assertThat(back.command()).isEqualTo(e.command());
        assertThat(back.sweep().size()).isEqualTo(e.sweep().size());
        return Json.write(back.config());
    }

    @Test
    void theDefaultsAreTheExperimentsPresets() {
        for (Figure f : figures()) {
            assertThat(Json.write(parsed(f).config())).as(f.command.name() + " quick").isEqualTo(Json.write(f.quick.config()));
            assertThat(Json.write(parsed(f, "--preset", "paper").config())).as(f.command.name() + " paper").isEqualTo(Json.write(f.paper.config()));
            assertThat(parsed(f).command()).isEqualTo(f.command.name());
        }
    }

    @Test
    void everyConfigurationRebuildsFromItsJsonForm() {
        for (Figure f : figures()) {
            for (Experiment<?> e : List.of(f.quick, f.paper, parsed(f, f.other))) {
                assertThat(roundTripped(e)).as(f.command.name()).isEqualTo(Json.write(e.config()));
            }
        }
    }

    @Test
    void helpDescribesEveryOptionWithItsPresets() {
        for (Figure f : figures()) {
            Cli help = Cli.run(f.command.name(), "--help");
            assertThat(help.exit()).isZero();
            for (Option o : f.command.options()) assertThat(help.out()).as(f.command.name()).contains("--" + o.name() + " ");
            assertThat(help.out()).contains("(default: out/" + f.command.name() + ")").contains("; paper: ");
        }
        String commands = Cli.run("help").out();
        assertThat(commands.indexOf("  depth ")).isLessThan(commands.indexOf("  heatmap ")).isPositive();
        assertThat(commands.indexOf("  heatmap ")).isLessThan(commands.indexOf("  gradients "));
        assertThat(commands.indexOf("  gradients ")).isLessThan(commands.indexOf("  spectrum "));
        assertThat(commands.indexOf("  spectrum ")).isLessThan(commands.indexOf("  theory "));
    }
}
