package dev.vnlab.report;

import java.awt.Color;

/** The symbol drawn at each point of a series. */
public enum Marker {
    NONE, CIRCLE, SQUARE, TRIANGLE, DIAMOND;

    /**
     * Draws this marker centred on (x, y), {@code size} logical units across, filled with
     * {@code color} and edged in white so overlapping markers stay distinct.
     */
    public void draw(Canvas canvas, double x, double y, double size, Color color) {
        if (this == NONE || !Double.isFinite(x) || !Double.isFinite(y)) return;
        double h = size / 2;
        Canvas.Pen edge = new Canvas.Pen(Color.WHITE, Math.max(0.5, size / 10));
        switch (this) {
            case CIRCLE -> canvas.circle(x, y, h, color, edge);
            case SQUARE -> {
                double s = h * 0.9; // equal visual weight with the circle
                canvas.polygon(new double[] {x - s, x + s, x + s, x - s}, new double[] {y - s, y - s, y + s, y + s}, color, edge);
            }
            case TRIANGLE -> {
                double r = h * 1.2;
                canvas.polygon(new double[] {x, x + r * 0.866, x - r * 0.866}, new double[] {y - r, y + r * 0.5, y + r * 0.5}, color, edge);
            }
            case DIAMOND -> {
                double r = h * 1.15;
                canvas.polygon(new double[] {x, x + r, x, x - r}, new double[] {y - r, y, y + r, y}, color, edge);
            }
            default -> throw new AssertionError(this);
        }
    }
}
