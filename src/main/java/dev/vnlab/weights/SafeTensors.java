package dev.vnlab.weights;

import dev.vnlab.io.AtomicFile;
import dev.vnlab.report.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .safetensors} weight format, as {@code safetensors.torch.save_file} writes it: an
 * 8-byte little-endian header length N; N bytes of UTF-8 JSON mapping each tensor name to its
 * {@code dtype}, {@code shape} and {@code data_offsets} [begin, end) (relative to the first byte
 * after the header), with an optional {@code "__metadata__"} object of strings, the JSON padded
 * with trailing spaces; then the tensors' bytes, little-endian, in C (row-major) order.
 *
 * <p>{@link #read} gives every tensor as float32: F32 as it is, F64 rounded to the nearest float,
 * F16 and BF16 exactly; any other dtype is refused. It checks the whole header (types, shapes,
 * byte ranges inside the data and not overlapping) before it reads any tensor data, so a
 * malformed file fails with one {@link WeightFileException} naming the file and the tensor,
 * without allocating from a size the file has not backed. Unused bytes between or after the
 * tensors are allowed. {@link #write} writes float32 tensors in this format.
 */
public final class SafeTensors {
    /** The longest header read, as in the reference implementation: anything longer is corruption, not a model. */
    private static final long MAX_HEADER = 100_000_000;
    /** The most elements a Java array holds on every JVM. */
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;
    private static final String METADATA = "__metadata__";
    private static final List<String> KEYS = List.of("dtype", "shape", "data_offsets");

    private SafeTensors() {}

    /**
     * What a file holds.
     *
     * @param tensors the tensors in the order of their bytes in the file (tensors sharing an
     *     offset, which only empty ones can, in header order)
     * @param metadata the {@code __metadata__} strings in header order; empty if there are none
     */
    public record Contents(List<Tensor> tensors, Map<String, String> metadata) {
        /** Copies both, unmodifiable. */
        public Contents {
            tensors = List.copyOf(tensors);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** The element types read, with their width in bytes. */
    private enum Dtype {
        F32(4), F64(8), F16(2), BF16(2);

        final int size;

        Dtype(int size) {
            this.size = size;
        }
    }

    /** A checked header entry: {@code count} elements of {@code dtype} at data bytes [begin, end). */
    private record Entry(String name, Dtype dtype, int[] shape, int count, long begin, long end) {}

    /**
     * Reads every tensor of a {@code .safetensors} file: its name, the shape the header gives it
     * (empty for a scalar; a dimension may be 0) and its elements as float32, in C order (see the
     * class comment for the types converted and the checks made).
     *
     * @throws java.nio.file.NoSuchFileException if nothing is at {@code file}
     * @throws WeightFileException naming the file, and the tensor where there is one, if it is not
     *     a regular file or not a well-formed file of supported types
     * @throws IOException if it cannot be read
     */
    public static Contents read(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) { // opening a named pipe would block until something writes to it
            throw new WeightFileException(file, (attributes.isDirectory() ? "is a directory" : "is a named pipe, socket or device")
                    + "; expected a regular file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new WeightFileException(file, "is " + size + " bytes long; expected at least 8 bytes (the header length)");
            ByteBuffer first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            fill(ch, first, 0, file, null);
            long n = first.flip().getLong();
            if (Long.compareUnsigned(n, size - 8) > 0) {
                throw new WeightFileException(file, "header length " + Long.toUnsignedString(n) + " is past the end of the file; expected at most "
                        + (size - 8) + ", the bytes after the length");
            }
            if (n > MAX_HEADER) throw new WeightFileException(file, "header length " + n + " exceeds the limit; expected at most " + MAX_HEADER + " bytes");
            ByteBuffer header = ByteBuffer.allocate((int) n);
            fill(ch, header, 8, file, null);
            Map<String, Object> json = parse(file, header.flip());
            long dataStart = 8 + n;
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = Map.of();
            for (Map.Entry<String, Object> e : json.entrySet()) {
                if (e.getKey().equals(METADATA)) metadata = metadata(file, e.getValue());
                else entries.add(entry(file, e.getKey(), e.getValue(), size - dataStart));
            }
            entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)); // stable: ties keep header order
            checkDisjoint(file, entries);
            List<Tensor> tensors = new ArrayList<>(entries.size());
            for (Entry e : entries) tensors.add(new Tensor(e.name(), e.shape(), values(ch, file, dataStart, e)));
            return new Contents(tensors, metadata);
        }
    }

    /**
     * Writes {@code tensors} as float32, in list order, to a {@code .safetensors} file, with
     * {@code metadata} (omitted when empty) as {@code __metadata__}. The header is padded with
     * spaces so the data start at a multiple of 8 bytes. The file is replaced atomically
     * ({@link AtomicFile}): a failure leaves the previous file, if any.
     *
     * @throws IllegalArgumentException if two tensors share a name, a tensor is named
     *     {@code __metadata__}, or a name or metadata string is null or not Unicode text
     *     (holds an unpaired surrogate)
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, String> copy = new LinkedHashMap<>();
            metadata.forEach((k, v) -> copy.put(requireText(k, "metadata key"), requireText(v, "metadata value of key " + Json.write(k))));
            header.put(METADATA, copy);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            String name = requireText(t.name(), "tensor name");
            if (name.equals(METADATA)) throw new IllegalArgumentException("tensor name " + METADATA + " is reserved for the metadata; expected another name");
            long end = offset + 4L * t.values().length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", Dtype.F32.name());
            entry.put("shape", t.shape());
            entry.put("data_offsets", List.of(offset, end));
            if (header.putIfAbsent(name, entry) != null) throw new IllegalArgumentException("tensor name " + Json.write(name) + " repeats; expected unique names");
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7; // the length field is 8 bytes, so the data start 8-aligned
        if (padded > MAX_HEADER) throw new IllegalArgumentException("header of " + padded + " bytes exceeds the limit; expected at most " + MAX_HEADER + " bytes");
        AtomicFile.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, CHUNK);
            ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            out.write(b.putLong(padded).array(), 0, 8);
            out.write(json);
            for (int i = json.length; i < padded; i++) out.write(' ');
            for (Tensor t : tensors) {
                float[] v = t.values();
                for (int i = 0; i < v.length; i += CHUNK / 4) {
                    int k = Math.min(CHUNK / 4, v.length - i);
                    b.clear();
                    b.asFloatBuffer().put(v, i, k);
                    out.write(b.array(), 0, 4 * k);
                }
            }
            out.flush();
        });
    }

    /** The header as a JSON object, from its UTF-8 bytes. */
    private static Map<String, Object> parse(Path file, ByteBuffer bytes) throws WeightFileException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input rather than replacing it
        CharBuffer text = CharBuffer.allocate(bytes.remaining()); // UTF-8 never gives more chars than bytes
        CoderResult result = utf8.decode(bytes, text, true);
        if (!result.isError()) result = utf8.flush(text);
        if (result.isError()) throw new WeightFileException(file, "header is not valid UTF-8 at byte " + (8 + bytes.position()) + "; expected UTF-8 JSON");
        String string = text.flip().toString();
        checkEscapes(file, string);
        Object json;
        try {
            json = Json.parse(string); // refuses repeated keys, so a tensor name cannot appear twice
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> map)) throw new WeightFileException(file, "header is " + describe(json) + "; expected a JSON object");
        @SuppressWarnings("unchecked") // JSON object keys are strings
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    /** Refuses a Unicode escape with a digit other than ASCII 0-9, a-f, A-F: the JSON parser takes any Unicode digit there. */
    private static void checkEscapes(Path file, String text) throws WeightFileException {
        for (int i = text.indexOf('\\'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\\', i + 2)) {
            if (text.charAt(i + 1) != 'u') continue;
            for (int k = i + 2; k < Math.min(i + 6, text.length()); k++) {
                char c = text.charAt(k);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                    throw new WeightFileException(file, "header is not valid JSON: \\u escape at offset " + i + " holds " + Json.write(String.valueOf(c))
                            + "; expected four hex digits");
                }
            }
        }
    }

    private static Map<String, String> metadata(Path file, Object value) throws WeightFileException {
        if (!(value instanceof Map<?, ?> map)) throw new WeightFileException(file, METADATA + " is " + describe(value) + "; expected an object of strings");
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            if (!isText(key)) throw new WeightFileException(file, METADATA + " key " + Json.write(key) + " holds an unpaired surrogate; expected Unicode text");
            if (!(e.getValue() instanceof String s)) {
                throw new WeightFileException(file, METADATA + " value of " + Json.write(key) + " is " + describe(e.getValue()) + "; expected a string");
            }
            if (!isText(s)) throw new WeightFileException(file, METADATA + " value of " + Json.write(key) + " holds an unpaired surrogate; expected Unicode text");
            metadata.put(key, s);
        }
        return metadata;
    }

    /** Checks one tensor's entry against the rules and the {@code dataLength} bytes after the header. */
    private static Entry entry(Path file, String name, Object value, long dataLength) throws WeightFileException {
        if (!isText(name)) throw new WeightFileException(file, "tensor name " + Json.write(name) + " holds an unpaired surrogate; expected Unicode text");
        if (!(value instanceof Map<?, ?> fields)) {
            throw new WeightFileException(file, name, "entry is " + describe(value) + "; expected an object of dtype, shape and data_offsets");
        }
        for (String key : KEYS) {
            if (!fields.containsKey(key)) throw new WeightFileException(file, name, "entry has no \"" + key + "\"; expected dtype, shape and data_offsets");
        }
        for (Object key : fields.keySet()) {
            if (!KEYS.contains(key)) {
                throw new WeightFileException(file, name, "entry has key " + Json.write(key) + "; expected only dtype, shape and data_offsets");
            }
        }
        Dtype dtype = dtype(file, name, fields.get("dtype"));
        if (!(fields.get("shape") instanceof List<?> dims)) {
            throw new WeightFileException(file, name, "shape is " + describe(fields.get("shape")) + "; expected an array of dimensions");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = integer(dims.get(i), Integer.MAX_VALUE);
            if (d < 0) {
                throw new WeightFileException(file, name, "shape dimension " + i + " is " + describe(dims.get(i))
                        + "; expected an integer from 0 to " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
        }
        long count = 1;
        for (int d : shape) count = Math.min(count * d, MAX_ELEMENTS + 1L); // capped, so a long run of dimensions cannot overflow
        if (count > MAX_ELEMENTS) {
            throw new WeightFileException(file, name, "shape holds more than " + MAX_ELEMENTS + " elements; expected at most that many, a float array's limit");
        }
        if (!(fields.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
            throw new WeightFileException(file, name, "data_offsets is " + describe(fields.get("data_offsets")) + "; expected an array [begin, end]");
        }
        long begin = integer(offsets.get(0), Long.MAX_VALUE), end = integer(offsets.get(1), Long.MAX_VALUE);
        if (begin < 0 || end < 0) {
            throw new WeightFileException(file, name, "data_offsets " + describe(offsets) + " are not two non-negative integers; expected [begin, end]");
        }
        if (begin > end) throw new WeightFileException(file, name, "data_offsets [" + begin + ", " + end + "] end before they begin; expected begin <= end");
        if (end > dataLength) {
            throw new WeightFileException(file, name, "data_offsets end " + end + " is past the data, which are " + dataLength + " bytes long; expected at most "
                    + dataLength);
        }
        if (end - begin != count * dtype.size) {
            throw new WeightFileException(file, name, "data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes; expected "
                    + count * dtype.size + " (" + count + (count == 1 ? " element" : " elements") + " of " + dtype + ")");
        }
        return new Entry(name, dtype, shape, (int) count, begin, end);
    }

    private static Dtype dtype(Path file, String name, Object value) throws WeightFileException {
        if (!(value instanceof String s)) throw new WeightFileException(file, name, "dtype is " + describe(value) + "; expected a string");
        for (Dtype d : Dtype.values()) if (d.name().equals(s)) return d;
        throw new WeightFileException(file, name, "dtype " + Json.write(s) + " is not supported; expected F32, F64, F16 or BF16");
    }

    /** {@code value} if it is a JSON integer from 0 to {@code max}, else -1. */
    private static long integer(Object value, long max) {
        return value instanceof Long l && l >= 0 && l <= max ? l : -1; // the parser gives Long for exact integers only
    }

    /**
     * Refuses overlapping byte ranges. {@code entries} are sorted by (begin, end), so it is enough
     * that each begins at or after the end of the one before: the ends then never decrease. An
     * empty tensor inside another's bytes is refused too; at its edge it is not.
     */
    private static void checkDisjoint(Path file, List<Entry> entries) throws WeightFileException {
        for (int i = 1; i < entries.size(); i++) {
            Entry before = entries.get(i - 1), e = entries.get(i);
            if (e.begin() < before.end()) {
                throw new WeightFileException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] overlap those of tensor " + before.name()
                        + ", [" + before.begin() + ", " + before.end() + "]; expected disjoint byte ranges");
            }
        }
    }

    /** The elements of {@code e}, read in chunks and converted to float32. */
    private static float[] values(FileChannel ch, Path file, long dataStart, Entry e) throws IOException {
        float[] out = new float[e.count()];
        int width = e.dtype().size;
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK, e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + e.begin();
        for (int i = 0; i < out.length; ) {
            int k = Math.min(b.capacity() / width, out.length - i);
            b.clear().limit(k * width);
            fill(ch, b, position, file, e.name());
            position += (long) k * width;
            b.flip();
            switch (e.dtype()) {
                case F32 -> b.asFloatBuffer().get(out, i, k);
                case F64 -> { for (int j = 0; j < k; j++) out[i + j] = (float) b.getDouble(); }
                case F16 -> { for (int j = 0; j < k; j++) out[i + j] = halfToFloat(b.getShort()); }
                case BF16 -> { for (int j = 0; j < k; j++) out[i + j] = Float.intBitsToFloat(b.getShort() << 16); } // bfloat16 is float32's top half
            }
            i += k;
        }
        return out;
    }

    /** Fills {@code b} from {@code position}, refusing a file that ends first (it can shrink while read). */
    private static void fill(FileChannel ch, ByteBuffer b, long position, Path file, String tensor) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, position);
            if (r < 0) {
                String message = "file ends at byte " + position + ", before the " + b.remaining() + " bytes still expected there (did it change while read?)";
                throw tensor == null ? new WeightFileException(file, message) : new WeightFileException(file, tensor, message);
            }
            position += r;
        }
    }

    /**
     * The float32 of IEEE 754 binary16 bits {@code h} (the low 16 bits), exactly: subnormals
     * become normal floats, infinities stay infinite, NaNs keep their payload.
     */
    private static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16, exponent = (h >>> 10) & 0x1f, mantissa = h & 0x3ff;
        if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f80_0000 | mantissa << 13);
        if (exponent != 0) return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
        float magnitude = mantissa * 0x1p-24f; // zero or subnormal: mantissa * 2^-24, exact in float32
        return sign != 0 ? -magnitude : magnitude;
    }

    /** Whether {@code s} is Unicode text: no surrogate outside a high-low pair (JSON escapes can make one, UTF-8 cannot hold it). */
    private static boolean isText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }

    private static String requireText(String s, String what) {
        if (s == null) throw new IllegalArgumentException(what + " is null; expected a string");
        if (!isText(s)) throw new IllegalArgumentException(what + " holds an unpaired surrogate: " + Json.write(s) + "; expected Unicode text");
        return s;
    }

    /** A parsed JSON value as a message shows it: numbers and literals as written, containers and strings by kind. */
    private static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string " + Json.write(s.length() > 40 ? s.substring(0, 40) + "..." : s);
            case Map<?, ?> m -> "an object";
            case List<?> l -> l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean) && l.size() <= 8
                    ? String.valueOf(l) : "an array of " + l.size() + (l.size() == 1 ? " element" : " elements");
            default -> String.valueOf(v);
        };
    }
}
