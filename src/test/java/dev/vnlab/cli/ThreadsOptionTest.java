package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.parallel.Workers;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads T} is a value handed to the command it is given to: commands run in one
 * process with different thread counts give the same bytes, each sweep plans with its own
 * count, and the process's default workers stay as they were.
 */
class ThreadsOptionTest {
    @TempDir Path tmp;

    @Test
    void sweepsOnOneAndTwoThreadsWriteTheSameBytesAndLeaveTheDefaultAlone() throws IOException {
        Workers before = Workers.defaults();
        int defaultThreads = before.threads();
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        Cli a = DepthCommandTest.depth(one, "--threads", "1");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(Workers.defaults()).isSameAs(before);
        Cli b = DepthCommandTest.depth(two, "--threads", "2");
        assertThat(b.exit()).as(b.err()).isZero();
        SweepFiles.assertSameFiles(one, two, DepthCommandTest.OUTPUTS);
        assertThat(Workers.defaults()).isSameAs(before);
        assertThat(Workers.defaults().threads()).isEqualTo(defaultThreads);
    }

    @Test
    void eachSweepPlansWithItsOwnThreadCount() {
        // TINY has 6 cells: a dry run plans min(T, 6) cells at once.
        Cli one = DepthCommandTest.depth(tmp.resolve("plan"), "--dry-run", "--threads", "1");
        Cli three = DepthCommandTest.depth(tmp.resolve("plan"), "--dry-run", "--threads", "3");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(three.exit()).as(three.err()).isZero();
        assertThat(one.out()).contains("MB for 1 at once");
        assertThat(three.out()).contains("MB for 3 at once");
    }

    @Test
    void infoPrintsTheDefaultOrTheGivenCount() {
        Workers before = Workers.defaults();
        assertThat(Cli.run("info").out()).contains("threads  " + before.threads() + " (default: -Dvnlab.threads, else all processors)");
        int other = before.threads() + 1;
        assertThat(Cli.run("info", "--threads", String.valueOf(other)).out()).contains("threads  " + other + " (--threads)");
        assertThat(Workers.defaults()).isSameAs(before);
    }
}
