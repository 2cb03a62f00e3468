package dev.vnlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.sweep.Header;
import dev.vnlab.sweep.ResultsFile;
import dev.vnlab.sweep.Shard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results files written by earlier versions keep resuming and merging: for each sweep command,
 * the header line of a committed results file (its quick preset) is rebuilt byte for byte from
 * the experiment its configuration describes. So {@code config()} and {@code fromConfig} agree,
 * and a change that renames, reorders or reformats a configuration field fails here.
 */
class ConfigRoundTripTest {
    private static final Path FIXTURES = Path.of("src/test/resources/config-fixtures");

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void theHeaderIsRebuiltByteForByteFromItsConfiguration(Path fixture) throws IOException {
        String line = Files.readString(fixture, StandardCharsets.UTF_8).strip();
        Header recorded = ResultsFile.read(fixture).header();
        assertThat(recorded).as("%s holds a results-file header", fixture).isNotNull();
        var experiment = Experiments.fromConfig(recorded.command(), recorded.config());
        assertThat(experiment.command()).isEqualTo(recorded.command());
        assertThat(Header.of(experiment, recorded.version(), Shard.parse(recorded.shard())).toJsonLine()).isEqualTo(line);
    }

    @org.junit.jupiter.api.Test
    void everySweepCommandHasAFixture() throws IOException {
        List<String> covered = fixtures().stream().map(p -> p.getFileName().toString().replace("-quick.jsonl", "")).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Experiments.COMMANDS);
    }
}
