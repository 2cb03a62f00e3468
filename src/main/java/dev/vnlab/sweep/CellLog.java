package dev.vnlab.sweep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The writer of one shard's results file ({@link ResultsFile}): a line per finished cell,
 * written with one call and forced to disk ({@link FileChannel#force}) before the cell counts
 * as done. Opening it takes the shard's lock in the directory's {@link SweepLocks} (one process
 * per shard). The file is touched only by the first cell: that append cuts off a torn last line
 * left by a killed run and writes the header into a new file, so a run that fails before any
 * cell finishes leaves the directory as it was. A file holding only the header of another
 * configuration (no cell lost by it) is taken over. Thread-safe.
 */
public final class CellLog implements AutoCloseable {
    private final Path file;
    private final Header header;
    private final SweepLocks locks;
    private final FileLock lock;
    private final ResultsFile existing;
    private final long keep;
    private final boolean writeHeader;
    private FileChannel channel; // opened by the first append

    private CellLog(Path file, Header header, SweepLocks locks, FileLock lock, ResultsFile existing, long keep, boolean writeHeader) {
        this.file = file;
        this.header = header;
        this.locks = locks;
        this.lock = lock;
        this.existing = existing;
        this.keep = keep;
        this.writeHeader = writeHeader;
    }

    /**
     * Opens {@code dir}'s results file for {@code header}'s shard (created by the first append).
     *
     * @throws IllegalArgumentException if the file holds cells of another configuration (the
     *         message names the field), or another process has it open
     * @throws IOException if it cannot be read, or is damaged
     */
    public static CellLog open(Path dir, Shard shard, Header header) throws IOException {
        Path file = dir.resolve(ResultsFile.fileName(shard));
        SweepLocks locks = SweepLocks.open(dir);
        FileLock lock = null;
        try {
            lock = locks.tryResultsFile(shard);
            if (lock == null) {
                throw new IllegalArgumentException("another process is appending to " + file + "; expected one process per shard (use another --shard or --out)");
            }
            ResultsFile found = Files.exists(file) ? ResultsFile.read(file) : ResultsFile.absent(file); // under the lock: no other writer changes it now
            boolean headerOnly = found.header() != null && found.entries().isEmpty();
            if (found.header() != null && !headerOnly) Recorded.requireSameSweep(header, found, SweepRunner.RESUME_HINT);
            boolean replace = headerOnly && header.difference(found.header()) != null;
            return new CellLog(file, header, locks, lock, found, replace ? 0 : found.validLength(), replace || found.header() == null);
        } catch (IOException | RuntimeException e) {
            try (locks) {
                if (lock != null) lock.release();
            }
            throw e;
        }
    }

    /** The file as it was when opened (a torn tail, if any, is cut off by the first append). */
    public ResultsFile existing() {
        return existing;
    }

    /** Appends one finished cell and forces it to disk; when this returns, the cell is recorded. */
    public synchronized void append(String key, Map<String, Object> record) throws IOException {
        String line = new ResultsFile.Entry(key, record).toJsonLine() + "\n";
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel.truncate(keep);
                channel.position(keep);
                if (writeHeader) line = header.toJsonLine() + "\n" + line;
            }
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) channel.write(buf);
            channel.force(true);
        } catch (FileSystemException e) {
            throw e; // names the file already
        } catch (IOException e) {
            throw new IOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override public synchronized void close() throws IOException {
        try (locks) {
            try {
                if (channel != null) channel.close();
            } finally {
                if (lock.isValid()) lock.release();
            }
        }
    }
}
