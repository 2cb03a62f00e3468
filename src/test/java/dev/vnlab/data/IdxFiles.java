package dev.vnlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for the tests, including deliberately broken ones. */
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
        if (!gzip) return Files.write(p, content);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(bytes)) {
            z.write(content);
        }
        return Files.write(p, bytes.toByteArray());
    }
}
