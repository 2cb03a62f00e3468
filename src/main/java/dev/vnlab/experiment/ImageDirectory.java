package dev.vnlab.experiment;

import dev.vnlab.data.Mnist;
import dev.vnlab.settings.Arguments;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.Part;
import dev.vnlab.settings.RerunCommand;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The data set a training experiment needs, as a setting: a directory of MNIST-style IDX files,
 * by default the presets' (Debian's Fashion-MNIST). On the command line it must be a directory,
 * given or not; a configuration read back is not checked (its results may be merged elsewhere).
 *
 * @param <S> the settings record
 */
final class ImageDirectory<S> implements Part<S> {
    static final Setting<Path> SETTING = SharedSettings.DATA.help("directory of MNIST-style IDX files (train and t10k images and labels, raw or .gz); the paper used MNIST");

    private final Field<S, Path> field;

    ImageDirectory(Function<S, Path> get) {
        this.field = new Field<>(SETTING, get);
    }

    @Override public List<Option> options(S quick, S paper) {
        return field.options(quick, paper);
    }

    @Override public void parse(Arguments a, S preset, Values into) {
        field.parse(a, preset, into);
        Path d = into.get(SETTING);
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException(SETTING.flag() + " " + d + (a.given(SETTING.optionName()) ? " is not a directory; " : " (the default) does not exist; ")
                    + Mnist.INSTALL_HINT);
        }
    }

    @Override public void read(Map<String, Object> config, Values into) {
        field.read(config, into);
    }

    @Override public void write(S settings, Map<String, Object> config) {
        field.write(settings, config);
    }

    @Override public void rerun(S settings, RerunCommand command) {
        field.rerun(settings, command);
    }
}
