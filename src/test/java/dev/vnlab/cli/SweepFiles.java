package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.report.Csv;
import dev.vnlab.report.Json;
import dev.vnlab.settings.Option;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the tests of the sweep commands share: running one, tiny MNIST-style data, and reading and comparing the outputs. */
final class SweepFiles {
    private SweepFiles() {}

    /** {@code ./vnlab command --out out base... more...}. */
    static Cli run(String command, Path out, String[] base, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString()));
        args.addAll(Arrays.asList(base));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * Writes the four IDX files of an MNIST-style data set of 4 x 4 images into {@code dir}:
     * image i has label i mod 10 and pixels that depend on its label (so it can be learnt) and on i.
     */
    static Path writeImages(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", train);
        write(dir, "t10k", test);
        return dir;
    }

    private static void write(Path dir, String prefix, int n) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + 16 * n), labels = ByteBuffer.allocate(8 + n);
        images.putInt(0x00000803).putInt(n).putInt(4).putInt(4);
        labels.putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            for (int j = 0; j < 16; j++) images.put((byte) (j == label ? 255 : (13 * i + 7 * j) % 64));
            labels.put((byte) label);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }

    /** summary.json of an output directory, parsed. */
    static Map<?, ?> summary(Path out) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")));
    }

    /** A CSV of an output directory, parsed: the header row first. */
    static List<List<String>> csv(Path out, String name) throws IOException {
        return Csv.parse(Files.readString(out.resolve(name)));
    }

    /** A CSV file, parsed: the header row first. */
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

    /** A train-images-idx3-ubyte alone, of {@code n} 4 x 4 images with pixels (7 i + 3 j) mod 256: inputs without labels. */
    static void writeTrainImages(Path dir, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 16 * n);
        b.putInt(0x00000803).putInt(n).putInt(4).putInt(4);
        for (int i = 0; i < n; i++) for (int j = 0; j < 16; j++) b.put((byte) ((7 * i + 3 * j) % 256));
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte"), b.array());
    }

    /** The cell keys of a results file, in file order. */
    static List<String> keys(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> keys = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) keys.add((String) ((Map<?, ?>) Json.parse(line)).get("key"));
        return keys;
    }

    /**
     * Checks that two output directories hold the same {@code files}: byte for byte, except
     * that a CSV's {@code seconds} column (wall times, which differ between identical runs) is
     * left out of the comparison.
     */
    static void assertSameOutputs(Path expected, Path actual, List<String> files) throws IOException {
        for (String f : files) {
            if (f.endsWith(".csv")) {
                assertThat(withoutSeconds(csv(actual, f))).as(f).isEqualTo(withoutSeconds(csv(expected, f)));
            } else {
                assertThat(Files.readAllBytes(actual.resolve(f))).as(f).isEqualTo(Files.readAllBytes(expected.resolve(f)));
            }
        }
    }

    private static List<List<String>> withoutSeconds(List<List<String>> rows) {
        int j = rows.get(0).indexOf("seconds");
        if (j < 0) return rows;
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> kept = new ArrayList<>(r);
            kept.remove(j);
            out.add(kept);
        }
        return out;
    }

    /** Checks two configurations are equal in their JSON form (arrays by their values), field by field in order. */
    static void assertSameConfig(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(Json.write(actual)).isEqualTo(Json.write(expected));
    }

    /** Checks a run failed as a user mistake: exit code 2 and one line, from the command, containing {@code fragment}. */
    static void assertUsageError(Cli r, String command, String fragment) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("vnlab " + command + ": ").contains(fragment).hasLineCount(1);
    }

    /** Checks {@code ./vnlab command --help} names every option of the command. */
    static void assertHelpNamesEveryOption(Command command) {
        Cli help = Cli.run(command.name(), "--help");
        assertThat(help.exit()).isZero();
        for (Option o : command.options()) assertThat(help.out()).contains("--" + o.name() + (o.isFlag() ? "" : " " + o.valueName()));
        assertThat(Cli.run("help").out()).contains("  " + command.name() + " ");
    }
}
