package dev.vnlab.cli;

import dev.vnlab.sweep.Experiment;

/** The sweep commands as {@link Main} runs them, and the experiments their options describe. */
final class SweepCommands {
    private SweepCommands() {}

    /** The command of this name. */
    static Command command(String name) {
        Command c = Main.command(name);
        if (c == null) throw new IllegalArgumentException("no command " + name);
        return c;
    }

    /** The experiment {@code ./vnlab command args} would run. */
    static Experiment<?> experiment(String command, String... args) {
        return experiment(ParsedArgs.parse(command, command(command).options(), args));
    }

    /** The experiment of parsed options. */
    static Experiment<?> experiment(ParsedArgs args) {
        return ((SweepCommand) command(args.command())).experiment(args);
    }
}
