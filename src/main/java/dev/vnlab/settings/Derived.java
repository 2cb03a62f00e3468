package dev.vnlab.settings;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A value the configuration records but no option sets, because the other settings determine it
 * (the critical sigma_w^2 of an activation): written to the JSON configuration, so that readers
 * of summary.json see it, and never read back or put on the command line.
 *
 * @param setting how it is written
 * @param get the value of a settings record
 */
public record Derived<S, T>(Setting<T> setting, Function<S, T> get) implements Part<S> {
    @Override public List<Option> options(S quick, S paper) { return List.of(); }

    @Override public void parse(Arguments args, S preset, Values into) {}

    @Override public void read(Map<String, Object> config, Values into) {}

    @Override public void write(S settings, Map<String, Object> config) {
        setting.write(get.apply(settings), config);
    }

    @Override public void rerun(S settings, RerunCommand command) {}
}
