package dev.vnlab.weights;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A strict decoder of .npz archives for the fuzz test's oracle, written from numpy's format
 * description and the rules {@link Npz} and {@link dev.vnlab.data.Npy} document, sharing no
 * code with them: {@link ZipFile} reads the container, as it does for Npz, but every entry is
 * read whole (the fuzz archives are small) and checked here, and the .npy inside is decoded here,
 * its header by a regular-expression tokenizer and its elements byte by byte.
 */
final class ReferenceNpz {
    private ReferenceNpz() {}

    /** Why bytes are refused. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String why) {
            super(why, null, false, false);
        }
    }

    /** A decoded .npy: its shape and its elements in C order. */
    record Decoded(int[] shape, double[] values) {}

    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final Pattern TOKEN = Pattern.compile(
            "[ \\t\\n\\r\\f]*+(?:'([^'\\\\\\n\\r]*+)'|\"([^\"\\\\\\n\\r]*+)\"|(-?[0-9]++)|([A-Za-z_][A-Za-z0-9_]*+)|([{}()\\[\\],:]))");
    private static final Pattern SPACE = Pattern.compile("[ \\t\\n\\r\\f]*");
    private static final Object NONE = new Object();
    private static final Map<String, Integer> WIDTHS = Map.of("f2", 2, "f4", 4, "f8", 8);

