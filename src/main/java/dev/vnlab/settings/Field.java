package dev.vnlab.settings;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A setting and the record component that holds it: one option, one JSON field. A value that is
 * not set (null, NaN) is left out of the re-run command.
 *
 * @param setting the setting
 * @param get the record's accessor
 */
public record Field<S, T>(Setting<T> setting, Function<S, T> get) implements Part<S> {
    @Override public List<Option> options(S quick, S paper) {
        return List.of(setting.option(get.apply(quick), get.apply(paper)));
    }

    @Override public void parse(Arguments args, S preset, Values into) {
        into.put(setting, args.given(setting.optionName()) ? setting.parse(args.string(setting.optionName())) : get.apply(preset));
    }

    @Override public void read(Map<String, Object> config, Values into) {
        into.put(setting, setting.read(config));
    }

    @Override public void write(S settings, Map<String, Object> config) {
        setting.write(get.apply(settings), config);
    }

    @Override public void rerun(S settings, RerunCommand command) {
        String text = setting.text(get.apply(settings));
        if (text != null) command.option(setting.optionName(), text);
    }
}
