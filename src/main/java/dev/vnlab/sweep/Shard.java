package dev.vnlab.sweep;

import java.util.Map;

/**
 * The part of a sweep one process runs: every {@code count}-th cell starting at cell
 * {@code index}, 0-based ({@code --shard index/count}, index in 0..count-1). Cell i belongs to
 * shard {@code i mod count}, so the shards of a sweep are disjoint, cover it, and each mixes
 * every configuration.
 *
 * @param index this shard, 0 to count - 1
 * @param count the number of shards, at least 1
 */
public record Shard(int index, int count) {
    /** The whole sweep as one shard. */
    public static final Shard WHOLE = new Shard(0, 1);

    /** Slurm's job-array variables, and the Kubernetes Indexed Job's completion index. */
    public static final String SLURM_TASK_ID = "SLURM_ARRAY_TASK_ID", SLURM_TASK_COUNT = "SLURM_ARRAY_TASK_COUNT",
            SLURM_TASK_MIN = "SLURM_ARRAY_TASK_MIN", SLURM_TASK_MAX = "SLURM_ARRAY_TASK_MAX", SLURM_TASK_STEP = "SLURM_ARRAY_TASK_STEP",
            K8S_INDEX = "JOB_COMPLETION_INDEX";

    /** @throws IllegalArgumentException unless count &gt;= 1 and 0 &lt;= index &lt; count */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " is invalid; expected i/n with n >= 1 and 0 <= i < n (0-based, e.g. 0/4 to 3/4)");
        }
    }

    /** True if cell number {@code cell} (its position in the sweep) is this shard's. */
    public boolean includes(int cell) {
        return cell % count == index;
    }

    /** True for the whole sweep (one shard). */
    public boolean isWhole() {
        return count == 1;
    }

    @Override public String toString() {
        return index + "/" + count;
    }

    /**
     * Parses {@code --shard} text "i/n" (0-based).
     *
     * @throws IllegalArgumentException naming the text and what is expected
     */
    public static Shard parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                int i = Integer.parseInt(t.substring(0, slash).trim()), n = Integer.parseInt(t.substring(slash + 1).trim());
                if (n >= 1 && i >= 0 && i < n) return new Shard(i, n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--shard '" + text + "' is invalid; expected i/n with n >= 1 and 0 <= i < n (0-based, e.g. 0/4 to 3/4)");
    }

    /**
     * The shard a process runs, from its options and environment, first match wins:
     * {@code --shard i/n} (with {@code --shard-count}, if given, equal to n); Kubernetes'
     * {@code JOB_COMPLETION_INDEX} with {@code --shard-count n}; Slurm's
     * {@code SLURM_ARRAY_TASK_ID} as the shard index, of {@code --shard-count} shards, or of
     * {@code SLURM_ARRAY_TASK_COUNT} for an array submitted whole as {@code 0-(N-1)};
     * otherwise the whole sweep.
     *
     * @param shardOption the {@code --shard} text, or null
     * @param shardCount the {@code --shard-count}, or null
     * @param env the environment (System.getenv(), or a map in tests)
     * @throws IllegalArgumentException naming the option or variable that is wrong
     */
    public static Shard resolve(String shardOption, Integer shardCount, Map<String, String> env) {
        if (shardCount != null && shardCount < 1) {
            throw new IllegalArgumentException("--shard-count " + shardCount + " is invalid; expected at least 1");
        }
        if (shardOption != null) {
            Shard s = parse(shardOption);
            if (shardCount != null && shardCount != s.count) {
                throw new IllegalArgumentException("--shard " + shardOption + " and --shard-count " + shardCount + " disagree; expected the same shard count, or just one of them");
            }
            return s;
        }
        String k8s = env.get(K8S_INDEX);
        if (k8s != null && !k8s.isBlank()) {
            if (shardCount == null) {
                throw new IllegalArgumentException(K8S_INDEX + "=" + k8s + " is set but --shard-count is not; expected --shard-count n, the Indexed Job's completions");
            }
            return within(integer(K8S_INDEX, k8s), shardCount, K8S_INDEX + "=" + k8s);
        }
        String slurm = env.get(SLURM_TASK_ID);
        if (slurm != null && !slurm.isBlank()) {
            int id = integer(SLURM_TASK_ID, slurm);
            Integer count = shardCount;
            if (count == null) count = wholeArrayCount(env, id);
            return within(id, count, SLURM_TASK_ID + "=" + id);
        }
        if (shardCount != null) {
            throw new IllegalArgumentException("--shard-count " + shardCount + " needs " + K8S_INDEX + " (a Kubernetes Indexed Job) or "
                    + SLURM_TASK_ID + "; expected --shard i/n outside those");
        }
        return WHOLE;
    }

    /**
     * The shard count of a job array submitted whole as {@code --array=0-(N-1)}: its task count
     * N. The variables describe the array as submitted, so a task re-submitted alone
     * ({@code sbatch --array=3}) sees an array of one task; anything but 0 to N-1 in steps of 1
     * therefore needs {@code --shard-count}.
     */
    private static int wholeArrayCount(Map<String, String> env, int id) {
        if (!env.containsKey(SLURM_TASK_COUNT)) {
            throw new IllegalArgumentException(SLURM_TASK_ID + "=" + id + " is set but neither " + SLURM_TASK_COUNT + " nor --shard-count is; expected --shard-count N");
        }
        int count = integer(SLURM_TASK_COUNT, env.get(SLURM_TASK_COUNT));
        int min = env.containsKey(SLURM_TASK_MIN) ? integer(SLURM_TASK_MIN, env.get(SLURM_TASK_MIN)) : 0;
        int step = env.containsKey(SLURM_TASK_STEP) ? integer(SLURM_TASK_STEP, env.get(SLURM_TASK_STEP)) : 1;
        int max = env.containsKey(SLURM_TASK_MAX) ? integer(SLURM_TASK_MAX, env.get(SLURM_TASK_MAX)) : count - 1;
        if (min != 0 || step != 1 || max != count - 1) {
            throw new IllegalArgumentException("the job array of " + SLURM_TASK_ID + "=" + id + " is " + min + "-" + max + (step == 1 ? "" : ":" + step)
                    + " (" + count + " task" + (count == 1 ? "" : "s") + "), not 0-" + (count - 1) + "; expected --shard-count N, the sweep's shard count "
                    + "(array task IDs are shard indices 0 to N-1, so a task re-submitted alone runs its own shard)");
        }
        return count;
    }

    private static Shard within(int index, int count, String what) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(what + " is outside the " + count + " shards; expected 0 to " + (count - 1));
        }
        return new Shard(index, count);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a whole number; expected the shard's index or count");
        }
    }
}
