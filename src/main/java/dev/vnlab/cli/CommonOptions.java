package dev.vnlab.cli;

import dev.vnlab.settings.Option;
import java.util.List;

/** The options computing commands share, and those of sweeps. */
final class CommonOptions {
    private CommonOptions() {}

    static final Option QUIET = Option.flag("quiet", "no progress on stderr");
    static final Option PRESET = Option.value("preset", "NAME", "quick",
            "quick (minutes on a 2-core laptop) or paper (the paper's settings; the expected run time is printed first)");
    static final Option SHARD = Option.value("shard", "I/N", null,
            "run every N-th cell from cell I (0-based: 0/N to N-1/N); default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, else all cells");
    static final Option SHARD_COUNT = Option.value("shard-count", "N", null,
            "the number of shards, with JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID");
    static final Option DRY_RUN = Option.flag("dry-run", "list the cells (this shard's, done or to run) and the work, compute nothing");

    /** {@code --out DIR} with a command's own default. */
    static Option out(String defaultDir) {
        return Option.value("out", "DIR", defaultDir, "output directory: summary.json, CSV tables, SVG/PNG plots, report.md, cells*.jsonl");
    }

    /** The options every sweep command takes besides its settings: --out, --threads, --quiet, --preset, --shard, --shard-count, --dry-run. */
    static List<Option> sweep(String defaultOut) {
        return List.of(out(defaultOut), Main.THREADS, QUIET, PRESET, SHARD, SHARD_COUNT, DRY_RUN);
    }
}
