package dev.vnlab.data;

import java.io.IOException;

/** An IDX file that is not what its header promises; the message names the file and the problem. */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IdxFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
