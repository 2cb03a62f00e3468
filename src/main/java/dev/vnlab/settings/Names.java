package dev.vnlab.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The names that options, configurations and reports use for enum choices (activations, weight
 * distributions): lower case with hyphens, e.g. {@code hard-tanh}, {@code leaky-relu},
 * {@code gaussian}.
 */
public final class Names {
    private Names() {}

    /** The name of a constant: HARD_TANH gives hard-tanh. */
    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every name of an enum, comma-separated, in declaration order. */
    public static String all(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Names::of).collect(Collectors.joining(", "));
    }

    /**
     * The constant named {@code text} (case and '_' versus '-' do not matter).
     *
     * @param what how the message names the value, e.g. "--activation"
     * @throws IllegalArgumentException naming the text and the choices
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) if (of(e).equals(t)) return e;
        throw new IllegalArgumentException(what + " '" + text + "' is invalid; expected one of " + all(type));
    }
}
