package dev.vnlab.experiment;

import dev.vnlab.sweep.Experiment;
import dev.vnlab.sweep.Merge;
import java.util.List;
import java.util.Map;

/** The sweep experiments by command name, rebuilt from the configuration a results file records (for {@link Merge}). */
public final class Experiments {
    /** The sweep experiments, in the order the CLI lists them. */
    public static final List<ExperimentKind<?>> KINDS = List.of(DepthExperiment.KIND, HeatmapExperiment.KIND, TrainingVni.KIND, GradientScales.KIND,
            TrainingGrid.KIND, XorExperiment.KIND, SpectrumExperiment.KIND, PhaseExperiment.KIND);
    /** The commands whose results files can be merged. */
    public static final List<String> COMMANDS = KINDS.stream().map(ExperimentKind::command).toList();

    private Experiments() {}

    /**
     * The experiment of {@code command} with configuration {@code config} (its JSON form).
     *
     * @throws IllegalArgumentException if the command runs no sweep, or a field is missing or malformed
     */
    public static Experiment<?> fromConfig(String command, Map<String, Object> config) {
        for (ExperimentKind<?> k : KINDS) if (k.command().equals(command)) return k.fromConfig(config);
        throw new IllegalArgumentException("results of command '" + command + "' cannot be merged; expected one of " + String.join(", ", COMMANDS));
    }
}
