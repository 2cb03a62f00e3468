package dev.vnlab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The tick marks of an axis: labelled major ticks and unlabelled minor ones, values in
 * ascending order inside the axis range. The arrays belong to this object; do not modify them.
 *
 * @param major the labelled tick values
 * @param labels one compact label per major tick ("0.2", "1000", "10⁻⁴", "2×10⁵")
 * @param minor the unlabelled tick values (log axes: the 2..9 multiples between decades)
 */
public record Ticks(double[] major, List<String> labels, double[] minor) {
    private static final int[] LINEAR_STEPS = {1, 2, 5};
    private static final int[] DECADE_STEPS = {1, 2, 3, 5, 10, 20, 50, 100};
    private static final double EPS = 1e-9;

    /** The ticks of a {@code scale} axis over [lo, hi]: {@link #linear} or {@link #log}. */
    public static Ticks of(Scale scale, double lo, double hi, int maxCount) {
        return scale == Scale.LOG ? log(lo, hi, maxCount) : linear(lo, hi, maxCount);
    }

    /**
     * Ticks at multiples of the smallest step of the form {1, 2, 5} x 10^e that puts at most
     * {@code maxCount} ticks in [lo, hi]; [0, 1] with 6 gives 0, 0.2, ..., 1. Values are
     * computed as integer / power of ten, so 0.6 is the double nearest 0.6, not 3 * 0.2.
     *
     * @throws IllegalArgumentException if lo and hi are not finite with lo &lt; hi, or maxCount &lt; 2
     */
    public static Ticks linear(double lo, double hi, int maxCount) {
        check(lo, hi, maxCount);
        int e = (int) Math.floor(Math.log10((hi - lo) / maxCount)) - 1;
        for (;; e++) {
            for (int m : LINEAR_STEPS) {
                double step = m * pow10(e);
                long kLo = (long) Math.ceil(lo / step - EPS), kHi = (long) Math.floor(hi / step + EPS);
                if (kHi - kLo + 1 > maxCount) continue;
                double[] major = new double[(int) Math.max(0, kHi - kLo + 1)];
                for (int i = 0; i < major.length; i++) major[i] = decimal((kLo + i) * m, e);
                return new Ticks(major, linearLabels(major, e), new double[0]);
            }
        }
    }

    /**
     * Ticks of a log axis over [lo, hi] (0 &lt; lo &lt; hi): the decades 10^k inside it (every
     * second, third, fifth... decade if more than {@code maxCount}), the 2..9 multiples between
     * them as minor ticks; a range of fewer than three decades also labels 2 and 5 times the
     * decades (or 1..9 times, or falls back to {@link #linear} ticks) so that at least two
     * ticks are labelled. [10, 1000] gives 10, 100, 1000.
     *
     * @throws IllegalArgumentException if lo is not positive, hi not above lo, either not
     *     finite, or maxCount &lt; 2
     */
    public static Ticks log(double lo, double hi, int maxCount) {
        check(lo, hi, maxCount);
        if (!(lo > 0)) throw new IllegalArgumentException("log axis range [" + lo + ", " + hi + "] is invalid; expected positive values");
        int d0 = (int) Math.ceil(Math.log10(lo) - EPS), d1 = (int) Math.floor(Math.log10(hi) + EPS);
        int decades = d1 - d0 + 1;
        List<Double> oneTwoFive = multiples(lo, hi, d0 - 1, d1, new int[] {1, 2, 5});
        List<Double> all = multiples(lo, hi, d0 - 1, d1, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        if (decades >= 3 || (decades == 2 && oneTwoFive.size() > maxCount)) {
            int s = 0;
            for (int step : DECADE_STEPS) {
                s = step;
                if (Math.floorDiv(d1, s) - Math.floorDiv(d0 - 1, s) <= maxCount) break;
            }
            List<Double> major = new ArrayList<>(), minor = new ArrayList<>();
            for (int k = d0; k <= d1; k++) (Math.floorMod(k, s) == 0 ? major : minor).add(decimal(1, k));
            if (s == 1) minor = without(all, major);
            return new Ticks(toArray(major), decadeLabels(major), toArray(minor));
        }
        if (oneTwoFive.size() >= 2 && oneTwoFive.size() <= maxCount) {
            return new Ticks(toArray(oneTwoFive), logLabels(oneTwoFive), toArray(without(all, oneTwoFive)));
        }
        if (all.size() >= 2 && all.size() <= maxCount) return new Ticks(toArray(all), logLabels(all), new double[0]);
        return linear(lo, hi, maxCount);
    }

    private static void check(double lo, double hi, int maxCount) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("axis range [" + lo + ", " + hi + "] is invalid; expected finite min < max");
        }
        if (maxCount < 2) throw new IllegalArgumentException("tick count " + maxCount + " is invalid; expected at least 2");
    }

    /** m * 10^k in [lo, hi] for k in [k0, k1] and m in ms, ascending. */
    private static List<Double> multiples(double lo, double hi, int k0, int k1, int[] ms) {
        List<Double> out = new ArrayList<>();
        for (int k = k0; k <= k1; k++) {
            for (int m : ms) {
                double v = decimal(m, k);
                if (v >= lo * (1 - EPS) && v <= hi * (1 + EPS)) out.add(v);
            }
        }
        return out;
    }

    private static List<Double> without(List<Double> all, List<Double> remove) {
        List<Double> out = new ArrayList<>(all);
        out.removeAll(remove);
        return out;
    }

    private static List<String> linearLabels(double[] major, int e) {
        double top = 0;
        for (double v : major) top = Math.max(top, Math.abs(v));
        List<String> labels = new ArrayList<>(major.length);
        if (e > -5 && top < 1e5) {
            for (double v : major) labels.add(NumberText.fixed(v, Math.max(0, -e)));
            return labels;
        }
        int exp = (int) Math.floor(Math.log10(top));
        for (double v : major) labels.add(v == 0 ? "0" : NumberText.fixed(v / pow10(exp), Math.max(0, exp - e)) + "\u00d7" + NumberText.powerOfTen(exp));
        return labels;
    }

    private static List<String> decadeLabels(List<Double> decades) {
        boolean plain = decades.stream().allMatch(v -> v >= 1e-3 * (1 - EPS) && v <= 1e4 * (1 + EPS));
        List<String> labels = new ArrayList<>();
        for (double v : decades) {
            int k = (int) Math.round(Math.log10(v));
            labels.add(plain ? NumberText.fixed(v, Math.max(0, -k)) : NumberText.powerOfTen(k));
        }
        return labels;
    }

    private static List<String> logLabels(List<Double> values) {
        boolean plain = values.stream().allMatch(v -> v >= 1e-3 * (1 - EPS) && v < 1e5);
        List<String> labels = new ArrayList<>();
        for (double v : values) {
            int k = (int) Math.floor(Math.log10(v) + EPS);
            long m = Math.round(v / pow10(k));
            if (plain) labels.add(NumberText.fixed(v, Math.max(0, -k)));
            else labels.add(m == 1 ? NumberText.powerOfTen(k) : m + "\u00d7" + NumberText.powerOfTen(k));
        }
        return labels;
    }

    /** {@code m * 10^e} as the double nearest that decimal. */
    private static double decimal(long m, int e) {
        return e >= 0 ? m * pow10(e) : m / pow10(-e);
    }

    private static double pow10(int e) {
        if (e >= 0 && e <= 22) return POWERS[e];
        if (e < 0 && e >= -22) return 1 / POWERS[-e];
        return Math.pow(10, e);
    }

    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private static double[] toArray(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = list.get(i);
        return a;
    }
}
