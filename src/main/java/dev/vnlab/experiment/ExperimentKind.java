package dev.vnlab.experiment;

import dev.vnlab.settings.Arguments;
import dev.vnlab.settings.Schema;
import dev.vnlab.sweep.Experiment;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of sweep experiment: the command that runs it, the schema of its settings, and how its
 * settings make one. From these a command line makes an experiment, and so does the configuration
 * a results file records (for resume and merge).
 *
 * @param command the command name, e.g. "depth"
 * @param schema its settings
 * @param make the experiment of some settings
 * @param <S> the settings record
 */
public record ExperimentKind<S>(String command, Schema<S> schema, Function<S, ? extends Experiment<?>> make) {
    /**
     * The experiment a command line describes.
     *
     * @throws IllegalArgumentException naming the option whose value is malformed or out of range
     */
    public Experiment<?> parse(Arguments args) {
        return make.apply(schema.parse(args));
    }

    /**
     * The experiment a configuration's JSON form describes.
     *
     * @throws IllegalArgumentException naming a missing or malformed field, or the option of a value out of range
     */
    public Experiment<?> fromConfig(Map<String, Object> config) {
        return make.apply(schema.read(config));
    }

    /** The shell command that runs these settings again. */
    public String rerun(S settings) {
        return schema.rerun(command, settings);
    }
}