    /** The tensors of the archive at {@code file}. */
    static List<Tensor> decode(Path file) throws Rejected {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long fileSize = Files.size(file);
            List<Tensor> tensors = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String entry = e.getName();
                if (entry.endsWith("/") || !entry.endsWith(".npy")) throw new Rejected("entry " + entry + " is not NAME.npy");
                String name = entry.substring(0, entry.length() - 4);
                if (!names.add(name)) throw new Rejected("name " + name + " twice");
                long size = e.getSize(), packed = e.getCompressedSize();
                if (size < 0 || packed < 0 || packed > fileSize) throw new Rejected(name + ": sizes " + size + ", " + packed);
                if (e.getMethod() == ZipEntry.STORED ? size != packed : size > 1032 * packed) throw new Rejected(name + ": size " + size + " from " + packed);
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) Math.min(size + 1, Integer.MAX_VALUE - 8));
                }
                if (bytes.length != size) throw new Rejected(name + ": " + bytes.length + " bytes, not " + size);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (crc.getValue() != e.getCrc()) throw new Rejected(name + ": CRC-32");
                Decoded d = npy(bytes);
                float[] v = new float[d.values.length];
                for (int i = 0; i < v.length; i++) v[i] = (float) d.values[i];
                tensors.add(new Tensor(name, d.shape, v));
            }
            return tensors;
        } catch (IOException e) {
            throw new Rejected("zip: " + e);
        }
    }

    /** The .npy in {@code b}, which must be nothing else. */
    static Decoded npy(byte[] b) throws Rejected {
        if (b.length < 10 || !new String(b, 0, 6, StandardCharsets.ISO_8859_1).equals("\u0093NUMPY")) throw new Rejected("magic");
        int version = b[6], start = version == 1 ? 10 : 12;
        if (version < 1 || version > 3 || b[7] != 0 || b.length < start) throw new Rejected("version");
        long headerLength = 0;
        for (int i = start - 1; i >= 8; i--) headerLength = headerLength * 256 + (b[i] & 0xff);
        if (headerLength > 65535 || start + headerLength > b.length) throw new Rejected("header length " + headerLength);
        byte[] h = Arrays.copyOfRange(b, start, start + (int) headerLength);
        String text = new String(h, version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (version == 3 && !Arrays.equals(text.getBytes(StandardCharsets.UTF_8), h)) throw new Rejected("not UTF-8");
        Map<String, Object> dict = new Parser(text).dict();
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) throw new Rejected("keys " + dict.keySet());
        if (!(dict.get("descr") instanceof String descr) || descr.length() != 3 || "<>|".indexOf(descr.charAt(0)) < 0 || !WIDTHS.containsKey(descr.substring(1))) {
            throw new Rejected("descr " + dict.get("descr"));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) throw new Rejected("fortran_order");
        if (!(dict.get("shape") instanceof Tuple(List<Object> dims)) || dims.size() > 64) throw new Rejected("shape");
        int[] shape = new int[dims.size()];
        BigInteger count = BigInteger.ONE;
        for (int k = 0; k < shape.length; k++) {
            if (!(dims.get(k) instanceof BigInteger d) || d.signum() < 0 || d.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) throw new Rejected("dimension " + dims.get(k));
            shape[k] = d.intValueExact();
            count = count.multiply(d);
        }
        if (count.compareTo(BigInteger.valueOf(MAX_ELEMENTS)) > 0) throw new Rejected("count " + count);
        int width = WIDTHS.get(descr.substring(1)), n = count.intValueExact();
        int at = start + (int) headerLength;
        if ((long) n * width != b.length - at) throw new Rejected("data of " + (b.length - at) + " bytes for " + n + " elements");
        double[] file = new double[n];
        for (int i = 0; i < n; i++, at += width) {
            long bits = 0;
            for (int j = 0; j < width; j++) bits |= (long) (b[at + (descr.charAt(0) == '>' ? width - 1 - j : j)] & 0xff) << 8 * j;
            file[i] = width == 2 ? half((int) bits) : width == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
        }
        if (!fortran) return new Decoded(shape, file);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) { // C index i: its multi-index, last dimension fastest, then its Fortran position
            long rest = i, f = 0, stride = 1;
            int[] index = new int[shape.length];
            for (int k = shape.length - 1; k >= 0; k--) {
                index[k] = (int) (rest % shape[k]);
                rest /= shape[k];
            }
            for (int k = 0; k < shape.length; k++) {
                f += index[k] * stride;
                stride *= shape[k];
            }
            c[i] = file[(int) f];
        }
        return new Decoded(shape, c);
    }

    /** An IEEE half-precision number's value. */
    private static double half(int h) {
        int exponent = h >> 10 & 0x1f, mantissa = h & 0x3ff;
        double v = exponent == 0 ? mantissa * 0x1p-24 : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (1024 + mantissa) * Math.pow(2, exponent - 25);
        return (h & 0x8000) != 0 ? -v : v;
    }

    /** A Python tuple, told apart from a list. */
    private record Tuple(List<Object> items) {}

    /** Python literal syntax over the tokens of a header. */
    private static final class Parser {
        private final List<String[]> tokens = new ArrayList<>(); // {kind, text}: S string, I integer, N name, P punctuation
        private int next;

        Parser(String text) throws Rejected {
            Matcher m = TOKEN.matcher(text), space = SPACE.matcher(text);
            for (int at = 0; !space.region(at, text.length()).matches(); ) {
                if (!m.region(at, text.length()).lookingAt()) throw new Rejected("token at " + at);
                for (int g = 1; g <= 5; g++) {
                    if (m.group(g) != null) tokens.add(new String[] {"SSINP".substring(g - 1, g), m.group(g)});
                }
                at = m.end();
            }
        }

        Map<String, Object> dict() throws Rejected {
            take("{");
            Map<String, Object> d = new HashMap<>();
            while (!is("}")) {
                String[] key = token();
                if (!key[0].equals("S")) throw new Rejected("key " + key[1]);
                take(":");
                if (d.containsKey(key[1])) throw new Rejected("key " + key[1] + " twice");
                d.put(key[1], value(0));
                if (!is(",")) break;
                next++;
            }
            take("}");
            if (next != tokens.size()) throw new Rejected("tokens after the dict");
            return d;
        }

        private Object value(int depth) throws Rejected {
            String[] t = token();
            switch (t[0]) {
                case "S": return t[1];
                case "I": return new BigInteger(t[1]);
                case "N":
                    if (t[1].equals("True") || t[1].equals("False")) return Boolean.valueOf(t[1]);
                    if (t[1].equals("None")) return NONE;
                    throw new Rejected("name " + t[1]);
                default:
                    if (!t[1].equals("(") && !t[1].equals("[")) throw new Rejected("value " + t[1]);
                    if (depth >= 32) throw new Rejected("too deep");
                    String close = t[1].equals("(") ? ")" : "]";
                    List<Object> items = new ArrayList<>();
                    int commas = 0;
                    while (!is(close)) {
                        items.add(value(depth + 1));
                        if (!is(",")) break;
                        next++;
                        commas++;
                    }
                    take(close);
                    if (close.equals("]")) return items;
                    return items.size() == 1 && commas == 0 ? items.get(0) : new Tuple(items);
            }
        }

        private String[] token() throws Rejected {
            if (next == tokens.size()) throw new Rejected("header ends");
            return tokens.get(next++);
        }

        private boolean is(String punctuation) {
            return next < tokens.size() && tokens.get(next)[0].equals("P") && tokens.get(next)[1].equals(punctuation);
        }

        private void take(String punctuation) throws Rejected {
            if (!is(punctuation)) throw new Rejected("expected " + punctuation);
            next++;
        }
    }
}
