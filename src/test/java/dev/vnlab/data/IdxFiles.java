package dev.vnlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Writes IDX files for the tests, including deliberately broken ones, and things that are not files. */
final class IdxFiles {
    private IdxFiles() {}

    /** Header (magic with type and rank, then dims) followed by {@code body}. */
    static byte[] idx(int type, int[] dims, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(body);
        return b.array();
    }

    static byte[] ubytes(int n, int mod) {
        byte[] x = new byte[n];
        for (int i = 0; i < n; i++) x[i] = (byte) (i % mod);
        return x;
    }

    static Path write(Path dir, String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(gzip ? name + ".gz" : name);
        return Files.write(p, gzip ? gzip(content) : content);
    }

    /** {@code content} as one gzip member, as java.util.zip writes it. */
    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(bytes)) {
            z.write(content);
        }
        return bytes.toByteArray();
    }

    /** The arrays one after another. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }

    /**
     * Creates a named pipe at {@code path} with mkfifo(1); aborts the calling test only where
     * there is no mkfifo.
     */
    static Path fifo(Path path) throws IOException, InterruptedException {
        if (!mkfifo(path)) Assumptions.abort("mkfifo is not available");
        return path;
    }

    /** Creates a named pipe at {@code path} with mkfifo(1); false if there is no mkfifo to run. */
    static boolean mkfifo(Path path) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return false;
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("mkfifo " + path + " failed: " + output);
        return true;
    }
}
