package dev.vnlab.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.report.Json;
import dev.vnlab.testing.FuzzCases;
import dev.vnlab.testing.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of {@link SafeTensors#read}: thousands of {@code .safetensors} files, generated
 * valid (random tensors, dtypes, shapes, metadata, whitespace and escapes, header order unlike
 * data order, unused bytes, now and then through {@link SafeTensors#write}) and most of them then
 * broken at random in the header's JSON tree, in its text or in the file's bytes. Every case must
 * either fail with a {@link WeightFileException} whose message starts with the file's path, or
 * read exactly what the strict, independent {@link ReferenceSafeTensors} decodes: no corrupt
 * file accepted, no valid one refused, no other exception, no hang.
 *
 * <p>{@link FuzzCases} runs the cases: {@code -Dvnlab.fuzz.seed=S} repeats a run,
 * {@code -Dvnlab.fuzz.case=I} runs only its case I, {@code -Dvnlab.fuzz.cases=N} sets how many
 * cases a run has.
 */
class SafeTensorsFuzzTest {
    private static final long DEFAULT_SEED = 20_251_207L;
    private static final int DEFAULT_CASES = 4000;

    @TempDir Path tmp;

    @Test
    void brokenFilesAreRefusedByNameAndValidOnesReadAsTheReferenceDecodes() throws Exception {
        FuzzCases.Run run = FuzzCases.run("safetensors", DEFAULT_SEED, DEFAULT_CASES, (index, rnd, log) -> run(index, new Mutations(rnd, log)));
        if (run.all() && run.cases() >= 1000) { // a generator that only made junk, or only valid files, would prove little
            assertThat(run.count("unchanged, read") + run.count("changed, read")).isGreaterThan(run.cases() / 10);
            assertThat(run.count("changed, refused")).isGreaterThan(run.cases() / 3);
        }
    }

    /** Case {@code index}: one file, changed or not; returns its outcome. */
    private String run(int index, Mutations m) throws IOException {
        Path f = tmp.resolve("case-" + index + ".safetensors");
        byte[] bytes = m.file(f);
        Files.write(f, bytes);
        String outcome = (m.changed ? "changed, " : "unchanged, ") + check(f, bytes);
        Files.delete(f); // a failed case's file stays until the end, for a look
        return outcome;
    }

    /** Reads {@code f} and compares with the reference's decoding of its {@code bytes}. */
    private static String check(Path f, byte[] bytes) throws IOException {
        Verdict<ReferenceSafeTensors.Decoded> reference = Verdict.of(ReferenceSafeTensors.Rejected.class, () -> ReferenceSafeTensors.decode(bytes));
        ReferenceSafeTensors.Decoded expected = reference.decoded();
        SafeTensors.Contents read;
        try {
            read = SafeTensors.read(f);
        } catch (WeightFileException e) {
            assertThat(expected).as("read refused a file the reference decodes: %s", e.getMessage()).isNull();
            assertThat(e.getMessage()).as("the message names the file").startsWith(f + ": ");
            return "refused";
        }
        assertThat(expected).as("read accepted a file the reference refuses (%s)", reference.why()).isNotNull();
        assertThat(read.tensors()).containsExactlyElementsOf(expected.tensors());
        assertThat(List.copyOf(read.metadata().entrySet())).isEqualTo(List.copyOf(expected.metadata().entrySet()));
        return "read";
    }

    /** A JSON number or literal, as written. */
    private record Raw(String text) {}

    /** A JSON object whose members can be repeated, removed and replaced. */
    private static final class Obj {
        final List<String> keys = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Obj put(String key, Object value) {
            keys.add(key);
            values.add(value);
            return this;
        }

        Object get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }
    }

    /**
     * A random valid file and random ways to break it, each noted in {@link #log} so that a
     * failing case says what was done. The header is a JSON tree ({@link Obj}, mutable lists,
     * strings, {@link Raw}) written with random whitespace and escapes.
     */
    private static final class Mutations {
        private static final String[] DTYPES = {"F32", "F64", "F16", "BF16"};
        private static final int[] SIZES = {4, 8, 2, 2};
        private static final String[] UNSUPPORTED = {"I32", "U8", "BOOL", "I64", "F8_E4M3", "f32", ""};
        private static final int[] UNSUPPORTED_SIZES = {4, 1, 1, 8, 1, 4, 4};
        private static final String[] NAMES = {"w", "layers.0.weight", "layers.0.bias", "\u00e9t\u00e9", "x y", "a\"b", "back\\slash", "tab\t",
                "emoji\ud83d\ude00", "", "dtype", "shape", "data_offsets", "__metadata", "/slash/", "\u2028", "nul\u0000"};
        private static final String[] KEYS = {"dtype", "shape", "data_offsets", "__metadata__", "extra", "w", ""};
        private static final String[] NUMBERS = {"0", "1", "-1", "-0", "4", "8", "1.0", "1e2", "0.5", "2147483647", "2147483648", "2147483639",
                "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616", "-9223372036854775808", "01", "1e400", "00"};
        /** Raw text put in place of a string's content: escapes good and bad, non-ASCII digits a lenient parser might take for hex. */
        private static final String[] STRING_TEXT = {"F32", "F64", "F16", "BF16", "I32", "__metadata__", "dtype", "shape", "data_offsets", "",
                "\\ud800", "\\udc00x", "\\ud83d\\ude00", "\\u00e9", "\\u00E9", "\\x", "\\u12", "\\u00\u0663\u0663", "\\u00\uff21\uff21", "\u0001", "\\",
                "\\/", "\\b\\f\\n\\r\\t", "\u00e9", "F3\\u0032"};
        private static final char[] CHARS = {' ', '"', '\\', '{', '}', '[', ']', ',', ':', '0', '7', '-', '.', 'e', 'u', 'n', '\u0000', '\u001f',
                '\u007f', '\u00e9', '\u20ac', '\u0663', '\uff21', '\t'};
        private static final String[] SPACE = {" ", "\n", "\t", "\r\n  ", "  "};
        private static final byte[][] UTF8 = {{(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xc3, (byte) 0xa9},
                {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, {(byte) 0xe0, (byte) 0x9f, (byte) 0xbf}, {(byte) 0xef, (byte) 0xbf, (byte) 0xbf}};
        private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.eE+-]*");
        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

        private final Random rnd;
        /** What was generated and changed, in order. */
        final List<String> log;
        /** Whether anything was changed after the valid file was made. */
        boolean changed;
        /** The data region of the file {@link #valid} describes. */
        private byte[] data;

        Mutations(Random rnd, List<String> log) {
            this.rnd = rnd;
            this.log = log;
        }

        /** The bytes of the case's file. */
        byte[] file(Path f) throws IOException {
            int kind = rnd.nextInt(50);
            if (kind == 0) {
                byte[] junk = new byte[rnd.nextInt(40)];
                rnd.nextBytes(junk);
                log.add(junk.length + " random bytes");
                changed = true;
                return junk;
            }
            if (kind < 6) return bytes(written(f));
            int tree = 0, text = 0, bytes = 0;
            for (int k = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(2); k > 0; k--) {
                switch (rnd.nextInt(3)) {
                    case 0 -> tree++;
                    case 1 -> text++;
                    default -> bytes++;
                }
            }
            changed = tree + text + bytes > 0;
            Object header = valid();
            for (int k = 0; k < tree; k++) header = changeTree(header);
            String json = write(header);
            for (int k = 0; k < text; k++) json = changeText(json);
            byte[] file = assemble(json, data);
            for (int k = 0; k < bytes; k++) file = changeBytes(file);
            return file;
        }

        /** A file as {@link SafeTensors#write} makes it, of 0 to 3 random float32 tensors; only its bytes get broken. */
        private byte[] written(Path f) throws IOException {
            List<Tensor> tensors = new ArrayList<>();
            for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
                int[] shape = shape();
                float[] v = new float[count(shape)];
                for (int j = 0; j < v.length; j++) v[j] = Float.intBitsToFloat(rnd.nextInt());
                tensors.add(new Tensor(NAMES[rnd.nextInt(NAMES.length)] + i, shape, v)); // the suffix keeps names apart
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = rnd.nextInt(3); i > 0; i--) metadata.put(string(), string());
            SafeTensors.write(f, tensors, metadata);
            log.add("written by SafeTensors.write: " + tensors + " " + metadata.size() + " metadata");
            return Files.readAllBytes(f);
        }

        private byte[] bytes(byte[] file) {
            int k = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(2);
            changed = k > 0;
            for (; k > 0; k--) file = changeBytes(file);
            return file;
        }

        /** A valid header tree; its data region goes to {@link #data}. */
        private Obj valid() {
            int n = rnd.nextInt(6);
            List<String> names = new ArrayList<>();
            while (names.size() < n) {
                String name = rnd.nextInt(4) == 0 ? unpaired(string()) : NAMES[rnd.nextInt(NAMES.length)];
                if (!names.contains(name) && !name.equals("__metadata__")) names.add(name);
            }
            Obj[] entries = new Obj[n];
            int[] sizes = new int[n];
            boolean big = rnd.nextInt(40) == 0; // crosses the reader's 64 KiB chunks
            for (int i = 0; i < n; i++) {
                boolean supported = rnd.nextInt(15) != 0;
                int t = rnd.nextInt(supported ? DTYPES.length : UNSUPPORTED.length);
                int[] shape = big && i == 0 ? new int[] {100 + rnd.nextInt(100), 200 + rnd.nextInt(100)} : shape();
                sizes[i] = count(shape) * (supported ? SIZES[t] : UNSUPPORTED_SIZES[t]);
                List<Object> dims = new ArrayList<>();
                for (int d : shape) dims.add(new Raw(Integer.toString(d)));
                entries[i] = new Obj().put("dtype", supported ? DTYPES[t] : UNSUPPORTED[t]).put("shape", dims);
                log.add(Json.write(names.get(i)) + " " + entries[i].get("dtype") + " " + Arrays.toString(shape));
            }
            List<Integer> dataOrder = shuffled(n);
            long offset = 0;
            for (int i : dataOrder) {
                if (rnd.nextInt(5) == 0) offset += 1 + rnd.nextInt(3); // unused bytes: allowed
                entries[i].put("data_offsets", new ArrayList<>(List.of(new Raw(Long.toString(offset)), new Raw(Long.toString(offset + sizes[i])))));
                offset += sizes[i];
            }
            if (rnd.nextInt(5) == 0) offset += 1 + rnd.nextInt(5);
            data = new byte[(int) offset];
            rnd.nextBytes(data);
            Obj root = new Obj();
            for (int i : shuffled(n)) {
                Obj e = new Obj();
                for (int k : shuffled(3)) e.put(entries[i].keys.get(k), entries[i].values.get(k)); // key order as a writer pleases
                root.put(names.get(i), e);
            }
            if (rnd.nextBoolean()) {
                Obj metadata = new Obj();
                List<String> keys = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    String key = unpaired(string());
                    if (!keys.contains(key)) {
                        keys.add(key);
                        metadata.put(key, unpaired(string()));
                    }
                }
                int at = rnd.nextInt(root.keys.size() + 1);
                root.keys.add(at, "__metadata__");
                root.values.add(at, metadata);
                log.add("metadata of " + keys.size() + " at " + at);
            }
            log.add("data order " + dataOrder + ", " + offset + " data bytes");
            return root;
        }

        /** The 8-byte length, the header (padded at random), the data. */
        private byte[] assemble(String json, byte[] data) {
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            int pad = switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> (8 - (8 + text.length) % 8) % 8;
                default -> rnd.nextInt(10);
            };
            ByteBuffer b = ByteBuffer.allocate(8 + text.length + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(text.length + pad).put(text);
            for (int i = 0; i < pad; i++) b.put((byte) ' ');
            return b.put(data).array();
        }

        private Object changeTree(Object root) {
            List<Object> containers = new ArrayList<>();
            collect(root, containers);
            List<Obj> entries = new ArrayList<>();
            if (root instanceof Obj o) for (Object v : o.values) if (v instanceof Obj e && e.get("data_offsets") != null) entries.add(e);
            Object c = containers.isEmpty() ? null : containers.get(rnd.nextInt(containers.size()));
            switch (rnd.nextInt(11)) {
                case 0 -> {
                    if (!(c instanceof Obj o) || o.keys.isEmpty()) return root;
                    int i = rnd.nextInt(o.keys.size());
                    log.add("member " + Json.write(o.keys.get(i)) + " repeated");
                    o.put(o.keys.get(i), rnd.nextBoolean() ? o.values.get(i) : value());
                }
                case 1 -> {
                    if (!(c instanceof Obj o) || o.keys.isEmpty()) return root;
                    int i = rnd.nextInt(o.keys.size());
                    log.add("member " + Json.write(o.keys.get(i)) + " removed");
                    o.keys.remove(i);
                    o.values.remove(i);
                }
                case 2 -> {
                    if (!(c instanceof Obj o)) return root;
                    String key = KEYS[rnd.nextInt(KEYS.length)];
                    log.add("member " + Json.write(key) + " added");
                    o.put(key, value());
                }
                case 3 -> {
                    Object v = value();
                    if (c == null || rnd.nextInt(20) == 0) {
                        log.add("header replaced by " + write(v));
                        return v;
                    }
                    List<Object> values = c instanceof Obj o ? o.values : cast(c);
                    if (values.isEmpty()) return root;
                    int i = rnd.nextInt(values.size());
                    log.add("value " + write(values.get(i)) + " replaced by " + write(v));
                    values.set(i, v);
                }
                case 4 -> {
                    if (entries.size() < 2) return root;
                    Collections.shuffle(entries, rnd);
                    Object a = entries.get(0).get("data_offsets"), b = entries.get(1).get("data_offsets");
                    log.add("data_offsets " + write(a) + " and " + write(b) + " swapped");
                    entries.get(0).values.set(entries.get(0).keys.indexOf("data_offsets"), b);
                    entries.get(1).values.set(entries.get(1).keys.indexOf("data_offsets"), a);
                }
                case 5 -> {
                    if (entries.isEmpty()) return root;
                    String[][] huge = {{"65536", "65536"}, {"2147483647"}, {"2147483647", "0"}, {"100000", "100000", "0"}, {"46341", "46341"},
                            {"2147483647", "2147483647", "2147483647", "2"}, {"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"}};
                    String[] dims = huge[rnd.nextInt(huge.length)];
                    log.add("shape " + Arrays.toString(dims));
                    Obj e = entries.get(rnd.nextInt(entries.size()));
                    if (e.get("shape") != null) e.values.set(e.keys.indexOf("shape"), new ArrayList<>(Arrays.stream(dims).map(Raw::new).toList()));
                }
                case 6 -> {
                    if (entries.isEmpty()) return root;
                    String dtype = rnd.nextBoolean() ? DTYPES[rnd.nextInt(DTYPES.length)] : UNSUPPORTED[rnd.nextInt(UNSUPPORTED.length)];
                    log.add("dtype " + dtype);
                    Obj e = entries.get(rnd.nextInt(entries.size()));
                    if (e.get("dtype") != null) e.values.set(e.keys.indexOf("dtype"), dtype);
                }
                case 7 -> {
                    if (entries.isEmpty()) return root;
                    if (!(entries.get(rnd.nextInt(entries.size())).get("data_offsets") instanceof List<?> l) || l.size() != 2) return root;
                    List<Object> offsets = cast(l);
                    int i = rnd.nextInt(2);
                    if (!isLong(offsets.get(i))) return root;
                    long shifted = Long.parseLong(((Raw) offsets.get(i)).text()) + (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(8));
                    log.add("data_offsets " + write(offsets) + " element " + i + " to " + shifted);
                    offsets.set(i, new Raw(Long.toString(shifted)));
                }
                case 8 -> {
                    if (!(root instanceof Obj o) || o.keys.isEmpty()) return root;
                    int i = rnd.nextInt(o.keys.size());
                    String name = switch (rnd.nextInt(3)) {
                        case 0 -> "__metadata__";
                        case 1 -> o.keys.get(i) + (rnd.nextBoolean() ? "\ud800" : "\udc00");
                        default -> o.keys.get(rnd.nextInt(o.keys.size()));
                    };
                    log.add("member " + Json.write(o.keys.get(i)) + " renamed " + Json.write(name));
                    o.keys.set(i, name);
                }
                case 9 -> { // overlapping another tensor, or moved into unused bytes
                    if (entries.size() < 1) return root;
                    Collections.shuffle(entries, rnd);
                    if (!(entries.get(0).get("data_offsets") instanceof List<?> l) || l.size() != 2 || !l.stream().allMatch(Mutations::isLong)) return root;
                    if (!(entries.get(entries.size() - 1).get("data_offsets") instanceof List<?> o) || o.isEmpty() || !isLong(o.get(0))) return root;
                    long begin = Long.parseLong(((Raw) l.get(0)).text()), end = Long.parseLong(((Raw) l.get(1)).text());
                    long to = rnd.nextBoolean() ? begin + (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(8))
                            : Long.parseLong(((Raw) o.get(0)).text()) + rnd.nextInt(3); // onto another tensor's start
                    List<Object> moved = new ArrayList<>(List.of(new Raw(Long.toString(to)), new Raw(Long.toString(to + end - begin))));
                    log.add("data_offsets " + write(l) + " moved to " + write(moved));
                    entries.get(0).values.set(entries.get(0).keys.indexOf("data_offsets"), moved);
                }
                default -> { // a valid change: the same elements in another shape
                    if (entries.isEmpty()) return root;
                    Obj e = entries.get(rnd.nextInt(entries.size()));
                    if (!(e.get("shape") instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Raw)) return root;
                    List<Object> dims = new ArrayList<>(l);
                    if (rnd.nextBoolean()) Collections.shuffle(dims, rnd);
                    else dims.add(rnd.nextInt(dims.size() + 1), new Raw("1"));
                    log.add("shape " + write(l) + " to " + write(dims));
                    e.values.set(e.keys.indexOf("shape"), dims);
                }
            }
            return root;
        }

        private String changeText(String json) {
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    List<MatchResult> numbers = NUMBER.matcher(json).results().toList();
                    if (numbers.isEmpty()) return json;
                    MatchResult r = numbers.get(rnd.nextInt(numbers.size()));
                    String to = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    log.add("number " + r.group() + " at " + r.start() + " to " + to);
                    return json.substring(0, r.start()) + to + json.substring(r.end());
                }
                case 1 -> {
                    if (json.isEmpty()) return json;
                    int at = rnd.nextInt(json.length()), end = Math.min(json.length(), at + 1 + rnd.nextInt(5));
                    log.add("text " + Json.write(json.substring(at, end)) + " at " + at + " deleted");
                    return json.substring(0, at) + json.substring(end);
                }
                case 2 -> {
                    int at = rnd.nextInt(json.length() + 1);
                    char c = CHARS[rnd.nextInt(CHARS.length)];
                    log.add("char " + Json.write(String.valueOf(c)) + " inserted at " + at);
                    return json.substring(0, at) + c + json.substring(at);
                }
                case 3 -> {
                    List<MatchResult> strings = STRING.matcher(json).results().toList();
                    if (strings.isEmpty()) return json;
                    MatchResult r = strings.get(rnd.nextInt(strings.size()));
                    String to = STRING_TEXT[rnd.nextInt(STRING_TEXT.length)];
                    log.add("string " + r.group() + " at " + r.start() + " to \"" + to + "\"");
                    return json.substring(0, r.start() + 1) + to + json.substring(r.end() - 1);
                }
                default -> {
                    if (json.length() < 2) return json;
                    int i = rnd.nextInt(json.length() - 1);
                    log.add("chars at " + i + " swapped");
                    return json.substring(0, i) + json.charAt(i + 1) + json.charAt(i) + json.substring(i + 2);
                }
            }
        }

        private byte[] changeBytes(byte[] file) {
            long n = file.length < 8 ? 0 : ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    if (file.length == 0) return file;
                    boolean inHeader = rnd.nextBoolean() && n > 0 && n < file.length - 8;
                    int at = inHeader ? 8 + rnd.nextInt((int) n) : rnd.nextInt(file.length);
                    int bit = 1 << rnd.nextInt(8);
                    log.add("byte " + at + " xor " + bit);
                    file = file.clone();
                    file[at] ^= (byte) bit;
                }
                case 1 -> {
                    int to = rnd.nextInt(file.length + 1);
                    log.add("cut to " + to + " of " + file.length + " bytes");
                    file = Arrays.copyOf(file, to);
                }
                case 2 -> {
                    int more = 1 + rnd.nextInt(9);
                    log.add(more + " bytes appended");
                    file = Arrays.copyOf(file, file.length + more);
                    for (int i = file.length - more; i < file.length; i++) file[i] = (byte) rnd.nextInt(256);
                }
                case 3 -> {
                    if (file.length < 8) return file;
                    long[] lengths = {n + 1 + rnd.nextInt(3), n - 1 - rnd.nextInt(3), 0, file.length - 7, file.length - 8, -1, Long.MIN_VALUE, 100_000_001,
                            n << 32, rnd.nextLong()};
                    long to = lengths[rnd.nextInt(lengths.length)];
                    log.add("header length " + n + " to " + Long.toUnsignedString(to));
                    file = file.clone();
                    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(to);
                }
                case 4 -> {
                    if (file.length < 8 || n <= 0 || n > file.length - 8) return file;
                    byte[] seq = UTF8[rnd.nextInt(UTF8.length)];
                    int at = 8 + rnd.nextInt((int) n + 1);
                    log.add("bytes " + Arrays.toString(seq) + " inserted in the header at " + at);
                    ByteBuffer b = ByteBuffer.allocate(file.length + seq.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.putLong(n + seq.length).put(file, 8, at - 8).put(seq).put(file, at, file.length - at);
                    file = b.array();
                }
                default -> { // a valid change: other values
                    if (file.length < 8 || n < 0 || n >= file.length - 8) return file;
                    int at = 8 + (int) n + rnd.nextInt(file.length - 8 - (int) n);
                    log.add("data byte " + at + " changed");
                    file = file.clone();
                    file[at] = (byte) rnd.nextInt(256);
                }
            }
            changed = true;
            return file;
        }

        /** A random JSON value for a place that wants something else (or happens to want it). */
        private Object value() {
            return switch (rnd.nextInt(9)) {
                case 0 -> new Raw(NUMBERS[rnd.nextInt(NUMBERS.length)]);
                case 1 -> new Raw(new String[] {"null", "true", "false"}[rnd.nextInt(3)]);
                case 2 -> DTYPES[rnd.nextInt(DTYPES.length)];
                case 3 -> string();
                case 4 -> new ArrayList<>();
                case 5 -> new Obj();
                case 6 -> new ArrayList<>(List.of(new Raw("0"), new Raw(Integer.toString(4 * rnd.nextInt(4)))));
                case 7 -> rnd.nextBoolean() ? new Obj().put("k", string()) : "unpaired \ud800";
                default -> new ArrayList<>(List.of(new Raw(Integer.toString(rnd.nextInt(3))), new Raw("2")));
            };
        }

        /** A random string: names, non-ASCII text, quotes and control characters. */
        private String string() {
            if (rnd.nextInt(3) == 0) return NAMES[rnd.nextInt(NAMES.length)];
            StringBuilder s = new StringBuilder();
            String alphabet = "ab.0_ \u00e9\u4e2d\"\\/\n";
            for (int i = rnd.nextInt(8); i > 0; i--) s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            return s.toString();
        }

        /** {@code s}, now and then with an unpaired surrogate, which no valid header holds. */
        private String unpaired(String s) {
            return rnd.nextInt(40) == 0 ? s + "\ud800" : s;
        }

        private static boolean isLong(Object v) {
            return v instanceof Raw r && r.text().matches("-?[0-9]{1,18}");
        }

        private int[] shape() {
            int[] shape = new int[rnd.nextInt(4)];
            for (int i = 0; i < shape.length; i++) shape[i] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(5);
            return shape;
        }

        private static int count(int[] shape) {
            int n = 1;
            for (int d : shape) n *= d;
            return n;
        }

        private List<Integer> shuffled(int n) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) order.add(i);
            Collections.shuffle(order, rnd);
            return order;
        }

        private static void collect(Object v, List<Object> containers) {
            if (v instanceof Obj o) {
                containers.add(o);
                for (Object x : o.values) collect(x, containers);
            } else if (v instanceof List<?> l) {
                containers.add(l);
                for (Object x : l) collect(x, containers);
            }
        }

        @SuppressWarnings("unchecked") // the tree's arrays are List<Object>
        private static List<Object> cast(Object list) {
            return (List<Object>) list;
        }

        /** {@code v} as JSON text with random whitespace and escapes. */
        private String write(Object v) {
            StringBuilder out = new StringBuilder();
            write(v, out);
            return out.toString();
        }

        private void write(Object v, StringBuilder out) {
            switch (v) {
                case Obj o -> {
                    out.append('{');
                    for (int i = 0; i < o.keys.size(); i++) {
                        if (i > 0) out.append(space()).append(',');
                        out.append(space());
                        quote(o.keys.get(i), out);
                        out.append(space()).append(':').append(space());
                        write(o.values.get(i), out);
                    }
                    out.append(space()).append('}');
                }
                case List<?> l -> {
                    out.append('[');
                    for (int i = 0; i < l.size(); i++) {
                        if (i > 0) out.append(space()).append(',');
                        out.append(space());
                        write(l.get(i), out);
                    }
                    out.append(space()).append(']');
                }
                case String s -> quote(s, out);
                case Raw r -> out.append(r.text());
                default -> throw new IllegalStateException("not a JSON tree node: " + v);
            }
        }

        private String space() {
            return rnd.nextInt(5) == 0 ? SPACE[rnd.nextInt(SPACE.length)] : "";
        }

        /** {@code s} quoted, escaping what must be and, at random, what may be (unpaired surrogates always: UTF-8 cannot hold them). */
        private void quote(String s, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                int simple = "\"\\\b\f\n\r\t/".indexOf(cp);
                boolean escape = cp < 0x20 || cp == '"' || cp == '\\' || Character.isSurrogate((char) cp) && cp < 0x10000 || rnd.nextInt(8) == 0;
                if (!escape) out.appendCodePoint(cp);
                else if (simple >= 0 && rnd.nextBoolean()) out.append('\\').append("\"\\bfnrt/".charAt(simple));
                else for (char c : Character.toChars(cp)) out.append(String.format(rnd.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            }
            out.append('"');
        }
    }
}
