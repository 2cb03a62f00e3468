package dev.vnlab.weights;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict decoder of {@code .safetensors} bytes, written for the fuzz test's oracle from the
 * format description alone and sharing no code with the library: it takes the whole file as a
 * byte array, decodes UTF-8 by hand, parses JSON with its own recursive descent (numbers kept
 * as text, integers compared as {@link BigInteger}), checks overlaps pairwise, and converts
 * half precision arithmetically. It accepts exactly what {@link SafeTensors#read} documents:
 * unused bytes between tensors are allowed, overlaps are not, an empty tensor may sit at the
 * edge of another's bytes but not inside them.
 */
final class ReferenceSafeTensors {
    private static final BigInteger MAX_ELEMENTS = BigInteger.valueOf(Integer.MAX_VALUE - 8);
    private static final BigInteger MAX_DIM = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final long MAX_HEADER = 100_000_000;
    private static final List<String> FIELDS = List.of("data_offsets", "dtype", "shape");

    private ReferenceSafeTensors() {}

    /** Why bytes are refused. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String why) {
            super(why, null, false, false);
        }
    }

    /** What a valid file holds: tensors in data order (ties in header order), metadata in header order. */
    record Decoded(List<Tensor> tensors, Map<String, String> metadata) {}

    /** A JSON number, as written. */
    private record Num(String text) {
        boolean integral() {
            return text.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9'));
        }
    }

    /** true, false or null: no field accepts one. */
    private record Literal(String word) {}

    /** A JSON object: its members in order, repeats refused by the parser. */
    private record Obj(List<String> keys, List<Object> values) {
        Object get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }
    }

    private record Slot(String name, int index, String dtype, int[] shape, int count, long begin, long end) {}

    static Decoded decode(byte[] file) throws Rejected {
        if (file.length < 8) throw new Rejected("shorter than 8 bytes");
        BigInteger n = BigInteger.ZERO;
        for (int i = 7; i >= 0; i--) n = n.shiftLeft(8).add(BigInteger.valueOf(file[i] & 0xff));
        if (n.compareTo(BigInteger.valueOf(Math.min(MAX_HEADER, file.length - 8))) > 0) throw new Rejected("header length " + n);
        int headerEnd = 8 + n.intValueExact();
        Object root = new Parser(utf8(file, 8, headerEnd)).document();
        if (!(root instanceof Obj top)) throw new Rejected("header not an object");
        long dataLength = file.length - headerEnd;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < top.keys().size(); i++) {
            String key = top.keys().get(i);
            Object value = top.values().get(i);
            if (key.equals("__metadata__")) {
                if (!(value instanceof Obj meta)) throw new Rejected("metadata not an object");
                for (int j = 0; j < meta.keys().size(); j++) {
                    if (!(meta.values().get(j) instanceof String s)) throw new Rejected("metadata value not a string");
                    metadata.put(meta.keys().get(j), s);
                }
            } else {
                slots.add(slot(key, i, value, dataLength));
            }
        }
        for (Slot a : slots) {
            for (Slot b : slots) {
                if (a != b && clash(a, b)) throw new Rejected("tensors " + a.name() + " and " + b.name() + " overlap");
            }
        }
        slots.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end).thenComparingInt(Slot::index));
        List<Tensor> tensors = new ArrayList<>();
        for (Slot s : slots) tensors.add(new Tensor(s.name(), s.shape(), values(file, headerEnd + (int) s.begin(), s)));
        return new Decoded(tensors, metadata);
    }

    private static Slot slot(String name, int index, Object value, long dataLength) throws Rejected {
        if (!(value instanceof Obj o) || !o.keys().stream().sorted().toList().equals(FIELDS)) throw new Rejected(name + ": not an entry");
        int size = switch (o.get("dtype") instanceof String s ? s : "") {
            case "F64" -> 8;
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new Rejected(name + ": dtype");
        };
        if (!(o.get("shape") instanceof List<?> dims)) throw new Rejected(name + ": shape not an array");
        int[] shape = new int[dims.size()];
        BigInteger count = BigInteger.ONE;
        for (int i = 0; i < shape.length; i++) {
            BigInteger d = natural(dims.get(i));
            if (d == null || d.compareTo(MAX_DIM) > 0) throw new Rejected(name + ": dimension");
            shape[i] = d.intValueExact();
            count = count.multiply(d);
        }
        if (count.compareTo(MAX_ELEMENTS) > 0) throw new Rejected(name + ": too many elements");
        if (!(o.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) throw new Rejected(name + ": offsets not a pair");
        BigInteger begin = natural(offsets.get(0)), end = natural(offsets.get(1));
        if (begin == null || end == null || begin.compareTo(end) > 0 || end.compareTo(BigInteger.valueOf(dataLength)) > 0) {
            throw new Rejected(name + ": offsets out of range");
        }
        if (!end.subtract(begin).equals(count.multiply(BigInteger.valueOf(size)))) throw new Rejected(name + ": offsets do not match the shape");
        return new Slot(name, index, (String) o.get("dtype"), shape, count.intValueExact(), begin.longValueExact(), end.longValueExact());
    }

    /** A JSON integer at least 0, or null. */
    private static BigInteger natural(Object v) {
        if (!(v instanceof Num num) || !num.integral()) return null;
        BigInteger b = new BigInteger(num.text());
        return b.signum() < 0 ? null : b;
    }

    /** Whether two byte ranges share a byte, or an empty one lies strictly inside the other. */
    private static boolean clash(Slot a, Slot b) {
        boolean aEmpty = a.begin() == a.end(), bEmpty = b.begin() == b.end();
        if (aEmpty && bEmpty) return false;
        if (aEmpty) return b.begin() < a.begin() && a.begin() < b.end();
        if (bEmpty) return a.begin() < b.begin() && b.begin() < a.end();
        return Math.max(a.begin(), b.begin()) < Math.min(a.end(), b.end());
    }

    private static float[] values(byte[] file, int at, Slot s) {
        float[] v = new float[s.count()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (s.dtype()) {
                case "F32" -> Float.intBitsToFloat((int) little(file, at + 4 * i, 4));
                case "F64" -> (float) Double.longBitsToDouble(little(file, at + 8 * i, 8));
                case "F16" -> half((int) little(file, at + 2 * i, 2));
                default -> Float.intBitsToFloat((int) little(file, at + 2 * i, 2) << 16); // BF16: the top half of a float32
            };
        }
        return v;
    }

    private static long little(byte[] b, int at, int width) {
        long x = 0;
        for (int k = width - 1; k >= 0; k--) x = x << 8 | (b[at + k] & 0xff);
        return x;
    }

    /** IEEE 754 binary16 by its definition: (-1)^s * 2^(e-15) * 1.m, or 2^-14 * 0.m for e = 0. */
    private static float half(int h) {
        int e = h >> 10 & 31, m = h & 1023;
        double magnitude = e == 31 ? (m == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : e == 0 ? Math.scalb((double) m, -24) : Math.scalb(1024.0 + m, e - 25);
        return (float) ((h & 0x8000) != 0 ? -magnitude : magnitude);
    }

    /** Bytes [from, to) as UTF-8, refusing overlong forms, surrogates, code points past U+10FFFF and cut sequences. */
    static String utf8(byte[] b, int from, int to) throws Rejected {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; ) {
            int lead = b[i] & 0xff, length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (length == 0 || i + length > to) throw new Rejected("bad UTF-8 at " + i);
            int cp = length == 1 ? lead : lead & (0x7F >> length);
            for (int k = 1; k < length; k++) {
                int c = b[i + k] & 0xff;
                if ((c & 0xC0) != 0x80) throw new Rejected("bad UTF-8 at " + (i + k));
                cp = cp << 6 | (c & 0x3F);
            }
            int least = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            if (length > 1 && cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) throw new Rejected("bad UTF-8 code point at " + i);
            s.appendCodePoint(cp);
            i += length;
        }
        return s.toString();
    }

    /** RFC 8259 JSON: repeated keys and unpaired surrogate escapes refused, nesting beyond 16 levels refused (no header needs 4). */
    private static final class Parser {
        private final String s;
        private int p;

        Parser(String s) {
            this.s = s;
        }

        Object document() throws Rejected {
            Object v = value(0);
            space();
            if (p != s.length()) throw new Rejected("text after the JSON value");
            return v;
        }

        private Object value(int depth) throws Rejected {
            if (depth > 16) throw new Rejected("nested too deep");
            space();
            if (p >= s.length()) throw new Rejected("no value");
            char c = s.charAt(p);
            if (c == '{') return object(depth);
            if (c == '[') return array(depth);
            if (c == '"') return string();
            if (c == '-' || (c >= '0' && c <= '9')) return number();
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, p)) {
                    p += word.length();
                    return new Literal(word);
                }
            }
            throw new Rejected("bad value at " + p);
        }

        private Obj object(int depth) throws Rejected {
            Obj o = new Obj(new ArrayList<>(), new ArrayList<>());
            p++;
            space();
            if (take('}')) return o;
            do {
                space();
                if (p >= s.length() || s.charAt(p) != '"') throw new Rejected("no key at " + p);
                String key = string();
                if (o.keys().contains(key)) throw new Rejected("repeated key " + key);
                space();
                if (!take(':')) throw new Rejected("no colon at " + p);
                o.keys().add(key);
                o.values().add(value(depth + 1));
                space();
            } while (take(','));
            if (!take('}')) throw new Rejected("object not closed at " + p);
            return o;
        }

        private List<Object> array(int depth) throws Rejected {
            List<Object> a = new ArrayList<>();
            p++;
            space();
            if (take(']')) return a;
            do {
                a.add(value(depth + 1));
                space();
            } while (take(','));
            if (!take(']')) throw new Rejected("array not closed at " + p);
            return a;
        }

        private String string() throws Rejected {
            StringBuilder out = new StringBuilder();
            p++;
            while (true) {
                if (p >= s.length()) throw new Rejected("string not closed");
                char c = s.charAt(p++);
                if (c == '"') break;
                if (c < 0x20) throw new Rejected("raw control character in a string");
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (p >= s.length()) throw new Rejected("string ends in an escape");
                char e = s.charAt(p++);
                int i = "\"\\/bfnrt".indexOf(e);
                if (i >= 0) out.append("\"\\/\b\f\n\r\t".charAt(i));
                else if (e == 'u') out.append((char) hex4());
                else throw new Rejected("bad escape");
            }
            String v = out.toString();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (Character.isLowSurrogate(c)) throw new Rejected("unpaired low surrogate");
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= v.length() || !Character.isLowSurrogate(v.charAt(i + 1))) throw new Rejected("unpaired high surrogate");
                    i++;
                }
            }
            return v;
        }

        private int hex4() throws Rejected {
            if (p + 4 > s.length()) throw new Rejected("short unicode escape");
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int d = "0123456789abcdef0123456789ABCDEF".indexOf(s.charAt(p++));
                if (d < 0) throw new Rejected("bad hex digit");
                v = v * 16 + d % 16;
            }
            return v;
        }

        private Num number() throws Rejected {
            int start = p;
            take('-');
            if (!take('0')) {
                if (!digits()) throw new Rejected("no digits");
            }
            if (take('.') && !digits()) throw new Rejected("no digits after the point");
            if (take('e') || take('E')) {
                if (!take('+')) take('-');
                if (!digits()) throw new Rejected("no exponent digits");
            }
            return new Num(s.substring(start, p));
        }

        private boolean digits() {
            int start = p;
            while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') p++;
            return p > start;
        }

        private boolean take(char c) {
            if (p < s.length() && s.charAt(p) == c) {
                p++;
                return true;
            }
            return false;
        }

        private void space() {
            while (p < s.length() && " \t\n\r".indexOf(s.charAt(p)) >= 0) p++;
        }
    }
}
