package dev.vnlab.report;

/**
 * One axis of a {@link Plot}: its label, scale and optional fixed range, and, while the plot
 * is drawn, the resolved range and where it lies on the canvas.
 */
final class Axis {
    /** Room left on each side of the data, as a fraction of its span (in scale space). */
    private static final double PADDING = 0.04;

    private final String name;
    String label = "";
    Scale scale = Scale.LINEAR;
    private double fixedMin = Double.NaN, fixedMax = Double.NaN;

    /** Resolved range in scale space (log10 of the values on a log axis). */
    private double lo, hi;
    /** Canvas positions of lo and hi. */
    private double p0, p1;

    Axis(String name) {
        this.name = name;
    }

    void range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(name + " range [" + min + ", " + max + "] is invalid; expected finite min < max");
        }
        fixedMin = min;
        fixedMax = max;
    }

    boolean hasFixedRange() {
        return !Double.isNaN(fixedMin);
    }

    /** Rejects a value this axis cannot show (non-positive on a log axis), naming where it came from. */
    void check(double v, String series, String what, int index) {
        if (scale == Scale.LOG && v <= 0) {
            throw new IllegalArgumentException("series '" + series + "' has " + what + " = " + v + " at index " + index
                    + "; a log " + name + " axis needs positive values");
        }
    }

    /** Resolves the range: the fixed one, else [dataMin, dataMax] padded in scale space. */
    void fit(double dataMin, double dataMax) {
        if (hasFixedRange()) {
            if (scale == Scale.LOG && fixedMin <= 0) {
                throw new IllegalArgumentException("log " + name + " axis range [" + fixedMin + ", " + fixedMax + "] is invalid; expected positive values");
            }
            lo = scale.forward(fixedMin);
            hi = scale.forward(fixedMax);
            return;
        }
        double t0 = scale.forward(dataMin), t1 = scale.forward(dataMax);
        if (t0 == t1) {
            double d = scale == Scale.LOG ? 0.5 : t0 == 0 ? 1 : Math.abs(t0) * 0.1;
            lo = t0 - d;
            hi = t1 + d;
        } else {
            double pad = PADDING * (t1 - t0);
            lo = t0 - pad;
            hi = t1 + pad;
        }
    }

    /** Puts the low end of the range at canvas position {@code low} and the high end at {@code high}. */
    void place(double low, double high) {
        p0 = low;
        p1 = high;
    }

    /** The canvas position of value {@code v} (NaN stays NaN). */
    double pixel(double v) {
        return p0 + (scale.forward(v) - lo) / (hi - lo) * (p1 - p0);
    }

    Ticks ticks(int maxCount) {
        return Ticks.of(scale, scale.inverse(lo), scale.inverse(hi), maxCount);
    }
}
