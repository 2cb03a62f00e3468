package dev.vnlab.spectrum;

/**
 * A measured quantity with its standard error: 0 for a value computed exactly, the Monte Carlo
 * error of the probes for a stochastic estimate.
 *
 * @param value the value or estimate
 * @param standardError its standard error, &gt;= 0 (NaN where the value is NaN, or where a single
 *        sample gives no spread to estimate it from)
 */
public record Estimate(double value, double standardError) {
    /** An exactly computed value (standard error 0). */
    public static Estimate exact(double value) { return new Estimate(value, 0); }

    @Override public String toString() { return value + " +- " + standardError; }
}
