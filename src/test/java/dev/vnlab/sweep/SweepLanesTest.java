package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import org.junit.jupiter.api.Test;

/** How many cells a sweep runs at once: as many as the threads allow and the heap holds, and none, in one line, when one does not fit. */
class SweepLanesTest {
    /** A sweep of 4 cells whose estimate is {@code bytes} each. */
    private static SweepConcurrencyTest.CountingExperiment needing(long bytes) {
        return new SweepConcurrencyTest.CountingExperiment(4) {
            @Override public long memory(Integer params) {
                return params == 2 ? bytes : 1; // the largest cell decides
            }
        };
    }

    @Test
    void cellsThatFitRunOnePerThread() {
        SweepConcurrencyTest.CountingExperiment e = needing(1 << 20);
        SweepRunner.Lanes lanes = SweepRunner.lanesThatFit(e, e.sweep().cells(), 2);
        assertThat(lanes.count()).isEqualTo(2);
        assertThat(lanes.note()).startsWith("count: about 1 MB of heap per cell, 2 MB for 2 at once; this JVM may use ");
    }

    @Test
    void fewerCellsRunAtOnceWhenTheHeapHoldsFewer() {
        long free = HeapBudget.available(Long.MAX_VALUE);
        SweepConcurrencyTest.CountingExperiment e = needing(free * 2 / 3); // one fits, two do not
        SweepRunner.Lanes lanes = SweepRunner.lanesThatFit(e, e.sweep().cells(), 2);
        assertThat(lanes.count()).isEqualTo(1);
        assertThat(lanes.note()).startsWith("count: running 1 cell at a time instead of 2: a cell takes about ");
    }

    @Test
    void memoryBoundCellsRunOneAtATimeOnEveryThread() {
        SweepConcurrencyTest.CountingExperiment plain = new SweepConcurrencyTest.CountingExperiment(4) {
            @Override public long memory(Integer params) { return 1L << 30; }
        };
        SweepConcurrencyTest.CountingExperiment bound = new SweepConcurrencyTest.CountingExperiment(4) {
            @Override public long memory(Integer params) { return 1L << 30; }

            @Override public boolean memoryBound(Integer params) { return params == 3; } // one such cell is enough
        };
        assertThat(SweepRunner.lanesFor(plain, plain.sweep().cells(), 2)).isEqualTo(2);
        assertThat(SweepRunner.lanesFor(bound, bound.sweep().cells(), 2)).isEqualTo(1);
        assertThat(SweepRunner.lanesFor(bound, bound.sweep().cells().subList(0, 3), 2)).isEqualTo(2);
        assertThat(SweepRunner.plannedHeapMib(bound, 2)).isLessThan(SweepRunner.plannedHeapMib(plain, 2));
    }

    @Test
    void aCellThatDoesNotFitIsRefusedNamingItAndTheHeap() {
        SweepConcurrencyTest.CountingExperiment e = needing(Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> SweepRunner.lanesThatFit(e, e.sweep().cells(), 2)).isInstanceOf(HeapTooSmallException.class)
                .hasMessageMatching("count cell cell=2 needs about \\d+ MB of heap, more than the \\d+ MB this JVM may use");
    }
}
