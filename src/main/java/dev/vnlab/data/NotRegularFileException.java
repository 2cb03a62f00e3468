package dev.vnlab.data;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A path where a data file should be holds something else: a directory, a named pipe, socket or
 * device, or a symbolic link that leads to nothing or loops. The message names the path and
 * what it is.
 */
public final class NotRegularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /** {@code reason} says what the path is instead, e.g. "is a directory; expected a regular file". */
    public NotRegularFileException(Path file, String reason) {
        super(file.toString(), null, reason);
    }
}
