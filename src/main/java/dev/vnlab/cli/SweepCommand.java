package dev.vnlab.cli;

import dev.vnlab.experiment.UsesDataSet;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.Schema;
import dev.vnlab.sweep.Experiment;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A command that runs an experiment as a resumable, shardable sweep: its options are the sweep's
 * own and those its settings schema declares; the settings parsed from them make the experiment.
 *
 * @param <S> the experiment's settings record
 */
final class SweepCommand<S> implements Command {
    private final String name, summary, defaultOut;
    private final Schema<S> schema;
    private final Function<S, Experiment<?>> experiment;

    /**
     * @param defaultOut the output directory without --out
     * @param experiment the experiment of the parsed settings
     */
    SweepCommand(String name, String summary, String defaultOut, Schema<S> schema, Function<S, Experiment<?>> experiment) {
        this.name = name;
        this.summary = summary;
        this.defaultOut = defaultOut;
        this.schema = schema;
        this.experiment = experiment;
    }

    @Override public String name() { return name; }

    @Override public String summary() { return summary; }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep(defaultOut));
        o.addAll(schema.options());
        return o;
    }

    /** The experiment the options describe. */
    Experiment<?> experiment(ParsedArgs args) {
        return experiment.apply(schema.parse(args));
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        Experiment<?> e = experiment(args);
        if (e instanceof UsesDataSet d && d.dataDirectory() != null && !args.flag("dry-run")) DataOptions.load(d.dataDirectory(), d::loadData);
        return Sweeps.run(e, args, out, err);
    }
}
