package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.report.Csv;
import dev.vnlab.report.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Running a sweep command into a directory and reading or comparing what it wrote, for the command tests. */
final class SweepOutputs {
    private SweepOutputs() {}

    /** {@code ./vnlab command --out out fixed... more...} in-process. */
    static Cli run(String command, Path out, String[] fixed, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString()));
        args.addAll(Arrays.asList(fixed));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The directory's summary.json, parsed. */
    static Map<?, ?> summary(Path dir) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readString(dir.resolve("summary.json")));
    }

    /** The records of a CSV file: the header row, then one row per line. */
    static List<List<String>> csv(Path file) throws IOException {
        return Csv.parse(Files.readString(file));
    }

    /** Every one of {@code files} is the same, byte for byte, in both directories. */
    static void assertSameFiles(Path a, Path b, List<String> files) throws IOException {
        for (String f : files) assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
    }

    /**
     * The re-run command of the directory's report.md run into {@code out}: the command line
     * that the report says gives the same numbers.
     */
    static Cli rerun(Path dir, Path out) throws IOException {
        String report = Files.readString(dir.resolve("report.md"));
        String line = report.lines().filter(l -> l.startsWith("./vnlab ")).reduce((first, last) -> last).orElseThrow();
        List<String> args = new ArrayList<>(Arrays.asList(line.substring("./vnlab ".length()).split(" ")));
        args.addAll(List.of("--out", out.toString(), "--quiet"));
        return Cli.run(args.toArray(String[]::new));
    }

    /** A train-images-idx3-ubyte of {@code n} 4 x 4 images with pixels (7 i + 3 j) mod 256. */
    static void writeImages(Path dir, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 16 * n);
        b.putInt(0x00000803).putInt(n).putInt(4).putInt(4);
        for (int i = 0; i < n; i++) for (int j = 0; j < 16; j++) b.put((byte) ((7 * i + 3 * j) % 256));
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte"), b.array());
    }
}
