package dev.vnlab.report;

import java.awt.Color;

/**
 * One data series of a {@link Plot}: points (x[i], y[i]) joined by a line and/or marked, with
 * an optional shaded band or error bars from lower[i] to upper[i]. A NaN coordinate leaves the
 * point out and breaks the line there (a gap). The arrays are copied; later changes to the
 * caller's arrays do not show. Colour defaults to the plot's palette entry for the series'
 * position.
 */
public final class Series {
    private final String name;
    private final double[] x, y;
    private double[] bandLower, bandUpper, barLower, barUpper;
    private Color color;
    private Dash dash = Dash.SOLID;
    private Marker marker = Marker.NONE;
    private double lineWidth = 1.8;
    private boolean line = true;

    private Series(String name, double[] x, double[] y) {
        this.name = name;
        this.x = x;
        this.y = y;
    }

    /**
     * A series named {@code name} (shown in the legend; "" for none) through the points
     * (x[i], y[i]), joined by a solid line.
     *
     * @throws IllegalArgumentException if there are no points, the arrays differ in length, or
     *     a coordinate is infinite
     */
    public static Series of(String name, double[] x, double[] y) {
        if (name == null) throw new IllegalArgumentException("series name is null; expected a name, or \"\" for none");
        if (x.length == 0) throw new IllegalArgumentException("series '" + name + "' has no points; expected at least one");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and " + y.length + " y values; expected equal lengths");
        }
        Series s = new Series(name, x.clone(), y.clone());
        s.checkFinite("x", s.x);
        s.checkFinite("y", s.y);
        return s;
    }

    /**
     * Shades the band between lower[i] and upper[i] at each x[i] (a standard deviation, a
     * quantile range) in the series colour; returns this series.
     *
     * @throws IllegalArgumentException if the lengths differ from the number of points, a
     *     value is infinite, or lower[i] > upper[i]
     */
    public Series band(double[] lower, double[] upper) {
        checkRange("band", lower, upper);
        bandLower = lower.clone();
        bandUpper = upper.clone();
        return this;
    }

    /** Draws a vertical error bar from lower[i] to upper[i] at each point; checked as {@link #band}; returns this series. */
    public Series errorBars(double[] lower, double[] upper) {
        checkRange("error bars", lower, upper);
        barLower = lower.clone();
        barUpper = upper.clone();
        return this;
    }

    /** Sets the colour (default: from the plot's palette); returns this series. */
    public Series color(Color color) {
        if (color == null) throw new IllegalArgumentException("series '" + name + "' colour is null; expected a colour");
        this.color = color;
        return this;
    }

    /** Sets the line's dash pattern (default solid); returns this series. */
    public Series dash(Dash dash) {
        if (dash == null) throw new IllegalArgumentException("series '" + name + "' dash is null; expected a Dash");
        this.dash = dash;
        return this;
    }

    /** Sets the marker drawn at each point (default none); returns this series. */
    public Series marker(Marker marker) {
        if (marker == null) throw new IllegalArgumentException("series '" + name + "' marker is null; expected a Marker (NONE for none)");
        this.marker = marker;
        return this;
    }

    /** Sets the line width in logical units (default 1.8); returns this series. */
    public Series lineWidth(double width) {
        if (!(width > 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("series '" + name + "' line width " + width + " is invalid; expected a positive number");
        }
        this.lineWidth = width;
        return this;
    }

    /** Draws markers only, no line (a marker is set to {@link Marker#CIRCLE} if none is); returns this series. */
    public Series pointsOnly() {
        line = false;
        if (marker == Marker.NONE) marker = Marker.CIRCLE;
        return this;
    }

    /** The legend name ("" for none). */
    public String name() {
        return name;
    }

    /** The number of points. */
    public int size() {
        return x.length;
    }

    double[] x() { return x; }
    double[] y() { return y; }
    double[] bandLower() { return bandLower; }
    double[] bandUpper() { return bandUpper; }
    double[] barLower() { return barLower; }
    double[] barUpper() { return barUpper; }
    Color colorOr(Color fallback) { return color != null ? color : fallback; }
    Dash dash() { return dash; }
    Marker marker() { return marker; }
    double lineWidth() { return lineWidth; }
    boolean hasLine() { return line; }

    private void checkFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isInfinite(v[i])) {
                throw new IllegalArgumentException("series '" + name + "' has " + what + " = " + v[i] + " at index " + i + "; expected a finite number or NaN (a gap)");
            }
        }
    }

    private void checkRange(String what, double[] lower, double[] upper) {
        if (lower.length != x.length || upper.length != x.length) {
            throw new IllegalArgumentException("series '" + name + "' " + what + " has " + lower.length + " lower and " + upper.length
                    + " upper values for " + x.length + " points; expected " + x.length + " of each");
        }
        checkFinite(what + " lower", lower);
        checkFinite(what + " upper", upper);
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] > upper[i]) {
                throw new IllegalArgumentException("series '" + name + "' " + what + " has lower " + lower[i] + " above upper " + upper[i]
                        + " at index " + i + "; expected lower <= upper");
            }
        }
    }
}
