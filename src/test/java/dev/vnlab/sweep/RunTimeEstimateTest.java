package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.DepthExperiment;
import org.junit.jupiter.api.Test;

/**
 * When a run measures the GEMM rate and prints its expected run time first: only when it cannot
 * finish within a minute, so the measurement (up to 1.5 s on one thread) never takes a large part
 * of a short run such as the main job's.
 */
class RunTimeEstimateTest {
    private static double work(DepthExperiment e) {
        double sum = 0;
        for (Cell<DepthExperiment.Params> c : e.sweep().cells()) sum += e.flops(c.params());
        return sum;
    }

    @Test
    void theQuickDepthSweepStartsAtOnce() {
        double quick = work(new DepthExperiment(DepthExperiment.Settings.quick()));
        assertThat(quick).isGreaterThan(SweepRunner.ESTIMATE_ABOVE_FLOPS); // a dry run still estimates it
        assertThat(SweepRunner.estimatesBeforeRunning(quick, 2)).isFalse();
        assertThat(SweepRunner.estimatesBeforeRunning(quick, 1)).isFalse();
    }

    @Test
    void aRunOfMoreThanAMinuteAtAnyRateIsEstimated() {
        double minute = SweepRunner.ESTIMATE_ABOVE_SECONDS * SweepRunner.FAST_FLOPS;
        assertThat(SweepRunner.estimatesBeforeRunning(minute * 2, 2)).isTrue();
        assertThat(SweepRunner.estimatesBeforeRunning(minute * 2, 4)).isFalse();
        assertThat(SweepRunner.estimatesBeforeRunning(minute, 0)).isTrue(); // no thread count reads as one
    }
}
