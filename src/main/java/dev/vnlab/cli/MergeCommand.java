package dev.vnlab.cli;

import dev.vnlab.experiment.Experiments;
import dev.vnlab.settings.Option;
import dev.vnlab.sweep.Merge;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./vnlab merge --out DIR [SOURCE ...]}: joins the shards of a sweep into the files a single run writes. */
final class MergeCommand implements Command {
    @Override public String name() { return "merge"; }

    @Override public String summary() {
        return "join sweep shards: ./vnlab merge --out DIR [SHARD_DIR or cells*.jsonl ...] (default source: DIR itself)";
    }

    @Override public boolean takesArguments() { return true; }

    @Override public List<Option> options() {
        return List.of(Option.value("out", "DIR", null, "where the merged summary.json, CSVs, plots, report.md and cells.jsonl go (required)"));
    }

    @Override public int run(ParsedArgs a, PrintStream out, PrintStream err) throws IOException {
        if (!a.has("out")) throw new UsageException("--out DIR is required; expected ./vnlab merge --out DIR [SHARD_DIR or cells*.jsonl ...]");
        Path dir = a.path("out");
        List<Path> sources = new ArrayList<>();
        for (String p : a.positional()) sources.add(Path.of(p));
        if (sources.isEmpty()) sources.add(dir);
        out.print(Merge.run(sources, dir, Experiments::fromConfig));
        return 0;
    }
}
