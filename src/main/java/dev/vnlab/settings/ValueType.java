package dev.vnlab.settings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the values of one kind of setting are written: on the command line (parsed and printed
 * back, so that {@code parse(text(v))} gives v again) and in a configuration's JSON form (written
 * and read back). The common kinds are constants here; an experiment can declare its own.
 *
 * @param <T> the value's Java type
 */
public interface ValueType<T> {
    /**
     * The value a command-line text gives.
     *
     * @throws IllegalArgumentException if the text is malformed ({@link WrongPart} naming the
     *         element of a list that is)
     */
    T parse(String text);

    /** What a well-formed text is, for error messages: "a whole number". */
    String expected();

    /** The command-line text of a value (null for none). */
    String text(T value);

    /** The JSON-ready form of a value: a number, string, boolean, null, list or map. */
    Object json(T value);

    /**
     * The value of {@code key} in a configuration's JSON form.
     *
     * @throws IllegalArgumentException naming the field if it is missing or malformed
     */
    T read(Map<String, Object> config, String key);

    /** A whole number within int range. */
    ValueType<Integer> INT = new Simple<>("a whole number", s -> Integer.parseInt(s.trim()), String::valueOf, v -> v, ConfigFields::int32);

    /** A 64-bit whole number (a seed). */
    ValueType<Long> LONG = new Simple<>("a 64-bit whole number", s -> Long.parseLong(s.trim()), String::valueOf, v -> v, ConfigFields::integer);

    /** A finite number; NaN (written as null in JSON) stands for "not set" and is not printed on the command line. */
    ValueType<Double> REAL = new Simple<>("a finite number such as 0.1", ValueType::finite, v -> v.isNaN() ? null : String.valueOf(v), v -> v,
            ConfigFields::real);

    /** Whole numbers: comma-separated values or inclusive ranges FROM:TO:STEP (10:100:10 is 10, 20, ..., 100). */
    ValueType<int[]> INTS = new Simple<>("comma-separated whole numbers or ranges FROM:TO:STEP, e.g. 10:100:10", ValueType::integers,
            v -> Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(",")), int[]::clone, ConfigFields::ints);

    /** Comma-separated finite numbers. */
    ValueType<double[]> REALS = new Simple<>("comma-separated finite numbers", s -> {
        String[] parts = s.split(",", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = finite(parts[i]);
            } catch (NumberFormatException e) {
                throw new WrongPart(parts[i].trim());
            }
        }
        return out;
    }, v -> Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(",")), double[]::clone, ConfigFields::reals);

    /** A path, or null for none (a missing optional directory). */
    ValueType<Path> PATH = new Simple<>("a path", ValueType::path, v -> v == null ? null : v.toString(), v -> v == null ? null : v.toString(),
            (c, k) -> {
                String s = ConfigFields.string(c, k);
                return s == null ? null : Path.of(s);
            });

    /** One constant of an enum, by its {@link Names} name. */
    static <E extends Enum<E>> ValueType<E> name(Class<E> type) {
        return new Simple<>("one of " + Names.all(type), s -> Names.parse(type, "", s), Names::of, Names::of, (c, k) -> Names.parse(type, k, ConfigFields.string(c, k)));
    }

    /** Comma-separated constants of an enum, in the order given. */
    static <E extends Enum<E>> ValueType<List<E>> names(Class<E> type) {
        return new Simple<>("comma-separated names from " + Names.all(type), s -> {
            List<E> out = new ArrayList<>();
            for (String part : s.split(",", -1)) {
                try {
                    out.add(Names.parse(type, "", part));
                } catch (IllegalArgumentException e) {
                    throw new WrongPart(part);
                }
            }
            return List.copyOf(out);
        }, v -> v.stream().map(Names::of).collect(Collectors.joining(",")), v -> v.stream().map(Names::of).toList(),
                (c, k) -> ConfigFields.strings(c, k).stream().map(s -> Names.parse(type, k, s)).toList());
    }

    /** A malformed list: the element that is wrong. */
    final class WrongPart extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public WrongPart(String part) {
            super(part, null);
        }

        /** The element, as written. */
        public String part() { return getMessage(); }
    }

    /** A type from its functions. */
    record Simple<T>(String expected, java.util.function.Function<String, T> parser, java.util.function.Function<T, String> printer,
                     java.util.function.Function<T, Object> writer, java.util.function.BiFunction<Map<String, Object>, String, T> reader)
            implements ValueType<T> {
        @Override public T parse(String text) { return parser.apply(text); }

        @Override public String text(T value) { return printer.apply(value); }

        @Override public Object json(T value) { return writer.apply(value); }

        @Override public T read(Map<String, Object> config, String key) { return reader.apply(config, key); }
    }

    private static double finite(String s) {
        double v = Double.parseDouble(s.trim());
        if (!Double.isFinite(v)) throw new NumberFormatException();
        return v;
    }

    private static Path path(String s) {
        if (s.isBlank()) throw new IllegalArgumentException("an empty path"); // it would silently mean the current directory
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getReason());
        }
    }

    private static int[] integers(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            String p = part.trim();
            try {
                if (p.contains(":")) {
                    String[] r = p.split(":", -1);
                    if (r.length != 3) throw new NumberFormatException();
                    int from = Integer.parseInt(r[0].trim()), to = Integer.parseInt(r[1].trim()), step = Integer.parseInt(r[2].trim());
                    if (step < 1 || to < from || (long) (to - from) / step > 100_000) throw new NumberFormatException();
                    for (long v = from; v <= to; v += step) out.add((int) v);
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new WrongPart(p);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
