package dev.vnlab.data;

import dev.vnlab.io.AtomicFile;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * numpy's {@code .npy} format, so weights and activations go straight to numpy ({@code np.load})
 * and PyTorch ({@code torch.from_numpy}). Files are written as version 1.0: little-endian float32
 * ({@code <f4}) or float64 ({@code <f8}), C order, a header padded to 64 bytes; a file is written
 * to a temporary sibling and moved into place, so a failure never leaves a half-written file.
 *
 * <p>Reading takes what numpy writes for a float array:
 * <ul>
 *   <li>versions 1.0, 2.0 (a 4-byte header length) and 3.0 (a UTF-8 header), a header of at most
 *       65535 bytes;</li>
 *   <li>a header that is a Python dict literal (of strings, integers, {@code True}, {@code False},
 *       {@code None}, tuples and lists, nested at most 32 deep, spaces, tabs and line breaks
 *       between them) with exactly the keys {@code descr}, {@code fortran_order} and
 *       {@code shape} in any order;</li>
 *   <li>{@code descr} {@code <f2} (float16, converted exactly), {@code <f4} or {@code <f8};
 *       {@code >f2}, {@code >f4} and {@code >f8} (big-endian, converted); and {@code |f2},
 *       {@code |f4}, {@code |f8}, read as little-endian;</li>
 *   <li>{@code fortran_order} {@code True} (the elements are put into C order) or {@code False};</li>
 *   <li>{@code shape} a tuple of at most 64 sizes from 0 to 2147483647: {@code ()} for a scalar,
 *       {@code (n,)}, {@code (a, b, ...)}, holding at most 2147483639 elements;</li>
 *   <li>exactly the data bytes the shape declares, the file ending after them.</li>
 * </ul>
 * Anything else, object arrays ({@code |O}, pickles) included, is refused with an IOException
 * whose message starts with the file's name. Nothing is allocated from a size before it is
 * checked against the bytes there are, and the data are read in bounded chunks.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** A float array's header is a few hundred bytes; numpy itself refuses over 10000 by default. */
    private static final int MAX_HEADER = 65535;
    private static final int MAX_RANK = 64;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final String EXPECTED_DESCR = "expected a float array: '<f4', '<f8' or '<f2' ('>' for big-endian)";

    private Npy() {}

    /**
     * An array read back: its shape and its elements in C order, as double.
     *
     * @param float32 whether every element is exactly a float (the file holds float32 or float16)
     */
    public record Array(int[] shape, double[] values, boolean float32) {}

    /** Writes {@code m} (rows x cols, views included) as a float32 .npy file. */
    public static void write(Path file, FloatMatrix m) throws IOException {
        byte[] header = header("<f4", new int[] {m.rows(), m.cols()});
        AtomicFile.write(file, raw -> { // row by row: no second copy of a large matrix, no int-sized byte count
            OutputStream out = new BufferedOutputStream(raw, CHUNK);
            out.write(header);
            ByteBuffer b = ByteBuffer.allocate(4 * m.cols()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < m.rows(); i++) {
                b.clear();
                for (int j = 0; j < m.cols(); j++) b.putFloat(m.get(i, j));
                out.write(b.array(), 0, b.position());
            }
            out.flush();
        });
    }

    /** Writes {@code v} as a one-dimensional float32 .npy file (a bias vector, say). */
    public static void write(Path file, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        write(file, "<f4", new int[] {v.length}, b.array());
    }

    /** Writes {@code m} as a float64 .npy file. */
    public static void write(Path file, DoubleMatrix m) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * m.rows() * m.cols()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) b.putDouble(m.get(i, j));
        write(file, "<f8", new int[] {m.rows(), m.cols()}, b.array());
    }

    /**
     * Writes a float32 .npy (version 1.0, C order) of {@code shape} ({@code {}} for a scalar) and
     * {@code values} to {@code out}, the bytes {@link #write(Path, float[])} writes; {@code out}
     * stays open.
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code values.length} elements
     */
    public static void write(OutputStream out, int[] shape, float[] values) throws IOException {
        long n = 1;
        for (int d : shape) n = d < 0 ? -1 : Math.multiplyExact(n, d);
        if (n != values.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length + " elements");
        out.write(header("<f4", shape));
        ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            b.clear();
            for (; i < values.length && b.hasRemaining(); i++) b.putFloat(values[i]);
            out.write(b.array(), 0, b.position());
        }
    }

    private static void write(Path file, String descr, int[] shape, byte[] data) throws IOException {
        byte[] header = header(descr, shape);
        AtomicFile.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw);
            out.write(header);
            out.write(data);
            out.flush();
        });
    }

    /** The magic, version 1.0, header length and header numpy writes: {@code (n,)} for one dimension, {@code ()} for none. */
    private static byte[] header(String descr, int[] shape) {
        StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) dims.add(Integer.toString(d));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int pad = (64 - (MAGIC.length + 2 + dict.length() + 1) % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII)).array();
    }

    /**
     * Reads an .npy file of float16, float32 or float64 elements (see the class comment for what
     * is accepted).
     *
     * @throws IOException naming the file if it is not such a file, is truncated or has bytes after its data
     */
    public static Array read(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            return read(Channels.newInputStream(ch), ch.size(), file.toString());
        } catch (IOException e) {
            if (e instanceof FileSystemException || String.valueOf(e.getMessage()).startsWith(file + ": ")) throw e;
            throw new IOException(file + ": cannot be read (" + e.getMessage() + ")", e); // a directory, an I/O error: say which file
        }
    }

    /**
     * Reads an .npy of {@code length} bytes from {@code in} (an archive's entry, say), reading no
     * more than {@code length} bytes and leaving {@code in} open. A stream that ends early is
     * refused as truncated; memory grows with the bytes actually read, never beyond what
     * {@code length} allows.
     *
     * @param name what messages call the array, e.g. the file
     * @throws IOException whose message starts with {@code name + ": "} if the bytes are not such
     *     an .npy (see the class comment), or the stream's own IOException
     */
    public static Array read(InputStream in, long length, String name) throws IOException {
        if (length < 0) throw new IllegalArgumentException(name + ": length " + length + " is negative");
        byte[] magic = in.readNBytes((int) Math.min(MAGIC.length, length));
        if (magic.length < MAGIC.length || !Arrays.equals(magic, 0, 6, MAGIC, 0, 6)) {
            throw new IOException(name + ": bad magic; expected an .npy file, which starts with \\x93NUMPY");
        }
        int major = magic[6] & 0xff, minor = magic[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) throw new IOException(name + ": version " + major + "." + minor + " is not supported; expected 1.0, 2.0 or 3.0");
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] l = in.readNBytes((int) Math.min(lengthBytes, length - MAGIC.length));
        if (l.length < lengthBytes) throw new IOException(name + ": truncated within the header length; expected " + lengthBytes + " bytes of it");
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) headerLength = headerLength << 8 | (l[i] & 0xff);
        long start = MAGIC.length + lengthBytes + headerLength;
        if (headerLength > MAX_HEADER) throw new IOException(name + ": header length " + headerLength + " is too large; expected at most " + MAX_HEADER + " bytes");
        if (start > length) throw new IOException(name + ": header length " + headerLength + " runs past the end of the " + length + " bytes there are");
        byte[] h = in.readNBytes((int) headerLength);
        if (h.length < headerLength) throw new IOException(name + ": truncated: " + h.length + " of " + headerLength + " header bytes");
        Header header = Header.of(major == 3 ? utf8(h, name) : new String(h, StandardCharsets.ISO_8859_1), name);

        long bytes = header.count * header.width, available = length - start;
        if (bytes > available) throw new IOException(name + ": truncated: " + available + " of " + bytes + " data bytes of shape " + header.shapeText);
        if (bytes < available) throw new IOException(name + ": " + (available - bytes) + " bytes follow the " + bytes + " data bytes of shape " + header.shapeText + "; expected the data to end there");
        double[] values = data(in, header, name);
        if (header.fortran) values = cOrder(values, header.shape);
        return new Array(header.shape, values, header.width <= 4);
    }

    private static String utf8(byte[] header, String name) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": header is not UTF-8; expected a version 3.0 header in UTF-8");
        }
    }

    /** The elements, read a chunk at a time into an array that grows with what arrives, so a stream that lies about its length costs nothing. */
    private static double[] data(InputStream in, Header h, String name) throws IOException {
        int count = (int) h.count, perChunk = CHUNK / h.width;
        double[] values = new double[Math.min(count, perChunk)];
        byte[] chunk = new byte[Math.min(count, perChunk) * h.width];
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, perChunk), got = in.readNBytes(chunk, 0, n * h.width);
            if (got < n * h.width) throw new IOException(name + ": truncated: " + ((long) done * h.width + got) + " of " + h.count * h.width + " data bytes of shape " + h.shapeText);
            if (done + n > values.length) values = Arrays.copyOf(values, (int) Math.min(count, Math.max(done + n, 2L * values.length)));
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n * h.width).order(h.order);
            for (int i = 0; i < n; i++) {
                values[done++] = switch (h.width) {
                    case 2 -> Float.float16ToFloat(b.getShort());
                    case 4 -> b.getFloat();
                    default -> b.getDouble();
                };
            }
        }
        return values;
    }

    /** Fortran-order elements (first index fastest) put into C order (last index fastest). */
    private static double[] cOrder(double[] f, int[] shape) {
        if (shape.length < 2 || f.length == 0) return f;
        int[] stride = new int[shape.length], index = new int[shape.length];
        stride[shape.length - 1] = 1;
        for (int k = shape.length - 2; k >= 0; k--) stride[k] = stride[k + 1] * shape[k + 1];
        double[] c = new double[f.length];
        for (int i = 0, at = 0; i < f.length; i++) {
            c[at] = f[i];
            for (int k = 0; k < shape.length && i + 1 < f.length; k++) { // the next Fortran index: carry from the first dimension
                at += stride[k];
                if (++index[k] < shape[k]) break;
                at -= shape[k] * stride[k];
                index[k] = 0;
            }
        }
        return c;
    }

    /** What a valid header says: the element width and byte order, the order of the elements, the shape and its element count. */
    private record Header(int width, ByteOrder order, boolean fortran, int[] shape, long count, String shapeText) {
        static Header of(String text, String name) throws IOException {
            Map<String, Object> d = new Literal(text, name).dict();
            if (!d.keySet().equals(KEYS)) {
                throw new IOException(name + ": header keys " + d.keySet() + " are not what a header holds; expected exactly descr, fortran_order and shape");
            }
            Object descr = d.get("descr"), fortran = d.get("fortran_order"), shape = d.get("shape");
            if (!(descr instanceof String t)) throw new IOException(name + ": descr " + Literal.repr(descr) + " is not a plain dtype; " + EXPECTED_DESCR);
            if (t.matches("[<>|=]?O\\d*")) throw new IOException(name + ": descr " + Literal.repr(t) + " is an object array of pickled Python objects, which is never loaded; " + EXPECTED_DESCR);
            if (!t.matches("[<>|]f[248]")) throw new IOException(name + ": descr " + Literal.repr(t) + " is not a supported type; " + EXPECTED_DESCR);
            if (!(fortran instanceof Boolean f)) throw new IOException(name + ": fortran_order " + Literal.repr(fortran) + " is not True or False");
            String shapeText = Literal.repr(shape);
            if (!(shape instanceof Object[] dims)) throw new IOException(name + ": shape " + shapeText + " is not a tuple; expected sizes such as (3, 4), (4,) or ()");
            if (dims.length > MAX_RANK) throw new IOException(name + ": shape has " + dims.length + " dimensions; expected at most " + MAX_RANK);
            int[] sizes = new int[dims.length];
            boolean empty = false;
            for (int k = 0; k < dims.length; k++) {
                if (!(dims[k] instanceof BigInteger b)) throw new IOException(name + ": dimension " + Literal.repr(dims[k]) + " of shape " + shapeText + " is not an integer");
                if (b.signum() < 0 || b.bitLength() > 31) {
                    throw new IOException(name + ": dimension " + b + " of shape " + shapeText + " is out of range; expected 0 to " + Integer.MAX_VALUE);
                }
                sizes[k] = b.intValue();
                empty |= sizes[k] == 0;
            }
            long count = empty ? 0 : 1; // a zero anywhere empties the array, however large the other sizes
            for (int s : sizes) {
                if (count > MAX_ELEMENTS / Math.max(s, 1)) throw new IOException(name + ": shape " + shapeText + " holds more than the " + MAX_ELEMENTS + " elements an array holds");
                count *= s;
            }
            return new Header(t.charAt(2) - '0', t.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, f, sizes, count, shapeText);
        }
    }

    /**
     * A parser of a header's Python dict literal, limited to the values a header holds: a string
     * becomes String, an integer BigInteger, True and False Boolean, None {@link #NONE}, a tuple
     * Object[] and a list List.
     */
    private static final class Literal {
        static final Object NONE = new Object();
        private static final int MAX_DEPTH = 32;
        private final String s, name;
        private int at;

        Literal(String s, String name) {
            this.s = s;
            this.name = name;
        }

        Map<String, Object> dict() throws IOException {
            Map<String, Object> d = new LinkedHashMap<>();
            expect('{');
            while (!peek('}')) {
                if (!(value(0) instanceof String key)) throw fail("a key is not a string");
                expect(':');
                if (d.containsKey(key)) throw fail("key '" + key + "' appears twice");
                d.put(key, value(0));
                if (!peek(',')) break;
                at++;
            }
            expect('}');
            space();
            if (at < s.length()) throw fail("text follows the closing brace");
            return d;
        }

        private Object value(int depth) throws IOException {
            space();
            if (at == s.length()) throw fail("it ends early");
            char c = s.charAt(at);
            if (c == '\'' || c == '"') {
                int end = at + 1;
                while (end < s.length() && s.charAt(end) != c) {
                    if ("\\\n\r".indexOf(s.charAt(end)) >= 0) throw fail("a string holds a backslash or a line break");
                    end++;
                }
                if (end == s.length()) throw fail("a string is not closed");
                String v = s.substring(at + 1, end);
                at = end + 1;
                return v;
            }
            if (c == '-' || digit(c)) {
                int from = at++;
                while (at < s.length() && digit(s.charAt(at))) at++;
                if (at - from == 1 && c == '-') throw fail("a minus sign has no digits");
                return new BigInteger(s.substring(from, at));
            }
            if (c == '(' || c == '[') {
                if (depth == MAX_DEPTH) throw fail("values nest more than " + MAX_DEPTH + " deep");
                at++;
                return sequence(c == '(' ? ')' : ']', depth + 1);
            }
            int from = at;
            while (at < s.length() && (s.charAt(at) == '_' || digit(s.charAt(at)) || (s.charAt(at) | 0x20) >= 'a' && (s.charAt(at) | 0x20) <= 'z')) at++;
            return switch (s.substring(from, at)) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> NONE;
                default -> {
                    at = from;
                    throw fail("'" + c + "' does not start a string, integer, True, False, None, tuple or list");
                }
            };
        }

        /** The items up to {@code close}: a list, a tuple, or for {@code (x)} without a comma just x, as in Python. */
        private Object sequence(char close, int depth) throws IOException {
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            while (!peek(close)) {
                items.add(value(depth));
                if (!peek(',')) break;
                at++;
                comma = true;
            }
            expect(close);
            if (close == ']') return items;
            return items.size() == 1 && !comma ? items.get(0) : items.toArray();
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }

        /** Skips spaces, tabs and line breaks. */
        private void space() {
            while (at < s.length() && " \t\n\r\f".indexOf(s.charAt(at)) >= 0) at++;
        }

        /** Whether {@code c} comes next, after any space. */
        private boolean peek(char c) {
            space();
            return at < s.length() && s.charAt(at) == c;
        }

        private void expect(char c) throws IOException {
            if (!peek(c)) throw fail("'" + c + "' is missing");
            at++;
        }

        private IOException fail(String why) {
            String text = s.strip().replaceAll("\\p{Cntrl}", "?");
            if (text.length() > 120) text = text.substring(0, 120) + "...";
            return new IOException(name + ": header " + text + " is not a Python dict literal (" + why + " at character " + at
                    + "); expected one such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
        }

        /** Python's spelling of a parsed value, for messages: its first 120 characters. */
        static String repr(Object v) {
            String r = spelling(v);
            return r.length() > 120 ? r.substring(0, 120) + "..." : r;
        }

        private static String spelling(Object v) {
            if (v instanceof String t) return "'" + t + "'";
            if (v instanceof Boolean b) return b ? "True" : "False";
            if (v == NONE) return "None";
            if (v instanceof List<?> l) {
                StringJoiner j = new StringJoiner(", ", "[", "]");
                for (Object o : l) j.add(spelling(o));
                return j.toString();
            }
            if (v instanceof Object[] a) {
                StringJoiner j = new StringJoiner(", ", "(", a.length == 1 ? ",)" : ")");
                for (Object o : a) j.add(spelling(o));
                return j.toString();
            }
            return String.valueOf(v);
        }
    }
}
