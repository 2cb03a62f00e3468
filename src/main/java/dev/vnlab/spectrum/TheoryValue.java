package dev.vnlab.spectrum;

import java.util.function.DoubleSupplier;

/**
 * One number of the theory (a criticality chi, a fixed point q*, one quantity of a
 * {@link TheoryPrediction}), or why the theory gives none for a configuration: the value reads
 * NaN on failure, so tables and curves print and draw as before, and the reason stays with it.
 *
 * @param value the number, NaN on failure
 * @param failure the one-sentence reason there is none, or null when there is a value
 */
public record TheoryValue(double value, String failure) {
    /** @throws IllegalArgumentException if a failure carries a number other than NaN */
    public TheoryValue {
        if (failure != null && !Double.isNaN(value)) throw new IllegalArgumentException("a failed theory value is NaN; got " + value);
    }

    /**
     * The number the theory call returns, or its failure: an {@link IllegalArgumentException}
     * (the configuration rules it out, e.g. {@link dev.vnlab.theory.NoFixedPointException}) or
     * an {@link ArithmeticException} (a root find without a bracket) becomes the reason.
     */
    public static TheoryValue attempt(DoubleSupplier theory) {
        try {
            return new TheoryValue(theory.getAsDouble(), null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return failed(e.getMessage());
        }
    }

    /** No value, for this one-sentence reason. */
    public static TheoryValue failed(String reason) { return new TheoryValue(Double.NaN, java.util.Objects.requireNonNull(reason, "reason")); }

    /** True when there is a value. */
    public boolean available() { return failure == null; }
}
