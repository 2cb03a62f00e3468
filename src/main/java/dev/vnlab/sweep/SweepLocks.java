package dev.vnlab.sweep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The locks that let several processes share a sweep directory: byte-range locks on its
 * {@value #FILE_NAME}, one byte per cell (held while the cell is computed) and one per results
 * file (held while a process appends to it). The operating system drops a process's locks when
 * it dies, so a run killed with {@code kill -9} leaves no stale claim behind.
 *
 * <p>No lock is taken on a results file itself: on POSIX systems closing any channel to a file
 * drops every lock the process holds on it, so a lock there would vanish the moment the file
 * is read. For the same reason this process keeps one channel per lock file, shared by every
 * handle ({@link #open}) and closed with the last one. The lock file is never deleted (a
 * process could lock a deleted file while another locks its replacement).
 */
final class SweepLocks implements AutoCloseable {
    /** The lock file's name in a sweep directory. */
    static final String FILE_NAME = "cells.lock";
    /** Where the results files' locks start: far above any cell's byte. */
    private static final long RESULTS_FILE_BASE = 1L << 40;

    /** The open lock files of this process, by file identity. Guarded by itself. */
    private static final Map<Object, Shared> OPEN = new HashMap<>();

    private static final class Shared {
        final Object identity;
        final FileChannel channel;
        int handles;

        Shared(Object identity, FileChannel channel) {
            this.identity = identity;
            this.channel = channel;
        }
    }

    private final Path file;
    private final Shared shared;
    private boolean closed;

    private SweepLocks(Path file, Shared shared) {
        this.file = file;
        this.shared = shared;
    }

    /**
     * The locks of sweep directory {@code dir} (which must exist), creating its lock file if needed.
     *
     * @throws IOException if the lock file cannot be created or opened
     */
    static SweepLocks open(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        synchronized (OPEN) {
            // Looked up by stat first: opening and closing a second channel would drop the locks held through the first.
            Shared s = Files.exists(file) ? OPEN.get(identity(file)) : null;
            if (s == null) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                s = new Shared(identity(file), channel);
                OPEN.put(s.identity, s);
            }
            s.handles++;
            return new SweepLocks(file, s);
        }
    }

    /** The file's identity (device and inode where the system has them), the same under any path to it. */
    private static Object identity(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return key != null ? key : file.toRealPath();
    }

    /** The lock file. */
    Path file() {
        return file;
    }

    /** The claim on cell {@code index} (its position in the sweep), or null if another run holds it. */
    FileLock tryCell(int index) throws IOException {
        return tryLock(index);
    }

    /** The right to append to {@code shard}'s results file, or null if another run holds it. */
    FileLock tryResultsFile(Shard shard) throws IOException {
        long n = shard.count(), i = shard.index();
        return tryLock(RESULTS_FILE_BASE + n * (n - 1) / 2 + i); // one byte per (count, index) pair
    }

    private FileLock tryLock(long position) throws IOException {
        try {
            return shared.channel.tryLock(position, 1, false);
        } catch (OverlappingFileLockException e) {
            return null; // held by another run in this process
        }
    }

    /** Releases this handle; the lock file's channel closes with the last handle of the process (dropping its locks). */
    @Override public void close() throws IOException {
        synchronized (OPEN) {
            if (closed) return;
            closed = true;
            if (--shared.handles > 0) return;
            OPEN.remove(shared.identity);
            shared.channel.close();
        }
    }
}
