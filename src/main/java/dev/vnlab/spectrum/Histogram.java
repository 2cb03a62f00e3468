package dev.vnlab.spectrum;

import java.util.Arrays;

/**
 * Counts of values in bins between ascending edges, and the density they give: bin i holds the
 * values in {@code [edges[i], edges[i+1])}, the last bin also its right edge, and
 * {@code density[i] = counts[i] / (total * (edges[i+1] - edges[i]))} with {@code total} every
 * value binned or not, so the density integrates to the fraction of values inside the edges.
 * Immutable; accessors return copies.
 */
public final class Histogram {
    private final double[] edges;
    private final long[] counts;
    private final long below, above;

    private Histogram(double[] edges, long[] counts, long below, long above) {
        this.edges = edges;
        this.counts = counts;
        this.below = below;
        this.above = above;
    }

    /**
     * The histogram of {@code values} (not modified) over {@code edges} (at least 2, strictly
     * ascending and finite; copied).
     *
     * @throws IllegalArgumentException if the edges are not as stated or a value is NaN
     */
    public static Histogram of(double[] values, double[] edges) {
        if (edges.length < 2) throw new IllegalArgumentException(edges.length + " bin edge(s) given; expected at least 2");
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
                throw new IllegalArgumentException("bin edge " + i + " is " + edges[i] + "; expected finite edges in strictly ascending order");
            }
        }
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        long below = 0, above = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) throw new IllegalArgumentException("value " + i + " is NaN; expected a number to bin");
            if (v < edges[0]) below++;
            else if (v > edges[bins]) above++;
            else {
                int b = Arrays.binarySearch(edges, v);
                b = b >= 0 ? Math.min(b, bins - 1) : -b - 2; // an edge opens its bin; the last edge closes the last
                counts[b]++;
            }
        }
        return new Histogram(edges.clone(), counts, below, above);
    }

    /**
     * {@code bins + 1} equally spaced edges from lo to hi.
     *
     * @throws IllegalArgumentException if bins &lt; 1 or not lo &lt; hi, both finite
     */
    public static double[] linearEdges(double lo, double hi, int bins) {
        checkRange(lo, hi, bins);
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) e[i] = lo + (hi - lo) * i / bins;
        e[bins] = hi;
        return e;
    }

    /**
     * {@code bins + 1} edges from lo to hi equally spaced in log(x), for spectra spread over
     * decades (those of deep networks).
     *
     * @throws IllegalArgumentException if bins &lt; 1 or not 0 &lt; lo &lt; hi, both finite
     */
    public static double[] logEdges(double lo, double hi, int bins) {
        checkRange(lo, hi, bins);
        if (!(lo > 0)) throw new IllegalArgumentException("lower edge " + lo + " is invalid for logarithmic bins; expected a value > 0");
        double a = Math.log(lo), b = Math.log(hi);
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) e[i] = StrictMath.exp(a + (b - a) * i / bins);
        e[0] = lo;
        e[bins] = hi;
        return e;
    }

    private static void checkRange(double lo, double hi, int bins) {
        if (bins < 1) throw new IllegalArgumentException(bins + " bins requested; expected at least 1");
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("bin range [" + lo + ", " + hi + "] is invalid; expected finite lo < hi");
        }
    }

    /** The number of bins. */
    public int bins() { return counts.length; }

    /** The bin edges, ascending: {@link #bins()} + 1 of them. */
    public double[] edges() { return edges.clone(); }

    /** The number of values in each bin. */
    public long[] counts() { return counts.clone(); }

    /** The values below the first edge. */
    public long below() { return below; }

    /** The values above the last edge. */
    public long above() { return above; }

    /** Every value counted, inside the edges or not. */
    public long total() {
        long t = below + above;
        for (long c : counts) t += c;
        return t;
    }

    /** {@code counts[i] / (total * width_i)}: integrates to the fraction of values inside the edges. */
    public double[] density() {
        double[] d = new double[counts.length];
        long total = total();
        for (int i = 0; i < d.length; i++) d[i] = total == 0 ? 0 : counts[i] / (total * (edges[i + 1] - edges[i]));
        return d;
    }
}
