package dev.vnlab.experiment;

import dev.vnlab.report.OutputDir;
import dev.vnlab.sweep.Experiment;
import dev.vnlab.sweep.Sweep;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every sweep experiment has: its kind (the command and the settings' schema), its settings,
 * and its cells in a fixed order, each with a stable key. A subclass says what a cell computes and
 * how the records are rendered.
 *
 * @param <S> the settings record
 * @param <P> the parameters of a cell
 */
public abstract class SweepExperiment<S, P> implements Experiment<P> {
    private final ExperimentKind<S> kind;
    /** The settings, checked by their record. */
    protected final S settings;
    private final List<P> cells;
    private final Sweep<P> sweep;

    /**
     * @param cells the cells, in sweep order
     * @param key a cell's stable key, e.g. {@code width=200,net=3}
     */
    protected SweepExperiment(ExperimentKind<S> kind, S settings, List<P> cells, Function<P, String> key) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cells = List.copyOf(cells);
        this.sweep = Sweep.of(this.cells, key);
    }

    /** The settings. */
    public final S settings() {
        return settings;
    }

    /** The cells, in sweep order. */
    public final List<P> cells() {
        return cells;
    }

    @Override public final String command() {
        return kind.command();
    }

    @Override public final Map<String, Object> config() {
        return kind.schema().config(settings);
    }

    @Override public final Sweep<P> sweep() {
        return sweep;
    }

    /** The shell command that runs these settings again. */
    public final String rerun() {
        return kind.rerun(settings);
    }

    /**
     * Writes every output from the cells' records: the rendering's ({@link #render}), then
     * summary.json (the main table's rows as its results) and report.md with the re-run command.
     *
     * @return what the command prints
     */
    @Override public final String finish(String version, List<Map<String, Object>> records, OutputDir out) throws IOException {
        return render(records, out).finish(command(), version, config(), rerun(), out);
    }

    /**
     * Writes the experiment's CSV tables, figures and report.md from every cell's record (in any
     * order; as {@code run} returns them or as read back from JSON).
     *
     * @return the report, the main table (the results of summary.json) and what the command prints
     * @throws IllegalArgumentException if a cell's record is missing or malformed
     */
    public abstract Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException;
}
