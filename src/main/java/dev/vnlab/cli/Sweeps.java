package dev.vnlab.cli;

import dev.vnlab.sweep.Experiment;
import dev.vnlab.sweep.Progress;
import dev.vnlab.sweep.Shard;
import dev.vnlab.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintStream;

/** Runs a sweep experiment from a command's parsed options: the one path every sweep command (depth, demo, ...) takes. */
final class Sweeps {
    private Sweeps() {}

    /** The shard from --shard, --shard-count and the environment. */
    static Shard shard(ParsedArgs args) {
        Integer count = args.has("shard-count") ? args.integer("shard-count", 1, Integer.MAX_VALUE) : null;
        return Shard.resolve(args.string("shard"), count, args.env());
    }

    /** Progress on stderr unless --quiet: a bar on a terminal, plain lines otherwise. */
    static Progress progress(ParsedArgs args, String label, PrintStream err) {
        return args.flag("quiet") ? Progress.silent() : Progress.on(err, System.console() != null, label);
    }

    /** Runs the shard of {@code experiment} that the options select into --out; returns the exit code. */
    static int run(Experiment<?> experiment, ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        SweepRunner.Settings settings = new SweepRunner.Settings(args.path("out"), shard(args), args.flag("dry-run"),
                Main.threads(args), Main.version(), progress(args, args.command(), err));
        SweepRunner.run(experiment, settings, out);
        return 0;
    }
}
