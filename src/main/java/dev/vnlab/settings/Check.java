package dev.vnlab.settings;

/**
 * A range check of one setting's value, which may also put it in canonical form (a list
 * sorted). Its message names the option that sets the value, the bad value and what is expected.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface Check<T> {
    /**
     * The value, checked (and sorted, where the check sorts).
     *
     * @param option how the message names the setting, e.g. "--widths"
     * @throws IllegalArgumentException naming the option if the value is out of range
     */
    T apply(String option, T value);

    /** This check, then {@code next} on its result. */
    default Check<T> then(Check<T> next) {
        return (option, value) -> next.apply(option, apply(option, value));
    }

    /** The check that accepts every value. */
    static <T> Check<T> none() {
        return (option, value) -> value;
    }
}
