package dev.vnlab.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heap a run is started with: the baseline, what the cells share, the lanes' cells with a margin, a floor, 16 MiB steps. */
class HeapPlanTest {
    private static final long MIB = 1 << 20;

    @Test
    void smallWorkGetsTheFloor() {
        assertThat(HeapBudget.planMib(MIB, 2, 0)).isEqualTo(HeapBudget.PLAN_FLOOR_MIB);
        assertThat(HeapBudget.planMib(0, 1, 0)).isEqualTo(HeapBudget.PLAN_FLOOR_MIB);
    }

    @Test
    void largerWorkGetsItsEstimateWithAQuarterMoreRoundedUpTo16MiB() {
        long baseline = HeapBudget.BASELINE_BYTES / MIB;
        // 2 cells of 40 MiB: 24 + 100 = 124 MiB, rounded up to 128.
        assertThat(HeapBudget.planMib(40 * MIB, 2, 0)).isEqualTo(roundUp16(baseline + 100));
        // A shared data set of 220 MiB is added once, not per lane.
        assertThat(HeapBudget.planMib(40 * MIB, 2, 220 * MIB)).isEqualTo(roundUp16(baseline + 100 + 220));
        assertThat(HeapBudget.planMib(40 * MIB, 4, 0)).isEqualTo(roundUp16(baseline + 200));
        assertThat(HeapBudget.planMib(40 * MIB, 4, 0) % 16).isZero();
    }

    private static long roundUp16(long mib) {
        return (mib + 15) / 16 * 16;
    }
}
