package dev.vnlab.settings;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shell command that re-runs an experiment, for its report: {@code ./vnlab COMMAND} and its
 * options, each value written as the CLI reads it back (numbers exactly, lists comma-separated,
 * enum constants by {@link Names}). Built on one thread.
 */
public final class RerunCommand {
    private final StringBuilder text;

    private RerunCommand(String command) {
        this.text = new StringBuilder("./vnlab ").append(command);
    }

    /** {@code ./vnlab command}, no options yet. */
    public static RerunCommand of(String command) {
        return new RerunCommand(command);
    }

    /**
     * Appends {@code --name value}: an int[], double[] or list comma-separated, an enum by its
     * name, anything else as its text.
     */
    public RerunCommand option(String name, Object value) {
        String v = switch (value) {
            case int[] a -> Arrays.stream(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
            case double[] a -> Arrays.stream(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
            case java.util.List<?> l -> l.stream().map(RerunCommand::text).collect(Collectors.joining(","));
            default -> text(value);
        };
        text.append(" --").append(name).append(' ').append(v);
        return this;
    }

    private static String text(Object value) {
        return value instanceof Enum<?> e ? Names.of(e) : String.valueOf(value);
    }

    /** Appends the flag {@code --name}. */
    public RerunCommand flag(String name) {
        text.append(" --").append(name);
        return this;
    }

    @Override public String toString() {
        return text.toString();
    }
}
