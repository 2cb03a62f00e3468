package dev.vnlab.report;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON (RFC 8259) written from plain Java values and read back into them.
 *
 * <p>Writing accepts {@code null}, {@link Boolean}, {@link Number}, {@link CharSequence},
 * {@link Character}, enums (their {@code name()}), maps with string keys (in their iteration
 * order, so a {@link LinkedHashMap} keeps insertion order), {@link Iterable}s, arrays (object
 * and primitive) and records (components in declaration order). A double is written as the
 * shortest decimal that reads back as the same double ({@link Double#toString}), a float as
 * the shortest that reads back as the same float. <b>NaN and the infinities are written as
 * {@code null}</b>, JSON having no literal for them (as JavaScript's {@code JSON.stringify}
 * does); a reader therefore sees a missing number. Strings are escaped: the quote, the
 * backslash, every control character below U+0020, U+2028/U+2029 and unpaired surrogates;
 * other characters are written as themselves (the output is meant to be stored as UTF-8).
 *
 * <p>Reading ({@link #parse}) gives {@link LinkedHashMap} (key order kept) for objects,
 * {@link ArrayList} for arrays, {@link String}, {@link Long} for integers without fraction or
 * exponent that fit in a long, {@link Double} for every other number, {@link Boolean} and
 * {@code null}.
 */
public final class Json {
    private static final int MAX_DEPTH = 512;

    private Json() {}

    /** {@code value} as compact JSON, on one line. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, false).value(value, 0);
        return out.toString();
    }

    /**
     * {@code value} as indented JSON (two spaces per level) followed by a newline; an array
     * whose elements are all scalars stays on one line, so long numeric series remain compact.
     */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, true).value(value, 0);
        return out.append('\n').toString();
    }

    /**
     * The value of a JSON text (see the class comment for the types returned).
     *
     * @throws IllegalArgumentException naming the offset and what was expected there if the
     *     text is not JSON, or if an object repeats a key
     */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        r.skipSpace();
        Object v = r.value(0);
        r.skipSpace();
        if (r.pos != text.length()) throw r.error("the end of the text");
        return v;
    }

    /** Appends {@code s} as a JSON string literal, quotes included. */
    static void quote(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                    boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    // Line/paragraph separators break JavaScript string literals; lone surrogates are not UTF-8.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || (Character.isSurrogate(c) && !pairedHigh && !pairedLow)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private record Writer(StringBuilder out, boolean indent) {
        void value(Object v, int depth) {
            if (depth > MAX_DEPTH) throw new IllegalArgumentException("value nests deeper than " + MAX_DEPTH + " levels; expected an acyclic value");
            switch (v) {
                case null -> out.append("null");
                case Boolean b -> out.append(b);
                case Double d -> number(d);
                case Float f -> out.append(Float.isFinite(f) ? NumberText.exact(f) : "null");
                case Byte b -> out.append(b);
                case Short s -> out.append(s);
                case Integer i -> out.append(i);
                case Long l -> out.append(l);
                case BigInteger b -> out.append(b);
                case BigDecimal b -> out.append(b);
                case Number n -> number(n.doubleValue());
                case CharSequence s -> quote(s, out);
                case Character c -> quote(String.valueOf(c), out);
                case Enum<?> e -> quote(e.name(), out);
                case Map<?, ?> m -> object(m, depth);
                case Record r -> object(components(r), depth);
                case Iterable<?> it -> {
                    List<Object> list = new ArrayList<>();
                    it.forEach(list::add);
                    array(list, depth);
                }
                default -> {
                    if (!v.getClass().isArray()) {
                        throw new IllegalArgumentException("cannot write a " + v.getClass().getName()
                                + " as JSON; expected null, a boolean, number, string, enum, map, iterable, array or record");
                    }
                    int n = Array.getLength(v);
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) list.add(Array.get(v, i));
                    array(list, depth);
                }
            }
        }

        void number(double d) {
            out.append(Double.isFinite(d) ? NumberText.exact(d) : "null");
        }

        void object(Map<?, ?> m, int depth) {
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof CharSequence key)) {
                    throw new IllegalArgumentException("map key " + e.getKey() + " is "
                            + (e.getKey() == null ? "null" : "a " + e.getKey().getClass().getName()) + "; expected a string key");
                }
                if (!first) out.append(',');
                first = false;
                newline(depth + 1);
                quote(key, out);
                out.append(indent ? ": " : ":");
                value(e.getValue(), depth + 1);
            }
            newline(depth);
            out.append('}');
        }

        void array(List<Object> list, int depth) {
            boolean flat = !indent || list.stream().allMatch(Writer::isScalar);
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(flat && indent ? ", " : ",");
                if (!flat) newline(depth + 1);
                value(list.get(i), depth + 1);
            }
            if (!flat && !list.isEmpty()) newline(depth);
            out.append(']');
        }

        void newline(int depth) {
            if (!indent) return;
            out.append('\n');
            out.append("  ".repeat(depth));
        }

        static boolean isScalar(Object v) {
            return v == null || v instanceof Number || v instanceof Boolean || v instanceof CharSequence
                    || v instanceof Character || v instanceof Enum<?>;
        }

        static Map<String, Object> components(Record r) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true); // records nested in non-public classes
                    m.put(c.getName(), c.getAccessor().invoke(r));
                } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot read component " + c.getName() + " of " + r.getClass().getName()
                            + "; expected an accessible record", e);
                }
            }
            return m;
        }
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH + " levels at offset " + pos);
            if (pos >= s.length()) throw error("a value");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("a value");
                }
            };
        }

        Map<String, Object> object(int depth) {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') throw error("a string key");
                int at = pos;
                String key = string();
                skipSpace();
                expect(':', "':' after an object key");
                skipSpace();
                Object v = value(depth + 1);
                if (m.containsKey(key)) throw new IllegalArgumentException("malformed JSON at offset " + at + ": key \"" + key + "\" repeats; expected unique keys");
                m.put(key, v);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}', "',' or '}' in an object");
                return m;
            }
        }

        List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value(depth + 1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                expect(']', "',' or ']' in an array");
                return list;
            }
        }

        String string() {
            pos++; // opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) throw error("a closing '\"'");
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return b.toString();
                }
                if (c < 0x20) throw error("an escaped control character (\\u" + String.format("%04x", (int) c) + " must be escaped)");
                if (c != '\\') {
                    b.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= s.length()) throw error("an escape character");
                char e = s.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("four hex digits after \\u");
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(s.charAt(pos + k), 16);
                            if (d < 0) throw error("four hex digits after \\u");
                            code = code * 16 + d;
                        }
                        pos += 4;
                        b.append((char) code); // surrogate pairs arrive as two escapes and join up here
                    }
                    default -> {
                        pos -= 1;
                        throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u");
                    }
                }
            }
        }

        Object number() {
            int start = pos;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw error("a digit");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) throw error("a digit after '.'");
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw error("a digit in the exponent");
                while (isDigit(peek())) pos++;
            }
            String t = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException tooLong) {
                    return Double.parseDouble(t);
                }
            }
            return Double.parseDouble(t);
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) throw error("a value");
            pos += word.length();
            return v;
        }

        void expect(char c, String what) {
            if (peek() != c) throw error(what);
            pos++;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
                pos++;
            }
        }

        IllegalArgumentException error(String expected) {
            String found = pos >= s.length() ? "the end of the text" : "'" + s.charAt(pos) + "'";
            return new IllegalArgumentException("malformed JSON at offset " + pos + ": expected " + expected + ", found " + found);
        }
    }
}
