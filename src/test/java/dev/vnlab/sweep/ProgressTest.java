package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Plain progress lines at most every few seconds with an ETA by work, a bar on a terminal, nothing when silent. */
class ProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void plainLinesAtMostEveryFiveSecondsWithTheEtaOfTheWorkLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = Progress.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "depth", now::get);
        p.start(4, 100);
        now.set(2 * S);
        p.done("a", 10);            // 2 s: too soon for a line
        now.set(6 * S);
        p.done("b", 20);            // 30% of the work in 6 s: 14 s to go
        now.set(7 * S);
        p.done("c", 20);            // 1 s after the last line: none
        now.set(20 * S);
        p.done("d", 50);
        p.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                depth: cell 2/4 (b) done, 6s elapsed, ETA 14s
                depth: cell 4/4 (d) done, 20s elapsed, ETA 0s
                depth: 4 cells in 20s
                """);
    }

    @Test
    void barOnATerminalAndSilenceWhenQuiet() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = Progress.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "depth", now::get);
        p.start(2, 2);
        now.set(S);
        p.done("a", 1);
        now.set(2 * S);
        p.done("b", 1);
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("\rdepth [############............] 1/2 cells  1s  ETA 1s").contains("2/2 cells  2s  ETA 0s").endsWith("\n");
        Progress.silent().start(1, 1);
        Progress.silent().done("a", 1);
        Progress.silent().finish();
        assertThat(Progress.duration(3725 * S)).isEqualTo("1h02m");
        assertThat(Progress.duration(187 * S)).isEqualTo("3m07s");
    }
}
