package dev.vnlab.experiment;

import dev.vnlab.settings.Arguments;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.Part;
import dev.vnlab.settings.RerunCommand;
import dev.vnlab.settings.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the inputs come from, as a group of settings: synthetic i.i.d. Gaussian points of
 * variance {@code input_variance}, or the training images of the {@code data} directory (its
 * variance then NaN, written as null and left out of the re-run command). On the command line
 * {@code --data} must be a directory and refuses {@code --input-variance}.
 *
 * @param <S> the settings record
 */
final class SyntheticOrImages<S> implements Part<S> {
    private final Field<S, Path> data;
    private final Field<S, Double> variance;

    SyntheticOrImages(Function<S, Path> data, Function<S, Double> variance) {
        this.data = new Field<>(SharedSettings.DATA, data);
        this.variance = new Field<>(SharedSettings.INPUT_VARIANCE, variance);
    }

    @Override public List<Option> options(S quick, S paper) {
        List<Option> o = new ArrayList<>(data.options(quick, paper));
        o.addAll(variance.options(quick, paper));
        return o;
    }

    @Override public void parse(Arguments a, S preset, Values into) {
        if (!a.given(SharedSettings.DATA.optionName())) {
            data.parse(a, preset, into);
            variance.parse(a, preset, into);
            return;
        }
        Path dir = SharedSettings.DATA.parse(a.string(SharedSettings.DATA.optionName()));
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(SharedSettings.DATA.flag() + " " + dir + " is not a directory; " + dev.vnlab.data.Mnist.INSTALL_HINT);
        if (a.given(SharedSettings.INPUT_VARIANCE.optionName())) {
            throw new IllegalArgumentException(SharedSettings.INPUT_VARIANCE.flag() + " applies to synthetic inputs; drop it or " + SharedSettings.DATA.flag() + " " + dir);
        }
        into.put(SharedSettings.DATA, dir);
        into.put(SharedSettings.INPUT_VARIANCE, Double.NaN);
    }

    /** True when the command line asks for images: a paper preset's own numbers may differ for them. */
    static boolean images(Arguments a) {
        return a.given(SharedSettings.DATA.optionName());
    }

    @Override public void read(Map<String, Object> config, Values into) {
        data.read(config, into);
        variance.read(config, into);
    }

    @Override public void write(S settings, Map<String, Object> config) {
        data.write(settings, config);
        variance.write(settings, config);
    }

    @Override public void rerun(S settings, RerunCommand command) {
        data.rerun(settings, command);
        variance.rerun(settings, command);
    }
}
