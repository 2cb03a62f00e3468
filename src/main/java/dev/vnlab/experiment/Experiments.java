package dev.vnlab.experiment;

import dev.vnlab.sweep.Merge;
import dev.vnlab.sweep.Experiment;
import java.util.List;
import java.util.Map;

/** The sweep experiments by command name, rebuilt from the configuration a results file records (for {@link Merge}). */
public final class Experiments {
    /** The commands whose results files can be merged. */
    public static final List<String> COMMANDS = List.of(DepthExperiment.COMMAND, HeatmapExperiment.COMMAND, TrainingVni.COMMAND,
            GradientScales.COMMAND, TrainingGrid.COMMAND, XorExperiment.COMMAND, SpectrumExperiment.COMMAND);

    private Experiments() {}

    /**
     * The experiment of {@code command} with configuration {@code config} (its JSON form).
     *
     * @throws IllegalArgumentException if the command runs no sweep, or a field is missing or malformed
     */
    public static Experiment<?> fromConfig(String command, Map<String, Object> config) {
        return switch (command) {
            case DepthExperiment.COMMAND -> DepthExperiment.fromConfig(config);
            case HeatmapExperiment.COMMAND -> HeatmapExperiment.fromConfig(config);
            case GradientScales.COMMAND -> GradientScales.fromConfig(config);
            case SpectrumExperiment.COMMAND -> SpectrumExperiment.fromConfig(config);
            case TrainingVni.COMMAND -> TrainingVni.fromConfig(config);
            case TrainingGrid.COMMAND -> TrainingGrid.fromConfig(config);
            case XorExperiment.COMMAND -> XorExperiment.fromConfig(config);
            default -> throw new IllegalArgumentException("results of command '" + command + "' cannot be merged; expected one of " + String.join(", ", COMMANDS));
        };
    }
}
