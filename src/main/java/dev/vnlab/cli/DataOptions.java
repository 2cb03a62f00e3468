package dev.vnlab.cli;

import dev.vnlab.data.IdxFormatException;
import dev.vnlab.data.NotRegularFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code --data DIR}: MNIST-style IDX training images as inputs instead of synthetic ones (depth, demo, heatmap). */
final class DataOptions {
    private DataOptions() {}

    /** How to get a data set, for the error when --data is missing. */
    static final String HINT = "expected a directory with MNIST-style IDX files (train-images-idx3-ubyte, raw or .gz): "
            + "'apt-get install dataset-fashion-mnist' gives /usr/share/datasets/fashion-mnist; MNIST from its usual IDX files";

    static final Option DATA = Option.value("data", "DIR", null,
            "use the first M training images of this IDX directory (pixels / 255) instead of synthetic inputs");

    /** What reads the data set: an experiment's loadData. */
    interface Loader {
        void load() throws IOException;
    }

    /**
     * The --data directory, or null without it.
     *
     * @throws UsageException if it is not a directory, or --input-variance (synthetic inputs only) is given too
     */
    static Path directory(ParsedArgs a) {
        if (!a.has("data")) return null;
        Path data = a.path("data");
        if (!Files.isDirectory(data)) throw new UsageException("--data " + data + " is not a directory; " + HINT);
        if (a.given("input-variance")) throw new UsageException("--input-variance applies to synthetic inputs; drop it or --data " + data);
        return data;
    }

    /**
     * Reads the data set now, before any cell runs, so that a missing, malformed or mismatched
     * file, or a directory or pipe in place of one, is one line.
     *
     * @throws UsageException naming the missing file (with {@link #HINT}), or the file and what is wrong with it
     */
    static void load(Path data, Loader loader) throws IOException {
        try {
            loader.load();
        } catch (NoSuchFileException e) {
            throw new UsageException("--data " + data + ": " + e.getFile() + " is missing; " + HINT);
        } catch (IdxFormatException | NotRegularFileException e) {
            throw new UsageException("--data " + data + ": " + e.getMessage());
        }
    }
}
