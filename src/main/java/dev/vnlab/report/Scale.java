package dev.vnlab.report;

/** How an axis maps values to positions. */
public enum Scale {
    /** Position proportional to the value. */
    LINEAR,
    /** Position proportional to log10 of the value; every value must be positive. */
    LOG;

    double forward(double v) {
        return this == LOG ? Math.log10(v) : v;
    }

    double inverse(double t) {
        return this == LOG ? Math.pow(10, t) : t;
    }
}
