package dev.vnlab.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;

/**
 * A {@link Canvas} that writes SVG 1.1 elements. Text widths come from Helvetica's metrics
 * (the font asked for first), widened a little for the fallbacks, since an SVG is set by
 * whatever renders it. Rasters are embedded as base64 PNG {@code <image>}s.
 */
final class SvgCanvas implements Canvas {
    static final String FONTS = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
    /** Device pixels per unit assumed for embedded rasters: sharp on a 2x display. */
    private static final double PIXEL_SCALE = 2;
    /** Helvetica advance widths of ' ' to '~', in thousandths of an em. */
    private static final short[] WIDTHS = {
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    };

    private final StringBuilder out = new StringBuilder(1 << 14);
    private final Deque<String> open = new ArrayDeque<>();
    private int clips;

    static String render(Figure figure) {
        SvgCanvas c = new SvgCanvas();
        String w = num(figure.width()), h = num(figure.height());
        c.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"")
                .append(" width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"").append(FONTS).append("\">\n")
                .append("<rect width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"#ffffff\"/>\n");
        figure.draw(c);
        if (!c.open.isEmpty()) throw new IllegalStateException("figure left " + c.open.size() + " groups or clips open");
        return c.out.append("</svg>\n").toString();
    }

    @Override
    public double pixelScale() {
        return PIXEL_SCALE;
    }

    @Override
    public double textWidth(String text, TextStyle style) {
        return estimateWidth(text, style);
    }

    /** The width of {@code text} from Helvetica's metrics, widened by 6% (12% bold) for the fallback fonts. */
    static double estimateWidth(String text, TextStyle style) {
        double em = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= ' ' && ch <= '~') em += WIDTHS[ch - ' '];
            else if (ch >= '\u2070' && ch <= '\u207f' || ch == '\u00b9' || ch == '\u00b2' || ch == '\u00b3') em += 340; // superscripts
            else if (Character.isLowSurrogate(ch)) continue;
            else em += 584; // minus, times, Greek and the rest: about a digit's width
        }
        return em / 1000 * style.size() * (style.bold() ? 1.12 : 1.06);
    }

    @Override
    public void rect(double x, double y, double width, double height, Color fill, Pen outline) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append('"');
        paint(fill, outline);
        out.append("/>\n");
    }

    @Override
    public void polyline(double[] x, double[] y, Pen pen) {
        String d = pathData(x, y, false);
        if (d.isEmpty()) return;
        out.append("<path d=\"").append(d).append('"');
        paint(null, pen);
        out.append("/>\n");
    }

    @Override
    public void polygon(double[] x, double[] y, Color fill, Pen outline) {
        String d = pathData(x, y, true);
        if (d.isEmpty()) return;
        out.append("<path d=\"").append(d).append('"');
        paint(fill, outline);
        out.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Pen outline) {
        out.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"").append(num(r)).append('"');
        paint(fill, outline);
        out.append("/>\n");
    }

    @Override
    public void text(String text, double x, double y, TextStyle style, Align align, double degrees) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(num(style.size())).append('"');
        if (style.bold()) out.append(" font-weight=\"bold\"");
        if (align != Align.START) out.append(" text-anchor=\"").append(align == Align.MIDDLE ? "middle" : "end").append('"');
        if (degrees != 0) out.append(" transform=\"rotate(").append(num(degrees)).append(' ').append(num(x)).append(' ').append(num(y)).append(")\"");
        color("fill", style.color());
        out.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public void image(double x, double y, double width, double height, BufferedImage raster) {
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(Png.encode(raster));
        out.append("<image x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" preserveAspectRatio=\"none\"")
                .append(" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"")
                .append(" xlink:href=\"").append(data).append("\"/>\n");
    }

    @Override
    public void clip(double x, double y, double width, double height) {
        String id = "clip" + (++clips);
        out.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height)).append("\"/></clipPath>\n");
        out.append("<g clip-path=\"url(#").append(id).append(")\">\n");
        open.push("clip");
    }

    @Override
    public void unclip() {
        close("clip");
    }

    @Override
    public void beginGroup(String kind, String name) {
        out.append("<g class=\"").append(escape(kind)).append("\" data-name=\"").append(escape(name)).append("\">\n");
        open.push("group");
    }

    @Override
    public void endGroup() {
        close("group");
    }

    private void close(String what) {
        if (open.isEmpty() || !open.peek().equals(what)) throw new IllegalStateException("no " + what + " is open to end");
        open.pop();
        out.append("</g>\n");
    }

    private void paint(Color fill, Pen pen) {
        if (fill == null) out.append(" fill=\"none\"");
        else color("fill", fill);
        if (pen == null) return;
        color("stroke", pen.color());
        out.append(" stroke-width=\"").append(num(pen.width())).append("\" stroke-linejoin=\"round\"");
        double[] dash = pen.dash().pattern(pen.width());
        if (dash != null) {
            out.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) out.append(i > 0 ? " " : "").append(num(dash[i]));
            out.append('"');
        }
    }

    private void color(String attribute, Color c) {
        out.append(' ').append(attribute).append("=\"").append(String.format("#%06x", c.getRGB() & 0xffffff)).append('"');
        if (c.getAlpha() < 255) out.append(' ').append(attribute).append("-opacity=\"").append(num(c.getAlpha() / 255.0)).append('"');
    }

    private static String pathData(double[] x, double[] y, boolean close) {
        StringBuilder d = new StringBuilder();
        boolean penDown = false;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                penDown = false;
                continue;
            }
            if (d.length() > 0) d.append(' ');
            d.append(penDown ? 'L' : 'M').append(num(x[i])).append(' ').append(num(y[i]));
            penDown = true;
        }
        if (close && d.length() > 0) d.append(" Z");
        return d.toString();
    }

    /** A coordinate to two decimals (a hundredth of a pixel), without trailing zeros. */
    static String num(double v) {
        long r = Math.round(v * 100);
        String sign = r < 0 ? "-" : "";
        r = Math.abs(r);
        long whole = r / 100, frac = r % 100;
        if (frac == 0) return sign + whole;
        return sign + whole + (frac % 10 == 0 ? "." + frac / 10 : frac < 10 ? ".0" + frac : "." + frac);
    }

    /** XML character data: markup escaped, characters XML 1.0 forbids replaced by U+FFFD. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                    if (paired) {
                        b.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
