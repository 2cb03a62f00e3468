package dev.vnlab.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The check that a path is a regular file, after following symbolic links, made from its
 * attributes alone: opening a named pipe for reading would block until something writes to it.
 */
final class RegularFile {
    private RegularFile() {}

    /**
     * Returns if {@code file} is a regular file or a symbolic link to one.
     *
     * @throws NoSuchFileException if nothing is there
     * @throws NotRegularFileException if it is a directory, a named pipe, socket or device, or a
     *     symbolic link that loops or leads to nothing, saying which
     * @throws IOException if its attributes cannot be read (no permission, say)
     */
    static void require(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class); // follows links
        } catch (NoSuchFileException e) {
            if (!Files.isSymbolicLink(file)) throw e;
            throw new NotRegularFileException(file, "is a symbolic link to " + Files.readSymbolicLink(file) + ", which does not exist");
        } catch (AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            if (!Files.isSymbolicLink(file)) throw e;
            // What else stops a link being followed: ELOOP, "too many levels of symbolic links".
            throw new NotRegularFileException(file, "is a symbolic link loop (or a chain of links too long to follow); expected a regular file");
        }
        if (attributes.isRegularFile()) return;
        throw new NotRegularFileException(file, attributes.isDirectory() ? "is a directory; expected a regular file"
                : "is a named pipe, socket or device; expected a regular file");
    }
}
