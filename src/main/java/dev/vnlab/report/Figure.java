package dev.vnlab.report;

import java.awt.image.BufferedImage;

/**
 * Something drawn once on a {@link Canvas} and rendered from that one drawing to SVG and to
 * PNG. Sizes are in logical units (CSS pixels); a PNG has {@code scale} device pixels per unit.
 */
public interface Figure {
    /** Width in logical units. */
    double width();

    /** Height in logical units. */
    double height();

    /**
     * Draws the figure on {@code canvas}, which covers (0, 0) to ({@link #width()}, {@link #height()}).
     *
     * @throws IllegalArgumentException if the figure's data cannot be drawn (a non-positive
     *     value on a log axis, say), naming the value and what is expected
     */
    void draw(Canvas canvas);

    /** The figure as a standalone SVG document (UTF-8 text) whose viewBox is its logical size. */
    default String toSvg() {
        return SvgCanvas.render(this);
    }

    /**
     * The figure as an RGB image of {@code round(width * scale)} x {@code round(height * scale)}
     * pixels on a white background, antialiased.
     *
     * @throws IllegalArgumentException if {@code scale} is not positive or the image would have
     *     more than 16384 pixels on a side
     */
    default BufferedImage toImage(double scale) {
        return GraphicsCanvas.render(this, scale);
    }

    /** {@link #toImage(double)} encoded as PNG bytes. */
    default byte[] toPng(double scale) {
        return Png.encode(toImage(scale));
    }
}
