package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a sweep, for real: a tmpfs of a few pages mounted for the test
 * (as root; skipped elsewhere). The failure is one line naming the file, the cells recorded before
 * it stay, and the same command finishes the sweep once there is room.
 */
class FullDiskTest {
    @TempDir Path tmp;

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static Cli depth(Path out) {
        List<String> args = new ArrayList<>(List.of("depth", "--out", out.toString()));
        args.addAll(Arrays.asList(DepthCommandTest.TINY));
        args.addAll(List.of("--nets", "12")); // 24 cells of a few hundred bytes each
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aFullDiskIsOneLineNamingTheFileAndTheSweepResumesOnceThereIsRoom() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", disk.toString()), "mounting a tmpfs needs root");
        try {
            Path out = disk.resolve("o");
            Cli full = depth(out);
            assertThat(full.exit()).as(full.err()).isEqualTo(1);
            assertThat(full.err()).startsWith("vnlab depth: failed: cannot append to " + out.resolve("cells.jsonl") + ": No space left on device; "
                    + "the cells finished so far are kept in " + out + " and the same command resumes from them").endsWith("\n");
            assertThat(full.err().lines()).hasSize(1);
            long kept = Files.readAllLines(out.resolve("cells.jsonl")).stream().filter(l -> l.startsWith("{\"key\"")).count();
            assertThat(kept).isPositive().isLessThan(24);

            assertThat(run("mount", "-o", "remount,size=4m", disk.toString())).isTrue();
            Cli resumed = depth(out);
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            Path reference = tmp.resolve("reference");
            assertThat(depth(reference).exit()).isZero();
            SweepFiles.assertSameFiles(reference, out, List.of("summary.json", "depth.csv", "report.md"));
        } finally {
            run("umount", "-l", disk.toString());
        }
    }
}
