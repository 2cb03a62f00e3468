package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shards from --shard, --shard-count and the Slurm and Kubernetes variables; every cell in exactly one shard. */
class ShardTest {
    @Test
    void parsesZeroBasedShardsAndRejectsOthersNamingTheText() {
        assertThat(Shard.parse("0/4")).isEqualTo(new Shard(0, 4));
        assertThat(Shard.parse(" 3/4 ")).isEqualTo(new Shard(3, 4));
        for (String bad : List.of("3/2", "4/4", "-1/2", "1", "a/b", "1/0", "")) {
            assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--shard '" + bad + "' is invalid; expected i/n with n >= 1 and 0 <= i < n (0-based, e.g. 0/4 to 3/4)");
        }
    }

    @Test
    void shardsPartitionTheSweep() {
        Sweep<Integer> sweep = Sweep.of(List.of(0, 1, 2, 3, 4, 5, 6), i -> "c" + i);
        List<Cell<Integer>> a = sweep.cells(new Shard(0, 3)), b = sweep.cells(new Shard(1, 3)), c = sweep.cells(new Shard(2, 3));
        assertThat(a).extracting(Cell::key).containsExactly("c0", "c3", "c6");
        assertThat(b).extracting(Cell::key).containsExactly("c1", "c4");
        assertThat(c).extracting(Cell::key).containsExactly("c2", "c5");
        assertThat(sweep.cells(Shard.WHOLE)).hasSize(7);
        assertThatThrownBy(() -> Sweep.of(List.of(1, 1), i -> "k" + i)).hasMessage("cell key 'k1' repeats (cells 0 and 1); expected distinct keys");
    }

    @Test
    void optionsThenKubernetesThenSlurmThenWhole() {
        assertThat(Shard.resolve(null, null, Map.of())).isEqualTo(Shard.WHOLE);
        assertThat(Shard.resolve("1/3", null, Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "5"))).isEqualTo(new Shard(1, 3));
        assertThat(Shard.resolve("1/3", 3, Map.of())).isEqualTo(new Shard(1, 3));
        assertThat(Shard.resolve(null, 4, Map.of("JOB_COMPLETION_INDEX", "2"))).isEqualTo(new Shard(2, 4));
        assertThat(Shard.resolve(null, null, Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3"))).isEqualTo(new Shard(2, 3));
        // --array=0-3 submitted whole: the ids are the shards
        assertThat(Shard.resolve(null, null, Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "3",
                "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "4"))).isEqualTo(new Shard(3, 4));
        // A task re-submitted alone (sbatch --array=1) sees an array of one task: its ID is still its shard, given the count.
        Map<String, String> alone = Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "1",
                "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "1");
        assertThat(Shard.resolve(null, 4, alone)).isEqualTo(new Shard(1, 4));
        assertThatThrownBy(() -> Shard.resolve(null, null, alone)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the job array of SLURM_ARRAY_TASK_ID=1 is 1-1 (1 task), not 0-0; expected --shard-count N, the sweep's shard count "
                        + "(array task IDs are shard indices 0 to N-1, so a task re-submitted alone runs its own shard)");
        assertThatThrownBy(() -> Shard.resolve(null, null, Map.of("SLURM_ARRAY_TASK_ID", "6", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2",
                "SLURM_ARRAY_TASK_COUNT", "5"))).hasMessageStartingWith("the job array of SLURM_ARRAY_TASK_ID=6 is 0-4:2 (5 tasks), not 0-4;");
        assertThatThrownBy(() -> Shard.resolve(null, 4, Map.of("SLURM_ARRAY_TASK_ID", "4"))).hasMessage("SLURM_ARRAY_TASK_ID=4 is outside the 4 shards; expected 0 to 3");
        assertThat(Shard.resolve(null, 2, Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "9"))).isEqualTo(new Shard(1, 2));
    }

    @Test
    void inconsistentShardSettingsNameTheOptionOrVariable() {
        assertThatThrownBy(() -> Shard.resolve("1/3", 4, Map.of())).hasMessageStartingWith("--shard 1/3 and --shard-count 4 disagree");
        assertThatThrownBy(() -> Shard.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "2")))
                .hasMessage("JOB_COMPLETION_INDEX=2 is set but --shard-count is not; expected --shard-count n, the Indexed Job's completions");
        assertThatThrownBy(() -> Shard.resolve(null, 2, Map.of("JOB_COMPLETION_INDEX", "2")))
                .hasMessage("JOB_COMPLETION_INDEX=2 is outside the 2 shards; expected 0 to 1");
        assertThatThrownBy(() -> Shard.resolve(null, null, Map.of("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "2")))
                .hasMessageStartingWith("SLURM_ARRAY_TASK_ID=x is not a whole number");
        assertThatThrownBy(() -> Shard.resolve(null, null, Map.of("SLURM_ARRAY_TASK_ID", "1")))
                .hasMessage("SLURM_ARRAY_TASK_ID=1 is set but neither SLURM_ARRAY_TASK_COUNT nor --shard-count is; expected --shard-count N");
        assertThatThrownBy(() -> Shard.resolve(null, 2, Map.of())).hasMessageStartingWith("--shard-count 2 needs JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> Shard.resolve(null, 0, Map.of())).hasMessage("--shard-count 0 is invalid; expected at least 1");
    }
}
