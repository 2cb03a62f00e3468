package dev.vnlab.weights;

import java.io.IOException;
import java.nio.file.Path;

/** A weight file that cannot be read as what it claims to be: the message names the file and, where there is one, the tensor. */
public final class WeightFileException extends IOException {
    /** {@code file: message}. */
    public WeightFileException(Path file, String message) {
        super(file + ": " + message);
    }

    /** {@code file: tensor NAME: message}. */
    public WeightFileException(Path file, String tensor, String message) {
        super(file + ": tensor " + tensor + ": " + message);
    }
}
