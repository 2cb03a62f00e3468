package dev.vnlab.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of an experiment, in the order of its JSON configuration: the single source of its
 * command-line options and help, their parsing, the configuration written to summary.json and the
 * results files and read back from them, and the command that re-runs it. Range checks are the
 * settings record's, which builds through {@link Setting#check}. Immutable.
 *
 * @param <S> the settings record
 */
public final class Schema<S> {
    private final List<Part<S>> parts;
    private final Function<Values, S> build;
    private final Function<Arguments, S> quick, paper;

    private Schema(List<Part<S>> parts, Function<Values, S> build, Function<Arguments, S> quick, Function<Arguments, S> paper) {
        this.parts = List.copyOf(parts);
        this.build = build;
        this.quick = quick;
        this.paper = paper;
    }

    /**
     * A schema whose presets do not depend on the command line.
     *
     * @param build the settings record from the gathered values (its constructor checks them)
     */
    public static <S> Schema<S> of(List<Part<S>> parts, Function<Values, S> build, S quick, S paper) {
        return new Schema<>(parts, build, a -> quick, a -> paper);
    }

    /** A schema whose presets depend on what else the command line gives (a data set, say). */
    public static <S> Schema<S> withPresetsFrom(List<Part<S>> parts, Function<Values, S> build, Function<Arguments, S> quick, Function<Arguments, S> paper) {
        return new Schema<>(parts, build, quick, paper);
    }

    /** The command-line options, with the quick and paper presets' defaults. */
    public List<Option> options() {
        S q = quick.apply(Arguments.NONE), p = paper.apply(Arguments.NONE);
        List<Option> out = new ArrayList<>();
        for (Part<S> part : parts) out.addAll(part.options(q, p));
        return out;
    }

    /**
     * The settings a command line gives: each option given, the others from the preset it chose.
     *
     * @throws IllegalArgumentException naming the option whose value is malformed or out of range
     */
    public S parse(Arguments args) {
        S preset = args.paper() ? paper.apply(args) : quick.apply(args);
        Values v = new Values();
        for (Part<S> part : parts) part.parse(args, preset, v);
        return build.apply(v);
    }

    /**
     * The settings a configuration's JSON form describes.
     *
     * @throws IllegalArgumentException naming a missing or malformed field, or the option of a value out of range
     */
    public S read(Map<String, Object> config) {
        Values v = new Values();
        for (Part<S> part : parts) part.read(config, v);
        return build.apply(v);
    }

    /** The configuration, JSON-ready, its fields in declaration order. */
    public Map<String, Object> config(S settings) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (Part<S> part : parts) part.write(settings, c);
        return c;
    }

    /** The shell command that runs {@code command} with these settings: {@code ./vnlab command --option value ...}. */
    public String rerun(String command, S settings) {
        RerunCommand c = RerunCommand.of(command);
        for (Part<S> part : parts) part.rerun(settings, c);
        return c.toString();
    }
}
