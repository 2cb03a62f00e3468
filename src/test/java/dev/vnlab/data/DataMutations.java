package dev.vnlab.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import dev.vnlab.testing.ByteChanges;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Random valid IDX content and gzip files, and random ways to break them, for the fuzz test:
 * each change is noted in {@link #log} so that a failing case says what was done to its files.
 * Gzip members are written here from RFC 1952 (with the optional header fields at random), not
 * by java.util.zip's stream, so that valid files of every shape occur.
 */
final class DataMutations {
    private static final int[] TYPES = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E};
    private static final int[] WIDTHS = {1, 1, 2, 4, 4, 8};

    private final Random rnd;
    /** What was generated and changed, in order. */
    final List<String> log;

    DataMutations(Random rnd, List<String> log) {
        this.rnd = rnd;
        this.log = log;
    }

    /** Valid IDX content: a random element type, rank 1 to 4, small dimensions (now and then one large file). */
    byte[] idx() {
        if (rnd.nextInt(40) == 0) { // crosses the readers' 64 KiB buffers
            int n = 90 + rnd.nextInt(200);
            log.add("idx ubyte " + n + " x 28 x 28");
            return IdxFiles.idx(0x08, new int[] {n, 28, 28}, random(n * 784));
        }
        int t = rnd.nextInt(TYPES.length), rank = 1 + rnd.nextInt(4);
        int[] dims = new int[rank];
        int count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(i == 0 ? 12 : 5);
            count *= dims[i];
        }
        log.add(String.format("idx type 0x%02x dims %s", TYPES[t], Arrays.toString(dims)));
        return IdxFiles.idx(TYPES[t], dims, random(count * WIDTHS[t]));
    }

    /** Valid images: n x r x c unsigned bytes. */
    byte[] images(int n, int r, int c) {
        return IdxFiles.idx(0x08, new int[] {n, r, c}, random(n * r * c));
    }

    /** Valid labels: n values in [0, 10), mostly unsigned bytes, sometimes another integer type. */
    byte[] labels(int n) {
        int t = rnd.nextInt(8) == 0 ? rnd.nextInt(4) : 0;
        ByteBuffer body = ByteBuffer.allocate(n * WIDTHS[t]);
        for (int i = 0; i < n; i++) {
            int y = rnd.nextInt(Mnist.CLASSES);
            switch (WIDTHS[t]) {
                case 1 -> body.put((byte) y);
                case 2 -> body.putShort((short) y);
                default -> body.putInt(y);
            }
        }
        return IdxFiles.idx(TYPES[t], new int[] {n}, body.array());
    }

    /** {@code content} as 1 to 3 gzip members (split at random points, empty members allowed). */
    byte[] gzip(byte[] content) {
        int members = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(2) : 1;
        int[] cuts = new int[members + 1];
        cuts[members] = content.length;
        for (int i = 1; i < members; i++) cuts[i] = rnd.nextInt(content.length + 1);
        Arrays.sort(cuts, 1, members);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < members; i++) out.writeBytes(member(Arrays.copyOfRange(content, cuts[i], cuts[i + 1])));
        log.add("gzip in " + members + (members == 1 ? " member" : " members"));
        return out.toByteArray();
    }

    /** One gzip member of {@code content}: optional header fields at random, a random deflate level (0: stored blocks). */
    byte[] member(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flags = rnd.nextInt(4) == 0 ? rnd.nextInt(32) : 0;
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags});
        out.writeBytes(random(4)); // modification time
        out.writeBytes(new byte[] {0, 3});
        if ((flags & 4) != 0) {
            int n = rnd.nextInt(9);
            out.writeBytes(new byte[] {(byte) n, 0});
            out.writeBytes(random(n));
        }
        for (int field : new int[] {8, 16}) {
            if ((flags & field) == 0) continue;
            for (int i = rnd.nextInt(6); i > 0; i--) out.write('a' + rnd.nextInt(26));
            out.write(0);
        }
        if ((flags & 2) != 0) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue());
            out.write((int) crc.getValue() >>> 8);
        }
        Deflater deflater = new Deflater(rnd.nextInt(10), true);
        deflater.setInput(content);
        deflater.finish();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).putInt(content.length).array());
        return out.toByteArray();
    }

    /** IDX content changed before any compression: a dimension, the type or rank, the magic, or the body's length. */
    byte[] changeContent(byte[] idx) {
        byte[] b = idx.clone();
        int rank = b.length >= 4 ? b[3] & 0xff : 0;
        switch (rnd.nextInt(5)) {
            case 0 -> {
                if (rank < 1 || b.length < 4 + 4 * rank) return flip(b);
                int i = rnd.nextInt(rank), old = ByteBuffer.wrap(b).getInt(4 + 4 * i);
                int[] choices = {old + 1, old - 1, 0, rnd.nextInt(10), 1 << (8 + rnd.nextInt(23)), -1, Integer.MAX_VALUE, rnd.nextInt()};
                int v = choices[rnd.nextInt(choices.length)];
                ByteBuffer.wrap(b).putInt(4 + 4 * i, v);
                log.add("dimension " + i + " " + old + " -> " + v);
            }
            case 1 -> {
                int v = rnd.nextBoolean() ? TYPES[rnd.nextInt(TYPES.length)] : rnd.nextInt(256);
                log.add(String.format("type -> 0x%02x", v));
                b[2] = (byte) v;
            }
            case 2 -> {
                int v = rnd.nextBoolean() ? rank + (rnd.nextBoolean() ? 1 : -1) : rnd.nextInt(256);
                log.add("rank " + rank + " -> " + v);
                b[3] = (byte) v;
            }
            case 3 -> {
                int k = 1 + rnd.nextInt(8);
                log.add("body " + k + " bytes longer");
                return IdxFiles.concat(b, random(k));
            }
            default -> {
                int k = Math.min(b.length, 1 + rnd.nextInt(8));
                log.add("body " + k + " bytes shorter");
                return Arrays.copyOf(b, b.length - k);
            }
        }
        return b;
    }

    /** A file's final bytes changed: bits, bytes, its length, or what follows the last gzip member. */
    byte[] changeFile(byte[] f) {
        switch (rnd.nextInt(10)) {
            case 0 -> { return flip(f); }
            case 1 -> {
                if (f.length == 0) return random(1 + rnd.nextInt(4));
                int at = position(f.length);
                byte[] b = f.clone();
                b[at] = (byte) rnd.nextInt(256);
                log.add("byte " + at + " -> " + (b[at] & 0xff));
                return b;
            }
            case 2 -> { return ByteChanges.truncated(rnd, f, log); }
            case 3 -> {
                byte[] tail = random(1 + rnd.nextInt(16));
                log.add(tail.length + " random bytes appended");
                return IdxFiles.concat(f, tail);
            }
            case 4 -> {
                int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 600);
                log.add(n + " zero bytes appended");
                return IdxFiles.concat(f, new byte[n]);
            }
            case 5 -> {
                byte[] extra = rnd.nextBoolean() ? new byte[0] : random(1 + rnd.nextInt(8));
                log.add("a gzip member of " + extra.length + " bytes appended");
                return IdxFiles.concat(f, member(extra));
            }
            case 6 -> {
                int at = rnd.nextInt(f.length + 1);
                log.add("a byte inserted at " + at);
                return IdxFiles.concat(Arrays.copyOf(f, at), random(1), Arrays.copyOfRange(f, at, f.length));
            }
            case 7 -> {
                if (f.length == 0) return f;
                int at = position(f.length);
                log.add("byte " + at + " deleted");
                return IdxFiles.concat(Arrays.copyOf(f, at), Arrays.copyOfRange(f, at + 1, f.length));
            }
            case 8 -> {
                if (f.length < 4) return flip(f);
                byte[] b = f.clone();
                int at = 2 + rnd.nextInt(2); // a gzip member's method or flags, or an IDX file's type or rank
                b[at] = (byte) (rnd.nextBoolean() ? b[at] ^ 1 << (5 + rnd.nextInt(3)) : rnd.nextInt(256));
                log.add("byte " + at + " -> " + (b[at] & 0xff));
                return b;
            }
            default -> { return ByteChanges.bitsFlipped(rnd, f, log); }
        }
    }

    /** A change that keeps every declared size small: the file cut short, or bytes after its end. */
    byte[] changeTail(byte[] f) {
        if (rnd.nextBoolean() && f.length > 0) return ByteChanges.truncated(rnd, f, log);
        byte[] tail = rnd.nextBoolean() ? new byte[1 + rnd.nextInt(32)] : random(1 + rnd.nextInt(32));
        log.add(tail.length + " bytes appended");
        return IdxFiles.concat(f, tail);
    }

    private byte[] flip(byte[] f) {
        if (f.length == 0) return random(1);
        byte[] b = f.clone();
        int at = position(f.length), bit = rnd.nextInt(8);
        b[at] ^= (byte) (1 << bit);
        log.add("bit " + bit + " of byte " + at + " flipped");
        return b;
    }

    /** A position in [0, length), half the time in the first 24 bytes (the headers). */
    private int position(int length) {
        return rnd.nextBoolean() ? rnd.nextInt(Math.min(length, 24)) : rnd.nextInt(length);
    }

    byte[] random(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    Random random() {
        return rnd;
    }
}
