package dev.vnlab.report;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * A drawing surface in logical units (CSS pixels: x to the right, y downwards, origin at the
 * top left), the one thing a {@link Figure} draws on. An SVG document and a PNG image are
 * both made by running the same figure code against two implementations, so their geometry
 * cannot drift apart. Colours with an alpha below 255 are drawn translucent.
 */
public interface Canvas {
    /** How a line is stroked: colour, width in logical units, dash pattern. */
    record Pen(Color color, double width, Dash dash) {
        /** A solid pen. */
        public Pen(Color color, double width) {
            this(color, width, Dash.SOLID);
        }
    }

    /** How text is set: size in logical units (the em), weight, colour. */
    record TextStyle(double size, boolean bold, Color color) {}

    /** Where a text's anchor point lies on its baseline. */
    enum Align { START, MIDDLE, END }

    /**
     * Device pixels per logical unit: 1 or more for a PNG, a nominal density for SVG; figures
     * size the rasters they embed with it.
     */
    double pixelScale();

    /** The advance width of {@code text} set in {@code style}, in logical units. */
    double textWidth(String text, TextStyle style);

    /** A rectangle, filled with {@code fill} and outlined with {@code outline} (either may be null). */
    void rect(double x, double y, double width, double height, Color fill, Pen outline);

    /** An open polyline through the points; a NaN coordinate lifts the pen (a gap). Arrays are not modified. */
    void polyline(double[] x, double[] y, Pen pen);

    /** A closed polygon, filled and/or outlined (either may be null). Arrays are not modified. */
    void polygon(double[] x, double[] y, Color fill, Pen outline);

    /** A circle of radius {@code r} about (cx, cy), filled and/or outlined (either may be null). */
    void circle(double cx, double cy, double r, Color fill, Pen outline);

    /**
     * One line of text with its baseline through (x, y), aligned horizontally by {@code align},
     * rotated by {@code degrees} about the anchor point (clockwise on screen, as in SVG:
     * -90 reads from bottom to top).
     */
    void text(String text, double x, double y, TextStyle style, Align align, double degrees);

    /**
     * A raster stretched over the rectangle, each of its pixels a sharp block (nearest
     * neighbour, no smoothing). The image is not modified.
     */
    void image(double x, double y, double width, double height, BufferedImage raster);

    /** Clips what follows to the rectangle, until the matching {@link #unclip()}. */
    void clip(double x, double y, double width, double height);

    /** Ends the innermost {@link #clip}. */
    void unclip();

    /**
     * Starts a named group of what follows (an SVG {@code <g class="kind" data-name="name">};
     * nothing in a raster), ended by {@link #endGroup()}.
     */
    void beginGroup(String kind, String name);

    /** Ends the innermost group. */
    void endGroup();
}
