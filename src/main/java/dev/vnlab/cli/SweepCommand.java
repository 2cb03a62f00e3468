package dev.vnlab.cli;

import dev.vnlab.experiment.ExperimentKind;
import dev.vnlab.experiment.UsesDataSet;
import dev.vnlab.settings.Option;
import dev.vnlab.sweep.Experiment;
import dev.vnlab.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A command that runs an experiment as a resumable, shardable sweep: its options are the sweep's
 * own and those its settings schema declares; the settings parsed from them make the experiment.
 */
final class SweepCommand implements Command {
    private final String name, summary;
    private final ExperimentKind<?> kind;

    /** The command named after the experiment, writing to out/NAME by default. */
    SweepCommand(ExperimentKind<?> kind, String summary) {
        this(kind.command(), kind, summary);
    }

    /** The experiment under another name (the demo), writing to out/NAME by default. */
    SweepCommand(String name, ExperimentKind<?> kind, String summary) {
        this.name = name;
        this.summary = summary;
        this.kind = kind;
    }

    @Override public String name() { return name; }

    @Override public String summary() { return summary; }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/" + name));
        o.addAll(kind.schema().options());
        return o;
    }

    /** The experiment the options describe. */
    Experiment<?> experiment(ParsedArgs args) {
        return kind.parse(args);
    }

    /** The heap (MiB) to start this command's run with: {@link SweepRunner#plannedHeapMib} on its --threads. */
    long plannedHeapMib(ParsedArgs args) {
        return SweepRunner.plannedHeapMib(experiment(args), Main.threads(args));
    }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) throws IOException {
        Experiment<?> e = experiment(args);
        if (e instanceof UsesDataSet d && d.dataDirectory() != null && !args.flag("dry-run")) DataOptions.load(d.dataOption(), d.dataDirectory(), d::loadData);
        return Sweeps.run(e, args, out, err);
    }
}
