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

    /**
     * The mean of independent samples and its standard error, {@code s / sqrt(k)} with s the
     * sample standard deviation (divisor k - 1; two passes); NaN for a single sample.
     *
     * @throws IllegalArgumentException if there is no sample
     */
    public static Estimate meanOf(double[] samples) {
        int k = samples.length;
        if (k == 0) throw new IllegalArgumentException("no sample; expected at least one for a mean");
        double s = 0;
        for (double x : samples) s += x;
        double mean = s / k;
        if (k < 2) return new Estimate(mean, Double.NaN);
        double ss = 0;
        for (double x : samples) ss += (x - mean) * (x - mean);
        return new Estimate(mean, Math.sqrt(ss / (k - 1) / k));
    }

    @Override public String toString() { return value + " +- " + standardError; }
}
