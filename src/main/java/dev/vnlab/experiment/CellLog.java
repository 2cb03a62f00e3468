package dev.vnlab.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The writer of one shard's results file ({@link ResultsFile}): a line per finished cell,
 * written with one call and forced to disk ({@link FileChannel#force}) before the cell counts
 * as done. Opening it takes the shard's lock in the directory's {@link SweepLocks} (one process
 * per shard), cuts off a torn last line left by a killed run and writes the header into a new or
 * empty file. Thread-safe.
 */
public final class CellLog implements AutoCloseable {
    private final FileChannel channel;
    private final SweepLocks locks;
    private final FileLock lock;
    private final ResultsFile existing;

    private CellLog(FileChannel channel, SweepLocks locks, FileLock lock, ResultsFile existing) {
        this.channel = channel;
        this.locks = locks;
        this.lock = lock;
        this.existing = existing;
    }

    /**
     * Opens (creating if needed) {@code dir}'s results file for {@code header}'s shard.
     *
     * @throws IllegalArgumentException if the file holds cells of another configuration (the
     *         message names the field), or another process has it open
     * @throws IOException if it cannot be read or written, or is damaged
     */
    public static CellLog open(Path dir, Shard shard, Header header) throws IOException {
        Path file = dir.resolve(ResultsFile.fileName(shard));
        SweepLocks locks = SweepLocks.open(dir);
        FileLock lock = null;
        FileChannel ch = null;
        try {
            lock = locks.tryResultsFile(shard);
            if (lock == null) {
                throw new IllegalArgumentException("another process is appending to " + file + "; expected one process per shard (use another --shard or --out)");
            }
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ResultsFile found = ResultsFile.read(file); // under the lock: what no other writer changes now
            if (found.header() != null) Recorded.requireSameSweep(header, found, SweepRunner.RESUME_HINT);
            ch.truncate(found.validLength());
            ch.position(found.validLength());
            CellLog log = new CellLog(ch, locks, lock, found);
            if (found.header() == null) log.writeLine(header.toJsonLine());
            return log;
        } catch (IOException | RuntimeException e) {
            try (locks) {
                if (ch != null) ch.close();
                if (lock != null) lock.release();
            }
            throw e;
        }
    }

    /** The file as it was when opened (its torn tail, if any, since cut off). */
    public ResultsFile existing() {
        return existing;
    }

    /** Appends one finished cell and forces it to disk; when this returns, the cell is recorded. */
    public synchronized void append(String key, Map<String, Object> record) throws IOException {
        writeLine(new ResultsFile.Entry(key, record).toJsonLine());
    }

    private void writeLine(String json) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(true);
    }

    @Override public synchronized void close() throws IOException {
        try (locks) {
            try {
                channel.close();
            } finally {
                if (lock.isValid()) lock.release();
            }
        }
    }
}
