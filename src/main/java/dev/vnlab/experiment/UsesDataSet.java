package dev.vnlab.experiment;

import java.io.IOException;
import java.nio.file.Path;

/** An experiment that reads a data set: loaded once, before any cell runs, so that a missing or malformed file is reported first. */
public interface UsesDataSet {
    /** The option that names the data directory, for messages: {@code --data}. */
    default String dataOption() {
        return SharedSettings.DATA.flag();
    }

    /** The data directory, or null when the inputs are synthetic. */
    Path dataDirectory();

    /**
     * Loads the data set now (a no-op for synthetic inputs).
     *
     * @throws IOException if a file is missing or malformed
     * @throws IllegalArgumentException if the data set holds fewer images than the settings use
     */
    void loadData() throws IOException;
}
