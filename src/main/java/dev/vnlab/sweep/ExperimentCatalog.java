package dev.vnlab.sweep;

import java.util.Map;

/**
 * The experiments a program can rebuild from what a results file records: its command and
 * configuration. {@link Merge} needs one to write the outputs of merged shards; the engine
 * itself knows no experiment.
 */
@FunctionalInterface
public interface ExperimentCatalog {
    /**
     * The experiment of {@code command} with configuration {@code config} (its JSON form, as
     * {@link Experiment#config()} wrote it).
     *
     * @throws IllegalArgumentException if no experiment of that command exists, or a field is missing or malformed
     */
    Experiment<?> fromConfig(String command, Map<String, Object> config);
}
