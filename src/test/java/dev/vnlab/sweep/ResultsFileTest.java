package dev.vnlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only results file: records read back exactly, torn last lines discarded, damage and other configurations refused. */
class ResultsFileTest {
    @TempDir Path dir;

    static Header header(long nets) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("widths", List.of(8L, 12L));
        config.put("nets", nets);
        return new Header("depth", "dev", "0/1", config);
    }

    private static Map<String, Object> record(double v) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("value", v);
        r.put("values", new double[] {v, Double.NaN});
        return r;
    }

    @Test
    void recordsReadBackInOrderWithNaNAsNull() throws IOException {
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            log.append("a", record(0.1));
            log.append("b", record(1.0 / 3));
        }
        ResultsFile f = ResultsFile.read(dir.resolve("cells.jsonl"));
        assertThat(f.header()).isEqualTo(header(3));
        assertThat(f.entries()).extracting(ResultsFile.Entry::key).containsExactly("a", "b");
        assertThat(f.entries().get(1).record().get("value")).isEqualTo(1.0 / 3);
        assertThat(f.entries().get(0).record().get("values")).isEqualTo(java.util.Arrays.asList(0.1, null));
        assertThat(f.tornBytes()).isZero();
        assertThat(ResultsFile.fileName(new Shard(2, 5))).isEqualTo("cells-shard-2-of-5.jsonl");
    }

    @Test
    void tornLastLineIsLeftOutThenCutOffByItsWriter() throws IOException {
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            log.append("a", record(1));
            log.append("b", record(2));
        }
        Path file = dir.resolve("cells.jsonl");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 9)); // killed while writing b's line
        ResultsFile torn = ResultsFile.read(file);
        assertThat(torn.entries()).extracting(ResultsFile.Entry::key).containsExactly("a");
        assertThat(torn.tornBytes()).isPositive();
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            assertThat(log.existing().tornBytes()).isEqualTo(torn.tornBytes());
            log.append("b", record(2));
        }
        ResultsFile again = ResultsFile.read(file);
        assertThat(again.entries()).extracting(ResultsFile.Entry::key).containsExactly("a", "b");
        assertThat(again.tornBytes()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aTornHeaderLeavesAnEmptyFileAndACompleteButGarbledLastLineIsTornToo() throws IOException {
        Path file = dir.resolve("cells.jsonl");
        Files.writeString(file, header(3).toJsonLine().substring(0, 20));
        assertThat(ResultsFile.read(file).header()).isNull();
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            log.append("a", record(1));
        }
        Files.write(file, "\0\0\0\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        ResultsFile f = ResultsFile.read(file);
        assertThat(f.entries()).hasSize(1);
        assertThat(f.tornBytes()).isEqualTo(4);
    }

    @Test
    void damageBeforeTheLastLineIsAnErrorNamingTheLine() throws IOException {
        Path file = dir.resolve("cells.jsonl");
        Files.writeString(file, header(3).toJsonLine() + "\n{\"key\": \n" + new ResultsFile.Entry("a", record(1)).toJsonLine() + "\n");
        assertThatThrownBy(() -> ResultsFile.read(file)).isInstanceOf(IOException.class).hasMessageContaining("is damaged at line 2");
        Files.writeString(file, "{\"not\": \"a header\"}\n");
        assertThatThrownBy(() -> ResultsFile.read(file)).hasMessageContaining("line 1 (its first line is not a vnlab-cells/1 header)");
    }

    @Test
    void anotherConfigurationOrASecondWriterIsRefused() throws IOException {
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            assertThatThrownBy(() -> CellLog.open(dir, Shard.WHOLE, header(3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("another process is appending to ");
            log.append("a", record(1));
        }
        assertThatThrownBy(() -> CellLog.open(dir, Shard.WHOLE, header(4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("cells.jsonl holds cells of another configuration: nets is 3 there and 4 here; expected the same options to resume, or another --out");
        assertThat(header(3).difference(new Header("depth", "0.2", "1/2", header(3).config()))).isEqualTo(new Header.Difference("version", "\"dev\"", "\"0.2\""));
        assertThat(header(3).difference(new Header("depth", "dev", "1/2", header(3).config()))).isNull(); // the shard may differ
    }

    @Test
    void aRunThatRecordsNoCellLeavesNoFileAndAHeaderOnlyFileOfAnotherConfigurationIsTakenOver() throws IOException {
        Path file = dir.resolve("cells.jsonl");
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            assertThat(log.existing().header()).isNull(); // failed before its first cell
        }
        assertThat(file).doesNotExist();

        Files.writeString(file, header(4).toJsonLine() + "\n"); // left by a run of other options that recorded nothing
        try (CellLog log = CellLog.open(dir, Shard.WHOLE, header(3))) {
            log.append("a", record(1));
        }
        ResultsFile f = ResultsFile.read(file);
        assertThat(f.header()).isEqualTo(header(3));
        assertThat(f.entries()).extracting(ResultsFile.Entry::key).containsExactly("a");
    }

    @Test
    void aSweepWhoseFirstCellFailsLeavesTheDirectoryWithoutResults() throws IOException {
        SweepConcurrencyTest.CountingExperiment failing = new SweepConcurrencyTest.CountingExperiment(3) {
            @Override public Map<String, Object> run(Integer params, dev.vnlab.linalg.Blas blas) {
                throw new IllegalArgumentException("a value found bad once the cell runs");
            }
        };
        SweepRunner.Settings s = new SweepRunner.Settings(dir, Shard.WHOLE, false, 1, "dev", Progress.silent());
        assertThatThrownBy(() -> SweepRunner.run(failing, s, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .hasMessage("a value found bad once the cell runs");
        assertThat(ResultsFile.readAll(dir)).isEmpty();
        assertThat(dir.resolve("cells.jsonl")).doesNotExist();
    }
}
