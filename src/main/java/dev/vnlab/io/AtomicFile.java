package dev.vnlab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a reader, or a run killed at any moment, sees the previous file or the
 * new one, never part of one: the bytes go to a temporary file beside the target, are forced to
 * the device, and the temporary file is renamed over the target. The new file gets the
 * permissions any new file gets (the process's umask), and a failed write leaves no temporary
 * file behind.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What is written: the stream is closed by the caller of this. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code file} from {@code content}, creating its directory if needed; returns the file. */
    public static Path write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = createTemporary(file);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING); // same directory: still a rename on POSIX
            }
        } catch (FileSystemException e) {
            throw e; // names the file already
        } catch (IOException e) { // a full disk, an I/O error: say which file
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** A new empty file beside {@code file}, hidden, with a name no other writer uses. */
    private static Path createTemporary(Path file) throws IOException {
        String base = "." + file.getFileName() + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = file.resolveSibling(base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }
}
