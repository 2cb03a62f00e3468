package dev.vnlab.cli;

import dev.vnlab.data.IdxFormatException;
import dev.vnlab.data.NotRegularFileException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a command's data set before any cell runs, its failures as one line naming --data. */
final class DataOptions {
    private DataOptions() {}

    /** What reads the data set: an experiment's loadData. */
    interface Loader {
        void load() throws IOException;
    }

    /**
     * Reads the data set now, before any cell runs, so that a missing, malformed or mismatched
     * file, or a directory or pipe in place of one, is one line naming {@code option}.
     *
     * @throws UsageException naming the missing file (with {@link dev.vnlab.data.Mnist#INSTALL_HINT}), or the file and what is wrong with it
     */
    static void load(String option, Path data, Loader loader) throws IOException {
        try {
            loader.load();
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + data + ": " + e.getFile() + " is missing; " + dev.vnlab.data.Mnist.INSTALL_HINT);
        } catch (IdxFormatException | NotRegularFileException e) {
            throw new UsageException(option + " " + data + ": " + e.getMessage());
        }
    }
}
