package dev.vnlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Canvas} over a {@link Graphics2D} on a {@link BufferedImage}: antialiased, scaled
 * from logical units to pixels, text set in the first installed of Helvetica, Arial, Liberation
 * Sans and DejaVu Sans (else the JDK's SansSerif).
 *
 * <p>Rendering never needs a display: the class sets {@code java.awt.headless=true} before AWT
 * starts unless the property was set explicitly.
 */
final class GraphicsCanvas implements Canvas {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final int MAX_PIXELS_PER_SIDE = 16384;
    private static final String FAMILY = pickFamily();

    private final Graphics2D g;
    private final double scale;
    private final Deque<Shape> clips = new ArrayDeque<>();
    private final Map<TextStyle, Font> fonts = new HashMap<>();

    private GraphicsCanvas(Graphics2D g, double scale) {
        this.g = g;
        this.scale = scale;
    }

    static BufferedImage render(Figure figure, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("scale " + scale + " is invalid; expected a positive number of pixels per unit");
        long w = Math.round(figure.width() * scale), h = Math.round(figure.height() * scale);
        if (w < 1 || h < 1 || w > MAX_PIXELS_PER_SIDE || h > MAX_PIXELS_PER_SIDE) {
            throw new IllegalArgumentException("image of " + w + " x " + h + " pixels is invalid; expected 1 to " + MAX_PIXELS_PER_SIDE + " pixels a side");
        }
        BufferedImage image = new BufferedImage((int) w, (int) h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, (int) w, (int) h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE); // lines where the layout puts them
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.scale(scale, scale);
            GraphicsCanvas c = new GraphicsCanvas(g, scale);
            figure.draw(c);
            if (!c.clips.isEmpty()) throw new IllegalStateException("figure left " + c.clips.size() + " clips open");
        } finally {
            g.dispose();
        }
        return image;
    }

    @Override
    public double pixelScale() {
        return scale;
    }

    @Override
    public double textWidth(String text, TextStyle style) {
        return font(style).getStringBounds(text, g.getFontRenderContext()).getWidth();
    }

    @Override
    public void rect(double x, double y, double width, double height, Color fill, Pen outline) {
        paint(new Rectangle2D.Double(x, y, width, height), fill, outline);
    }

    @Override
    public void polyline(double[] x, double[] y, Pen pen) {
        paint(path(x, y, false), null, pen);
    }

    @Override
    public void polygon(double[] x, double[] y, Color fill, Pen outline) {
        paint(path(x, y, true), fill, outline);
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Pen outline) {
        paint(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), fill, outline);
    }

    @Override
    public void text(String text, double x, double y, TextStyle style, Align align, double degrees) {
        Font f = font(style);
        double w = align == Align.START ? 0 : f.getStringBounds(text, g.getFontRenderContext()).getWidth();
        double dx = switch (align) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (degrees != 0) g.rotate(Math.toRadians(degrees));
        g.setFont(f);
        g.setColor(style.color());
        g.drawString(text, (float) dx, 0f);
        g.setTransform(saved);
    }

    @Override
    public void image(double x, double y, double width, double height, BufferedImage raster) {
        Object saved = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.scale(width / raster.getWidth(), height / raster.getHeight());
        g.drawImage(raster, at, null);
        if (saved != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, saved);
    }

    @Override
    public void clip(double x, double y, double width, double height) {
        Shape previous = g.getClip();
        clips.push(previous == null ? new Rectangle2D.Double(-1e9, -1e9, 2e9, 2e9) : previous);
        g.clip(new Rectangle2D.Double(x, y, width, height));
    }

    @Override
    public void unclip() {
        if (clips.isEmpty()) throw new IllegalStateException("no clip is open to end");
        g.setClip(clips.pop());
    }

    @Override
    public void beginGroup(String kind, String name) {}

    @Override
    public void endGroup() {}

    private void paint(Shape shape, Color fill, Pen pen) {
        if (fill != null) {
            g.setColor(fill);
            g.fill(shape);
        }
        if (pen != null) {
            double[] d = pen.dash().pattern(pen.width());
            float[] dash = null;
            if (d != null) {
                dash = new float[d.length];
                for (int i = 0; i < d.length; i++) dash[i] = (float) d[i];
            }
            g.setStroke(new BasicStroke((float) pen.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            g.setColor(pen.color());
            g.draw(shape);
        }
    }

    private static Path2D path(double[] x, double[] y, boolean close) {
        Path2D.Double p = new Path2D.Double();
        boolean penDown = false;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                penDown = false;
                continue;
            }
            if (penDown) p.lineTo(x[i], y[i]);
            else p.moveTo(x[i], y[i]);
            penDown = true;
        }
        if (close) p.closePath();
        return p;
    }

    private Font font(TextStyle style) {
        return fonts.computeIfAbsent(style, s -> new Font(FAMILY, s.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) s.size()));
    }

    private static String pickFamily() {
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        for (String f : List.of("Helvetica", "Arial", "Liberation Sans", "DejaVu Sans")) if (installed.contains(f)) return f;
        return Font.SANS_SERIF;
    }
}
