package dev.vnlab.settings;

import java.util.Map;
import java.util.Objects;

/**
 * One setting of an experiment, declared once: its key in the JSON configuration, its
 * command-line option (the key with hyphens unless named otherwise), the value's type, one line
 * of help and its range check. Everything else (the option and its help, parsing, the check's
 * message, the JSON field and its reading, the re-run command) is derived from it. Immutable.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    private final String key, option, valueName, help;
    private final ValueType<T> type;
    private final Check<T> check;

    private Setting(String key, String option, String valueName, String help, ValueType<T> type, Check<T> check) {
        this.key = Objects.requireNonNull(key, "key");
        this.option = Objects.requireNonNull(option, "option");
        this.valueName = Objects.requireNonNull(valueName, "valueName");
        this.help = Objects.requireNonNull(help, "help");
        this.type = Objects.requireNonNull(type, "type");
        this.check = Objects.requireNonNull(check, "check");
    }

    /**
     * A setting whose option is its key with hyphens ({@code jacobian_inputs} is
     * {@code --jacobian-inputs}), without a range check.
     *
     * @param key the JSON key, lower case with underscores
     * @param valueName the value in help, e.g. "K"
     */
    public static <T> Setting<T> of(String key, String valueName, ValueType<T> type, String help) {
        return new Setting<>(key, key.replace('_', '-'), valueName, help, type, Check.none());
    }

    /** This setting with the range check {@code check} (after any it has). */
    public Setting<T> checked(Check<T> check) {
        return new Setting<>(key, option, valueName, help, type, this.check.then(check));
    }

    /** This setting with {@code check} in place of the range check it has (a looser range where a use allows one). */
    public Setting<T> rechecked(Check<T> check) {
        return new Setting<>(key, option, valueName, help, type, check);
    }

    /** This setting under another command-line option name (without dashes). */
    public Setting<T> option(String name) {
        return new Setting<>(key, name, valueName, help, type, check);
    }

    /** This setting with another help line (an experiment's own wording of a shared setting). */
    public Setting<T> help(String text) {
        return new Setting<>(key, option, valueName, text, type, check);
    }

    /** The key in the JSON configuration. */
    public String key() { return key; }

    /** The option's name, without dashes. */
    public String optionName() { return option; }

    /** The option as typed: {@code --name}. */
    public String flag() { return "--" + option; }

    /** The value's type. */
    public ValueType<T> type() { return type; }

    /**
     * The value, range-checked (and in canonical form, e.g. sorted).
     *
     * @throws IllegalArgumentException naming the option, the value and what is expected
     */
    public T check(T value) {
        return check.apply(flag(), value);
    }

    /**
     * The value of a command-line text (not yet range-checked).
     *
     * @throws IllegalArgumentException naming the option, the text and what is expected
     */
    public T parse(String text) {
        try {
            return type.parse(text);
        } catch (ValueType.WrongPart e) {
            throw new IllegalArgumentException(flag() + " '" + text + "' is invalid at '" + e.part() + "'; expected " + type.expected());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag() + " '" + text.replace("\0", "\\0") + "' is invalid; expected " + type.expected());
        }
    }

    /** The value's command-line text; null for a value that is not set (null, NaN). */
    public String text(T value) {
        return value == null ? null : type.text(value);
    }

    /** The option in help, its defaults from the quick and paper presets' values. */
    public Option option(T quick, T paper) {
        String q = text(quick), p = text(paper);
        return new Option(option, valueName, q, Objects.equals(p, q) ? null : p, help);
    }

    /** Puts the value's JSON form under {@link #key}. */
    public void write(T value, Map<String, Object> config) {
        config.put(key, type.json(value));
    }

    /**
     * The value a JSON configuration holds under {@link #key} (not yet range-checked).
     *
     * @throws IllegalArgumentException naming the field if it is missing or malformed
     */
    public T read(Map<String, Object> config) {
        return type.read(config, key);
    }

    @Override public String toString() {
        return flag();
    }
}
