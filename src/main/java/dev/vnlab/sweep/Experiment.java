package dev.vnlab.sweep;

import dev.vnlab.linalg.Blas;
import dev.vnlab.report.OutputDir;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An experiment run as a sweep: its configuration, its cells, what one cell computes, and the
 * outputs made from the records of all cells. {@link SweepRunner} runs it (sharded, resumable);
 * {@link Merge} joins shard outputs; both hand the records, as read back from the results
 * files, to the same {@link #finish}, so a single run and a merged one write the same files.
 *
 * @param <P> the parameters of a cell
 */
public interface Experiment<P> {
    /** The command that runs it, which also names it in summary.json and the results files, e.g. "depth". */
    String command();

    /**
     * Everything that determines the results, JSON-ready (strings, numbers, booleans, null,
     * lists, maps), in a fixed order: written to summary.json and to every results file, and
     * compared field by field when a run resumes or shards are merged. an {@link ExperimentCatalog}
     * rebuilds the same experiment from it.
     */
    Map<String, Object> config();

    /** The fixed, ordered cells. */
    Sweep<P> sweep();

    /** The floating-point operations the cell of these parameters takes (an estimate), for progress and expected run times. */
    double flops(P params);

    /**
     * The heap the cell of these parameters takes at its peak, in bytes (an estimate from the
     * shapes it allocates), beside what the experiment holds for every cell
     * (a loaded data set): the sweep runs no more cells at once than the heap holds, and refuses
     * to start a cell that does not fit.
     */
    long memory(P params);

    /**
     * True when the cell of these parameters is bound by streaming memory it holds (a network of
     * gigabytes read at every step): the sweep then runs cells one at a time on all its threads,
     * since two at once would share the memory's bandwidth, take no less time, and hold twice
     * the heap. False by default.
     */
    default boolean memoryBound(P params) {
        return false;
    }

    /**
     * The heap the experiment holds for every cell beside the cells' own ({@link #memory}), in
     * bytes: a loaded data set, say. 0 by default.
     */
    default long sharedMemory() {
        return 0;
    }

    /**
     * Runs the cell of these parameters on {@code blas}: its randomness comes from the
     * configuration's seed and the cell's key alone, so its numbers do not depend on the shard, the other cells or the
     * thread count. Called from several threads at once for different cells.
     *
     * @return the cell's record, JSON-ready (NaN is written as null and read back as null)
     */
    Map<String, Object> run(P params, Blas blas) throws IOException;

    /**
     * Writes summary.json, the CSVs, the plots and report.md into {@code out} from every cell's
     * record (in sweep order, as parsed from the results files: numbers as Long or Double,
     * lists as List, NaN as null).
     *
     * @param version the vnlab version that computed the records, for summary.json
     * @return what the command prints: the table(s)
     */
    String finish(String version, List<Map<String, Object>> records, OutputDir out) throws IOException;
}
