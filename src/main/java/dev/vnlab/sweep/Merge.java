package dev.vnlab.sweep;

import dev.vnlab.report.OutputDir;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the results files of a sweep's shards (their --out directories, or the files
 * themselves) into the files a single-machine run writes: cells.jsonl with every cell in sweep
 * order, and the experiment's summary.json, CSVs, plots and report.md, made by the same code
 * from the same records.
 */
public final class Merge {
    private Merge() {}

    /**
     * Merges {@code sources} into {@code outDir} (created if missing), rebuilding their experiment with {@code catalog}; returns what to print.
     *
     * @throws IllegalArgumentException if a source is missing or holds no results, the files
     *         disagree on the command, version or a configuration field (named), or cells are missing
     * @throws IOException if a file cannot be read or written, or is damaged
     */
    public static String run(List<Path> sources, Path outDir, ExperimentCatalog catalog) throws IOException {
        List<ResultsFile> files = new ArrayList<>();
        for (Path p : sources) {
            if (Files.isDirectory(p)) {
                List<ResultsFile> in = ResultsFile.readAll(p);
                if (in.isEmpty()) {
                    throw new IllegalArgumentException(p + " holds no results files (cells.jsonl or cells-shard-I-of-N.jsonl); expected the --out directory of a sweep");
                }
                files.addAll(in);
            } else if (Files.isRegularFile(p)) {
                files.add(ResultsFile.read(p));
            } else {
                throw new IllegalArgumentException("merge source " + p + " does not exist; expected a sweep's --out directory or one of its cells*.jsonl files");
            }
        }
        files.removeIf(f -> f.header() == null || f.entries().isEmpty()); // no cells: nothing to merge from them
        ResultsFile first = files.stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the results files given are empty; expected at least one finished cell"));
        Header reference = first.header();
        for (ResultsFile f : files) {
            Header.Difference d = reference.difference(f.header());
            if (d != null) {
                throw new IllegalArgumentException(first.path() + " and " + f.path() + " are not shards of one sweep: " + d.field() + " is " + d.mine()
                        + " in the first and " + d.theirs() + " in the second; expected every shard run with the same options");
            }
        }
        Experiment<?> experiment = catalog.fromConfig(reference.command(), reference.config());
        Header merged = new Header(reference.command(), reference.version(), Shard.WHOLE.toString(), reference.config());
        Recorded records = new Recorded(files, merged, experiment.sweep(), "in the first file; expected shards of one sweep");
        List<String> missing = records.missing(experiment.sweep());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " of the sweep's " + experiment.sweep().size() + " cells are missing (" + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                    + (missing.size() > 3 ? ", ..." : "") + "); expected the results of every shard: run the missing shards (their cells resume where they stopped) and merge again");
        }
        OutputDir out = OutputDir.create(outDir);
        try (SweepLocks locks = SweepLocks.open(out.path())) {
            FileLock whole = locks.tryResultsFile(Shard.WHOLE); // cells.jsonl is replaced: no run may be appending to it
            if (whole == null) {
                throw new IllegalArgumentException("a run is appending to " + out.path().resolve(ResultsFile.fileName(Shard.WHOLE))
                        + "; expected it to finish, or another --out for the merge");
            }
            try {
                writeCells(merged, records.entries(experiment.sweep()), out);
                return SweepRunner.writeOutputs(experiment, reference.version(), records, out)
                        + "merged " + experiment.sweep().size() + " cells from " + files.size() + " results file" + (files.size() == 1 ? "" : "s") + " into " + out.path() + "\n";
            } finally {
                whole.release();
            }
        }
    }

    /** The merged cells.jsonl, written atomically: what a single run's own file holds. */
    private static void writeCells(Header header, List<ResultsFile.Entry> entries, OutputDir out) throws IOException {
        out.write(ResultsFile.fileName(Shard.WHOLE), stream -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            w.write(header.toJsonLine());
            w.write('\n');
            for (ResultsFile.Entry e : entries) {
                w.write(e.toJsonLine());
                w.write('\n');
            }
            w.flush();
        });
    }
}
