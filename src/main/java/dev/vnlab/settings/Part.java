package dev.vnlab.settings;

import java.util.List;
import java.util.Map;

/**
 * One entry of a {@link Schema}: a setting bound to its record component ({@link Field}), or a
 * group of settings read together (a network's model, where {@code --critical} and
 * {@code --q-star} choose the scales; synthetic inputs or a data set).
 *
 * @param <S> the settings record
 */
public interface Part<S> {
    /** Its command-line options, their defaults from the quick and paper presets. */
    List<Option> options(S quick, S paper);

    /** Gathers its values from a command line; what is not given comes from {@code preset}. */
    void parse(Arguments args, S preset, Values into);

    /** Gathers its values from a JSON configuration. */
    void read(Map<String, Object> config, Values into);

    /** Writes its JSON fields. */
    void write(S settings, Map<String, Object> config);

    /** Appends its options, as the command line that gives these settings again. */
    void rerun(S settings, RerunCommand command);
}
