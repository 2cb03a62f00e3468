package dev.vnlab.sweep;

import dev.vnlab.report.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The cells that other processes record in a sweep directory while this one runs: the keys in
 * every results file of the same sweep but this run's own, read again only from where each
 * file was last read, so asking before every cell costs the new lines, not the whole files.
 * A file of another configuration, or a line that does not parse (a torn tail, damage that the
 * next run reports), adds nothing. Thread-safe.
 */
final class RecordsElsewhere {
    private final Path dir;
    private final String ownFile;
    private final Header expected;
    private final Set<String> keys = new HashSet<>();
    private final Map<String, Tail> tails = new HashMap<>();

    /** How far one file has been read, and whether its header is this sweep's. */
    private static final class Tail {
        long offset;
        boolean sameSweep;
    }

    /**
     * @param dir the sweep directory
     * @param ownFile the name of this run's own results file, left out (its cells are known)
     * @param expected the header of this run's sweep
     */
    RecordsElsewhere(Path dir, String ownFile, Header expected) {
        this.dir = dir;
        this.ownFile = ownFile;
        this.expected = expected;
    }

    /** True if another results file of the sweep has recorded {@code key} by now. */
    synchronized boolean has(String key) throws IOException {
        if (keys.contains(key)) return true;
        refresh();
        return keys.contains(key);
    }

    private void refresh() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (name.equals(ownFile) || !ResultsFile.NAME.matcher(name).matches()) continue;
                readNewLines(p, tails.computeIfAbsent(name, n -> new Tail()));
            }
        }
    }

    private void readNewLines(Path file, Tail tail) throws IOException {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < tail.offset) tail.offset = 0; // replaced (a merge) or cut back: read it again
            if (size == tail.offset) return;
            if (size - tail.offset > Integer.MAX_VALUE - 8) throw new IOException("results file " + file + " grew by over 2 GB at once; expected lines of cell records");
            ByteBuffer buf = ByteBuffer.allocate((int) (size - tail.offset));
            while (buf.hasRemaining() && ch.read(buf, tail.offset + buf.position()) >= 0) { }
            bytes = buf.array();
        } catch (NoSuchFileException e) {
            return; // moved away meanwhile
        }
        int start = 0;
        for (int end; (end = nextLineEnd(bytes, start)) >= 0; start = end + 1) {
            Object line;
            try {
                line = Json.parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
                if (tail.offset == 0 && start == 0) {
                    tail.sameSweep = expected.difference(Header.fromJson(line)) == null;
                } else if (tail.sameSweep) {
                    keys.add(ResultsFile.entry(line).key());
                }
            } catch (IllegalArgumentException e) {
                break; // torn or damaged: read again from here next time
            }
        }
        tail.offset += start;
    }

    private static int nextLineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) if (bytes[i] == '\n') return i;
        return -1;
    }
}
