package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Blas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order cells run in: with several lanes largest first, and later lanes after the first lane's first cell; outputs in sweep order all the same. */
class SweepOrderTest {
    @TempDir Path dir;

    /** Cells 0..5 of work 1, 3, 2, 3, 1, 2, logging when each starts and ends. */
    private static final class LoggingExperiment extends SweepConcurrencyTest.CountingExperiment {
        static final double[] WORK = {1, 3, 2, 3, 1, 2};
        final List<String> log = new CopyOnWriteArrayList<>();
        final long cellMillis;

        LoggingExperiment(long cellMillis) {
            super(WORK.length);
            this.cellMillis = cellMillis;
        }

        @Override public double flops(Integer params) {
            return WORK[params];
        }

        @Override public Map<String, Object> run(Integer params, Blas blas) {
            log.add("start " + params);
            try {
                Thread.sleep(cellMillis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            log.add("end " + params);
            return super.run(params, blas);
        }
    }

    private void run(LoggingExperiment e, int threads) throws IOException {
        SweepRunner.Settings s = new SweepRunner.Settings(dir, Shard.WHOLE, false, threads, "dev", Progress.silent());
        SweepRunner.run(e, s, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void oneLaneRunsCellsInSweepOrder() throws IOException {
        LoggingExperiment e = new LoggingExperiment(0);
        run(e, 1);
        assertThat(e.log).containsExactly("start 0", "end 0", "start 1", "end 1", "start 2", "end 2", "start 3", "end 3",
                "start 4", "end 4", "start 5", "end 5");
    }

    @Test
    void severalLanesStartTheLargestCellsFirstAndOutputsKeepSweepOrder() throws IOException {
        LoggingExperiment e = new LoggingExperiment(100);
        run(e, 2);
        // Handed out as 1, 3, 2, 5, 0, 4: the cells of work 1 are the last two, 100 ms after 3 and 2 started.
        assertThat(e.log.get(0)).isEqualTo("start 1");
        for (String late : List.of("start 0", "start 4")) {
            for (String early : List.of("start 1", "start 3", "start 2")) assertThat(e.log.indexOf(late)).isGreaterThan(e.log.indexOf(early));
        }
        assertThat(e.finished).extracting(r -> r.get("value")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void theSecondLaneStartsOnceTheFirstLaneHasFinishedItsFirstCell() throws IOException {
        LoggingExperiment e = new LoggingExperiment(200);
        run(e, 2);
        assertThat(e.log.subList(0, 2)).containsExactly("start 1", "end 1"); // nothing started alongside the first cell
        assertThat(e.finished).hasSize(6);
    }
}
