package dev.vnlab.cli;

import dev.vnlab.settings.Option;
import java.io.PrintStream;
import java.util.List;

/** One {@code ./vnlab COMMAND}: its name, one-line summary, options and behaviour. */
public interface Command {
    String name();

    String summary();

    /** Options besides {@code --help}. */
    List<Option> options();

    /** True if the command takes arguments besides its options (file names, say); others refuse them. */
    default boolean takesArguments() { return false; }

    /** Runs the command; returns the process exit code. Throws {@link UsageException} for user mistakes. */
    int run(ParsedArgs args, PrintStream out, PrintStream err) throws Exception;
}
