package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines of {@code malformed-command-lines.txt}: each is a user's mistake, so each
 * exits 2 with one line naming what is wrong, no stack trace, and leaves no file behind.
 */
class MalformedCommandLinesTest {
    @TempDir static Path tmp;

    static List<String> lines() throws IOException {
        try (InputStream in = MalformedCommandLinesTest.class.getResourceAsStream("/malformed-command-lines.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachIsOneLineAndExitCodeTwo() throws IOException {
        List<String> lines = lines();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(99);
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Path dir = Files.createDirectories(tmp.resolve("case-" + i));
            tests.add(DynamicTest.dynamicTest(line, () -> {
                List<String> args = new ArrayList<>();
                for (String a : line.split(" ")) {
                    args.add(switch (a) {
                        case "<empty>" -> "";
                        case "<dir>" -> dir.toString();
                        case "<file>" -> file.toString();
                        case "<missing>" -> dir.resolve("missing").toString();
                        default -> a;
                    });
                }
                if (!args.contains("--out")) args.addAll(List.of("--out", dir.resolve("out").toString()));
                Cli r = Cli.run(args.toArray(String[]::new));
                assertThat(r.exit()).as(r.err()).isEqualTo(2);
                assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
                assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").startsWith("vnlab");
                assertThat(r.out()).isEmpty();
                assertThat(dir.resolve("out")).doesNotExist();
                for (String a : args) {
                    if (a.startsWith("--")) assertThat(Path.of(a)).as("a file named after an option").doesNotExist();
                }
            }));
        }
        return tests.stream();
    }
}
