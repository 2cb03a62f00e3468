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
import java.util.function.Supplier;

/**
 * A command that runs an experiment as a resumable, shardable sweep: its options are the sweep's
 * own and those its settings schema declares; the settings parsed from them make the experiment.
 * The experiment's kind is looked up only when the command runs or describes its options: building
 * every experiment's settings schema up front cost each command (and the launcher's heap plan)
 * about 0.25 s of class loading before it did anything.
 */
final class SweepCommand implements Command {
    private final String name, summary;
    private final Supplier<ExperimentKind<?>> lookup;
    private ExperimentKind<?> kind;

    /**
     * A command writing to out/NAME by default.
     *
     * @param name the command's name: the kind's own ({@link ExperimentKind#command()}), or another (the demo)
     * @param kind the experiment's kind, asked for once, when first needed
     */
    SweepCommand(String name, Supplier<ExperimentKind<?>> kind, String summary) {
        this.name = name;
        this.summary = summary;
        this.lookup = kind;
    }

    /** The experiment's kind (its settings schema is built on the first call). */
    ExperimentKind<?> kind() {
        if (kind == null) kind = lookup.get();
        return kind;
    }

    @Override public String name() { return name; }

    @Override public String summary() { return summary; }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(CommonOptions.sweep("out/" + name));
        o.addAll(kind().schema().options());
        return o;
    }

    /** The experiment the options describe. */
    Experiment<?> experiment(ParsedArgs args) {
        return kind().parse(args);
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
