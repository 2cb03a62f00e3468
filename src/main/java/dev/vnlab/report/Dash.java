package dev.vnlab.report;

/** The dash pattern of a line. */
public enum Dash {
    SOLID(null),
    DASHED(new double[] {5, 3}),
    DOTTED(new double[] {1, 2.2}),
    DASH_DOT(new double[] {6, 2.5, 1.2, 2.5});

    private final double[] unit;

    Dash(double[] unit) {
        this.unit = unit;
    }

    /**
     * Dash and gap lengths in logical units for a line {@code width} wide (the pattern grows
     * with the line, so thick dashed lines stay legible), or null for a solid line.
     */
    public double[] pattern(double width) {
        if (unit == null) return null;
        double k = Math.max(1, width / 1.5);
        double[] p = unit.clone();
        for (int i = 0; i < p.length; i++) p[i] *= k;
        return p;
    }
}
