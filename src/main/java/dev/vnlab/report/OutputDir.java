package dev.vnlab.report;

import dev.vnlab.io.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --out} directory of a command. Every file is written to a temporary sibling
 * ({@code .NAME.*.tmp}), forced to disk and renamed over its target, so a run killed while
 * writing leaves either the previous file or the new one, never half of one; the temporary
 * file is deleted if writing fails.
 */
public final class OutputDir {
    /** Writes a file's content; the stream is closed by the caller. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path dir;

    private OutputDir(Path dir) {
        this.dir = dir;
    }

    /**
     * The directory {@code dir}, created with its parents if missing.
     *
     * @throws IllegalArgumentException if it exists as something else than a directory
     * @throws IOException if it cannot be created
     */
    public static OutputDir create(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output path " + dir + " exists and is not a directory; expected a directory, or a path to create one at");
        }
        Files.createDirectories(dir);
        return new OutputDir(dir);
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /**
     * The path of file {@code name} in this directory.
     *
     * @throws IllegalArgumentException if {@code name} is not a plain file name
     */
    public Path resolve(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("file name '" + name + "' is invalid; expected a plain file name inside the output directory");
        }
        return dir.resolve(name);
    }

    /** Writes file {@code name} atomically from {@code content}; returns its path. */
    public Path write(String name, Content content) throws IOException {
        return AtomicFile.write(resolve(name), content::writeTo);
    }

    /** Writes {@code bytes} to file {@code name} atomically; returns its path. */
    public Path writeBytes(String name, byte[] bytes) throws IOException {
        return write(name, out -> out.write(bytes));
    }

    /** Writes {@code text} as UTF-8 to file {@code name} atomically; returns its path. */
    public Path writeString(String name, String text) throws IOException {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code value} as indented JSON ({@link Json#pretty}) to file {@code name}; returns its path. */
    public Path writeJson(String name, Object value) throws IOException {
        return writeString(name, Json.pretty(value));
    }

    /**
     * Writes summary.json: {@code {"command", "version", "config": {...}, "results": [...]}},
     * with config in the map's order and results as given (maps, records, {@link
     * Table#toRecords()}); returns its path.
     */
    public Path writeSummary(String command, String version, Map<String, ?> config, List<?> results) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", command);
        summary.put("version", version);
        summary.put("config", config);
        summary.put("results", results);
        return writeJson("summary.json", summary);
    }

    /** Writes {@code table} as CSV ({@link Csv}) to file {@code name}; returns its path. */
    public Path writeCsv(String name, Table table) throws IOException {
        return write(name, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            Csv.write(table, w);
            w.flush();
        });
    }

    /**
     * Writes {@code base.svg} and {@code base.png} (at {@code scale} pixels per unit) of one
     * figure; returns the two paths, SVG first. Both renderings are made before either file is
     * written, so a figure that cannot be drawn writes nothing.
     */
    public List<Path> writeFigure(String base, Figure figure, double scale) throws IOException {
        resolve(base + ".svg");
        String svg = figure.toSvg();
        byte[] png = figure.toPng(scale);
        return List.of(writeString(base + ".svg", svg), writeBytes(base + ".png", png));
    }

    /** {@link #writeFigure(String, Figure, double)} at 2 pixels per unit (sharp on high-density screens). */
    public List<Path> writeFigure(String base, Figure figure) throws IOException {
        return writeFigure(base, figure, 2);
    }

    /** Writes report.md; returns its path. */
    public Path writeReport(Report report) throws IOException {
        return writeString("report.md", report.toMarkdown());
    }
}
