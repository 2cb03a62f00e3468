package dev.vnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The decompressed bytes of a gzip file (RFC 1952) that must be gzip through to its end: one or
 * more members (concatenated members are one file, as {@code gzip -d} reads them), each with a
 * valid header, deflate data, and a trailer whose CRC-32 and length match the data, and nothing
 * after the last member. {@link java.util.zip.GZIPInputStream} stops without a word at bytes
 * that do not start a member (garbage, zero padding) and accepts reserved header flags; here
 * both are errors. Every problem is a {@link ZipException} whose message says what is wrong with
 * the file, to follow its name ("is truncated: ...", "has bytes after its last gzip member ...").
 */
final class StrictGzipInputStream extends InputStream {
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xe0;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position, limit;
    /** Compressed bytes before buffer[0], for messages. */
    private long bufferStart;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberLength;
    private int members;
    private boolean inMember, ended;

    /** Decompresses {@code in}, which must start with a gzip member; closing this closes it. */
    StrictGzipInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        while (!ended) {
            if (!inMember) {
                startMember();
                continue;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("has corrupt gzip data in member " + members + " (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberLength += n;
                return n;
            }
            if (inflater.finished()) {
                position = limit - inflater.getRemaining();
                endMember();
            } else if (inflater.needsInput()) {
                // What the header left in the buffer goes first.
                if (position == limit && !fill()) throw new ZipException("is truncated: its gzip data end inside member " + members);
                inflater.setInput(buffer, position, limit - position);
                position = limit;
            } else { // raw deflate has no preset dictionary: nothing else stops an inflater with input
                throw new ZipException("has corrupt gzip data in member " + members + " (the deflate data make no progress)");
            }
        }
        return -1;
    }

    /** Reads the header of the next member, or ends the stream where the file ends after a member. */
    private void startMember() throws IOException {
        long at = offset();
        int id1 = nextByte();
        if (id1 < 0 && members > 0) {
            ended = true;
            return;
        }
        int id2 = id1 == 0x1f ? nextByte() : -1;
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new ZipException(members == 0 ? "is not gzip data (no gzip magic number)"
                    : "has bytes after its last gzip member, from byte " + at + " on, that are not gzip; expected nothing after the last member");
        }
        CRC32 headerCrc = new CRC32();
        headerCrc.update(0x1f);
        headerCrc.update(0x8b);
        int method = headerByte(headerCrc);
        if (method != 8) throw new ZipException("gzip member " + (members + 1) + " has compression method " + method + "; expected 8 (deflate)");
        int flags = headerByte(headerCrc);
        if ((flags & RESERVED) != 0) {
            throw new ZipException(String.format("gzip member %d sets reserved flag bits (flags 0x%02x); expected them clear", members + 1, flags));
        }
        for (int i = 0; i < 6; i++) headerByte(headerCrc); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            int length = headerByte(headerCrc) | headerByte(headerCrc) << 8;
            for (int i = 0; i < length; i++) headerByte(headerCrc);
        }
        for (int field : new int[] {FNAME, FCOMMENT}) {
            if ((flags & field) != 0) while (headerByte(headerCrc) != 0) { /* a zero-terminated name or comment */ }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xffff;
            int stored = headerByte(headerCrc) | headerByte(headerCrc) << 8;
            if (stored != expected) throw new ZipException("gzip member " + (members + 1) + " has a header CRC that does not match its header");
        }
        members++;
        inflater.reset();
        crc.reset();
        memberLength = 0;
        inMember = true;
    }

    /** Checks the trailer of the member just inflated: the CRC-32 and length (mod 2^32) of its data. */
    private void endMember() throws IOException {
        long storedCrc = trailerInt(), storedLength = trailerInt();
        if (storedCrc != crc.getValue()) {
            throw new ZipException(String.format("has a corrupt gzip member %d: its CRC-32 is 0x%08x but its data give 0x%08x", members, storedCrc, crc.getValue()));
        }
        if (storedLength != (memberLength & 0xffffffffL)) {
            throw new ZipException("has a corrupt gzip member " + members + ": its trailer gives a length of " + storedLength + " bytes but it holds "
                    + memberLength);
        }
        inMember = false;
    }

    private long trailerInt() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = nextByte();
            if (b < 0) throw new ZipException("is truncated: gzip member " + members + " ends inside its trailer");
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private int headerByte(CRC32 headerCrc) throws IOException {
        int b = nextByte();
        if (b < 0) throw new ZipException("is truncated: gzip member " + (members + 1) + " ends inside its header");
        headerCrc.update(b);
        return b;
    }

    /** The next compressed byte outside the inflater's input, or -1 at the end of the file. */
    private int nextByte() throws IOException {
        if (position == limit && !fill()) return -1;
        return buffer[position++] & 0xff;
    }

    /** Refills the buffer once it is used up; false at the end of the file. */
    private boolean fill() throws IOException {
        bufferStart += limit;
        position = limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) return false;
        limit = n;
        return true;
    }

    private long offset() {
        return bufferStart + position;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
