package dev.vnlab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A line and point chart: a title, two axes (each linear or log10, labelled, ranged
 * automatically with a little padding or fixed), any number of {@link Series} and a legend.
 * Ticks follow {@link Ticks}; a light grid marks the major ones. Everything is laid out once,
 * in {@link #draw}, for whichever {@link Canvas} renders it. A plot is built and rendered on
 * one thread (drawing resolves the axes in place).
 *
 * <pre>{@code
 * Plot p = new Plot("VNI against depth").xLabel("depth L").yLabel("VNI").xScale(Scale.LOG)
 *         .add(Series.of("width 200", depth, mean).band(lo, hi).marker(Marker.CIRCLE))
 *         .add(Series.of("theory", depth, theory).dash(Dash.DASHED));
 * String svg = p.toSvg();
 * byte[] png = p.toPng(2);
 * }</pre>
 */
public final class Plot implements Figure {
    /** Where the legend goes; {@link #BEST} picks the inside corner that covers the fewest data. */
    public enum Legend { BEST, TOP_RIGHT, TOP_LEFT, BOTTOM_RIGHT, BOTTOM_LEFT, OUTSIDE_RIGHT, NONE }

    /** Series colours in order (Tableau 10, distinguishable in print and by most colour-blind readers). */
    public static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf));

    static final double PAD = 10;
    static final double TICK_LENGTH = 4, MINOR_TICK_LENGTH = 2.5, TICK_GAP = 4;
    /** Baseline offsets for text centred on, or hanging from, a point: fractions of the em. */
    static final double CENTRE = 0.35, ASCENT = 0.76, DESCENT = 0.24;
    static final Canvas.TextStyle TICK = new Canvas.TextStyle(12, false, new Color(0x333333));
    static final Canvas.TextStyle LABEL = new Canvas.TextStyle(13, false, new Color(0x111111));
    static final Canvas.TextStyle TITLE = new Canvas.TextStyle(15, true, new Color(0x111111));
    static final Canvas.TextStyle LEGEND = new Canvas.TextStyle(12, false, new Color(0x222222));
    static final Canvas.Pen FRAME = new Canvas.Pen(new Color(0x333333), 1);
    private static final Canvas.Pen GRID = new Canvas.Pen(new Color(0xe8e8e8), 0.8);
    private static final double LEGEND_ROW = 1.5, LEGEND_SAMPLE = 26, LEGEND_PAD_X = 8, LEGEND_PAD_Y = 5, LEGEND_GAP = 7, LEGEND_INSET = 8;
    private static final double BAND_ALPHA = 0.2, MARKER_SIZE = 6.5;

    private final String title;
    private final Axis x = new Axis("x"), y = new Axis("y");
    private final List<Series> series = new ArrayList<>();
    private double width = 640, height = 420;
    private Legend legend = Legend.BEST;
    private boolean grid = true;

    /** An empty chart with this title ("" for none), 640 x 420 units, linear axes. */
    public Plot(String title) {
        if (title == null) throw new IllegalArgumentException("plot title is null; expected a title, or \"\" for none");
        this.title = title;
    }

    /**
     * Sets the size in logical units (default 640 x 420); returns this plot.
     *
     * @throws IllegalArgumentException unless both lie in [100, 8192]
     */
    public Plot size(double width, double height) {
        for (double v : new double[] {width, height}) {
            if (!(v >= 100 && v <= 8192)) throw new IllegalArgumentException("plot size " + width + " x " + height + " is invalid; expected 100 to 8192 units a side");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Sets the x axis label; returns this plot. */
    public Plot xLabel(String label) {
        x.label = nonNull(label, "x label");
        return this;
    }

    /** Sets the y axis label; returns this plot. */
    public Plot yLabel(String label) {
        y.label = nonNull(label, "y label");
        return this;
    }

    /** Sets the x axis scale (default linear); returns this plot. */
    public Plot xScale(Scale scale) {
        x.scale = nonNull(scale, "x scale");
        return this;
    }

    /** Sets the y axis scale (default linear); returns this plot. */
    public Plot yScale(Scale scale) {
        y.scale = nonNull(scale, "y scale");
        return this;
    }

    /** Fixes the x range to [min, max] (no padding; data outside is clipped); returns this plot. */
    public Plot xRange(double min, double max) {
        x.range(min, max);
        return this;
    }

    /** Fixes the y range to [min, max] (no padding; data outside is clipped); returns this plot. */
    public Plot yRange(double min, double max) {
        y.range(min, max);
        return this;
    }

    /** Sets where the legend goes (default {@link Legend#BEST}); returns this plot. */
    public Plot legend(Legend position) {
        legend = nonNull(position, "legend position");
        return this;
    }

    /** Shows or hides the grid at the major ticks (default shown); returns this plot. */
    public Plot grid(boolean show) {
        grid = show;
        return this;
    }

    /** Adds a series, drawn after (above) those added before; returns this plot. */
    public Plot add(Series s) {
        series.add(nonNull(s, "series"));
        return this;
    }

    /** The series, in drawing order (unmodifiable). */
    public List<Series> series() {
        return List.copyOf(series);
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    @Override
    public void draw(Canvas c) {
        if (series.isEmpty()) throw new IllegalArgumentException("plot '" + title + "' has no series; expected at least one");
        fitAxes();
        Frame f = layout(c);
        if (grid) drawGrid(c, f);
        c.clip(f.left, f.top, f.right - f.left, f.bottom - f.top);
        for (int k = 0; k < series.size(); k++) drawSeries(c, series.get(k), color(k));
        c.unclip();
        c.rect(f.left, f.top, f.right - f.left, f.bottom - f.top, null, FRAME);
        drawTicks(c, f);
        if (!x.label.isEmpty()) {
            c.text(x.label, (f.left + f.right) / 2, f.bottom + xLabelBaseline(), LABEL, Canvas.Align.MIDDLE, 0);
        }
        if (!y.label.isEmpty()) {
            double baseline = f.left - TICK_LENGTH - TICK_GAP - f.yLabelWidth - 7 - DESCENT * LABEL.size();
            c.text(y.label, baseline, (f.top + f.bottom) / 2, LABEL, Canvas.Align.MIDDLE, -90);
        }
        if (!title.isEmpty()) drawTitle(c, title, (f.left + f.right) / 2, width);
        drawLegend(c, f);
    }

    /** The plot rectangle and the ticks chosen for it. */
    private record Frame(double left, double top, double right, double bottom, Ticks xTicks, Ticks yTicks, double yLabelWidth) {}

    /**
     * Draws a figure title centred on {@code at}, moved (and, if it is wider than the canvas,
     * set smaller, down to 9 units) so that it stays inside a canvas {@code canvasWidth} wide.
     */
    static void drawTitle(Canvas c, String text, double at, double canvasWidth) {
        Canvas.TextStyle style = TITLE;
        double room = canvasWidth - 2 * PAD, w = c.textWidth(text, style);
        if (w > room) {
            style = new Canvas.TextStyle(Math.max(9, TITLE.size() * room / w), TITLE.bold(), TITLE.color());
            w = c.textWidth(text, style);
        }
        double x = w >= room ? canvasWidth / 2 : Math.min(Math.max(at, PAD + w / 2), canvasWidth - PAD - w / 2);
        c.text(text, x, PAD + ASCENT * TITLE.size(), style, Canvas.Align.MIDDLE, 0);
    }

    private Color color(int k) {
        return series.get(k).colorOr(PALETTE.get(k % PALETTE.size()));
    }

    private void fitAxes() {
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, yr = xr.clone();
        for (Series s : series) {
            double[] sx = s.x(), sy = s.y();
            for (int i = 0; i < sx.length; i++) {
                if (Double.isNaN(sx[i])) continue;
                x.check(sx[i], s.name(), "x", i);
                if (!Double.isNaN(sy[i])) {
                    y.check(sy[i], s.name(), "y", i);
                    extend(xr, sx[i]);
                    extend(yr, sy[i]);
                }
                bounds(s.bandLower(), s.bandUpper(), "band", s, i, xr, yr);
                bounds(s.barLower(), s.barUpper(), "error bar", s, i, xr, yr);
            }
        }
        boolean noData = xr[0] > xr[1];
        if (noData && !(x.hasFixedRange() && y.hasFixedRange())) {
            throw new IllegalArgumentException("plot '" + title + "' has no point with finite x and y; expected at least one, or fixed x and y ranges");
        }
        x.fit(noData ? 1 : xr[0], noData ? 1 : xr[1]);
        y.fit(noData ? 1 : yr[0], noData ? 1 : yr[1]);
    }

    /** Widens the ranges to a point's band or bar bounds, checking them against the y scale. */
    private void bounds(double[] lower, double[] upper, String what, Series s, int i, double[] xr, double[] yr) {
        if (lower == null) return;
        for (int b = 0; b < 2; b++) {
            double v = b == 0 ? lower[i] : upper[i];
            if (Double.isNaN(v)) continue;
            y.check(v, s.name(), what + (b == 0 ? " lower" : " upper"), i);
            extend(xr, s.x()[i]);
            extend(yr, v);
        }
    }

    private static void extend(double[] range, double v) {
        range[0] = Math.min(range[0], v);
        range[1] = Math.max(range[1], v);
    }

    private double xTickBaseline() {
        return TICK_LENGTH + TICK_GAP + ASCENT * TICK.size();
    }

    private double xLabelBaseline() {
        return xTickBaseline() + DESCENT * TICK.size() + 7 + ASCENT * LABEL.size();
    }

    /** Margins from the text they hold, then the ticks that fit the remaining rectangle. */
    private Frame layout(Canvas c) {
        double top = Math.round(PAD + (title.isEmpty() ? 0 : TITLE.size() + 10) + 6);
        double bottomMargin = PAD + (x.label.isEmpty() ? xTickBaseline() + DESCENT * TICK.size() : xLabelBaseline() + DESCENT * LABEL.size());
        double bottom = Math.round(height - bottomMargin);
        if (bottom - top < 40) throw new IllegalArgumentException("plot size " + width + " x " + height + " leaves no room for the data; expected a larger size");
        y.place(bottom, top);
        Ticks yTicks = y.ticks(Math.max(2, (int) ((bottom - top) / 42)));
        double yLabelWidth = 0;
        for (String s : yTicks.labels()) yLabelWidth = Math.max(yLabelWidth, c.textWidth(s, TICK));
        double left = Math.round(PAD + (y.label.isEmpty() ? 0 : LABEL.size() + 7) + yLabelWidth + TICK_LENGTH + TICK_GAP);
        double rightMargin = PAD + 4;
        if (legend == Legend.OUTSIDE_RIGHT && hasLegendEntries()) rightMargin = PAD + legendSize(c)[0] + 12;
        Ticks xTicks = null;
        double right = 0;
        for (int pass = 0; pass < 2; pass++) {
            right = Math.round(width - rightMargin);
            if (right - left < 40) throw new IllegalArgumentException("plot size " + width + " x " + height + " leaves no room for the data; expected a larger size");
            x.place(left, right);
            xTicks = fittingXTicks(c, right - left);
            // The last label is centred on its tick and may reach past the canvas edge.
            int n = xTicks.major().length;
            if (n == 0) break;
            double overflow = x.pixel(xTicks.major()[n - 1]) + c.textWidth(xTicks.labels().get(n - 1), TICK) / 2 - (width - 2);
            if (overflow <= 0.5) break;
            rightMargin += overflow;
        }
        return new Frame(left, top, right, bottom, xTicks, yTicks, yLabelWidth);
    }

    /** The densest x ticks whose labels keep at least 10 units apart. */
    private Ticks fittingXTicks(Canvas c, double length) {
        for (int max = Math.max(2, (int) (length / 55)); ; max--) {
            Ticks t = x.ticks(max);
            if (max == 2 || labelsFit(c, t)) return t;
        }
    }

    private boolean labelsFit(Canvas c, Ticks t) {
        double[] v = t.major();
        for (int i = 1; i < v.length; i++) {
            double need = (c.textWidth(t.labels().get(i - 1), TICK) + c.textWidth(t.labels().get(i), TICK)) / 2 + 10;
            if (x.pixel(v[i]) - x.pixel(v[i - 1]) < need) return false;
        }
        return true;
    }

    private void drawGrid(Canvas c, Frame f) {
        for (double v : f.xTicks.major()) {
            double p = x.pixel(v);
            if (p > f.left + 0.5 && p < f.right - 0.5) c.polyline(new double[] {p, p}, new double[] {f.top, f.bottom}, GRID);
        }
        for (double v : f.yTicks.major()) {
            double p = y.pixel(v);
            if (p > f.top + 0.5 && p < f.bottom - 0.5) c.polyline(new double[] {f.left, f.right}, new double[] {p, p}, GRID);
        }
    }

    private void drawTicks(Canvas c, Frame f) {
        double[] xs = f.xTicks.major();
        for (int i = 0; i < xs.length; i++) {
            double p = x.pixel(xs[i]);
            c.polyline(new double[] {p, p}, new double[] {f.bottom, f.bottom + TICK_LENGTH}, FRAME);
            c.text(f.xTicks.labels().get(i), p, f.bottom + xTickBaseline(), TICK, Canvas.Align.MIDDLE, 0);
        }
        for (double v : f.xTicks.minor()) {
            double p = x.pixel(v);
            c.polyline(new double[] {p, p}, new double[] {f.bottom, f.bottom + MINOR_TICK_LENGTH}, FRAME);
        }
        double[] ys = f.yTicks.major();
        for (int i = 0; i < ys.length; i++) {
            double p = y.pixel(ys[i]);
            c.polyline(new double[] {f.left - TICK_LENGTH, f.left}, new double[] {p, p}, FRAME);
            c.text(f.yTicks.labels().get(i), f.left - TICK_LENGTH - TICK_GAP, p + CENTRE * TICK.size(), TICK, Canvas.Align.END, 0);
        }
        for (double v : f.yTicks.minor()) {
            double p = y.pixel(v);
            c.polyline(new double[] {f.left - MINOR_TICK_LENGTH, f.left}, new double[] {p, p}, FRAME);
        }
    }

    private void drawSeries(Canvas c, Series s, Color color) {
        c.beginGroup("series", s.name());
        double[] px = pixels(x, s.x()), py = pixels(y, s.y());
        if (s.bandLower() != null) drawBand(c, px, pixels(y, s.bandLower()), pixels(y, s.bandUpper()), translucent(color, BAND_ALPHA));
        if (s.barLower() != null) drawBars(c, px, pixels(y, s.barLower()), pixels(y, s.barUpper()), color);
        if (s.hasLine()) c.polyline(px, py, new Canvas.Pen(color, s.lineWidth(), s.dash()));
        for (int i = 0; i < px.length; i++) s.marker().draw(c, px[i], py[i], MARKER_SIZE, color);
        c.endGroup();
    }

    private static double[] pixels(Axis axis, double[] v) {
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) p[i] = axis.pixel(v[i]);
        return p;
    }

    /** One filled polygon per run of points where x and both bounds are known. */
    private static void drawBand(Canvas c, double[] px, double[] lo, double[] hi, Color fill) {
        int n = px.length;
        for (int start = 0; start < n; ) {
            if (!known(px[start], lo[start], hi[start])) {
                start++;
                continue;
            }
            int end = start;
            while (end + 1 < n && known(px[end + 1], lo[end + 1], hi[end + 1])) end++;
            int m = end - start + 1;
            if (m >= 2) {
                double[] gx = new double[2 * m], gy = new double[2 * m];
                for (int i = 0; i < m; i++) {
                    gx[i] = px[start + i];
                    gy[i] = hi[start + i];
                    gx[2 * m - 1 - i] = px[start + i];
                    gy[2 * m - 1 - i] = lo[start + i];
                }
                c.polygon(gx, gy, fill, null);
            }
            start = end + 1;
        }
    }

    /** All bars as one polyline (NaN separates the strokes): a vertical bar and two caps per point. */
    private static void drawBars(Canvas c, double[] px, double[] lo, double[] hi, Color color) {
        double cap = 3;
        double[] gx = new double[px.length * 9], gy = new double[px.length * 9];
        java.util.Arrays.fill(gx, Double.NaN);
        java.util.Arrays.fill(gy, Double.NaN);
        for (int i = 0; i < px.length; i++) {
            if (!known(px[i], lo[i], hi[i])) continue;
            int k = 9 * i;
            double[] xs = {px[i], px[i], Double.NaN, px[i] - cap, px[i] + cap, Double.NaN, px[i] - cap, px[i] + cap, Double.NaN};
            double[] ys = {lo[i], hi[i], Double.NaN, lo[i], lo[i], Double.NaN, hi[i], hi[i], Double.NaN};
            System.arraycopy(xs, 0, gx, k, 9);
            System.arraycopy(ys, 0, gy, k, 9);
        }
        c.polyline(gx, gy, new Canvas.Pen(color, 1.1));
    }

    private static boolean known(double a, double b, double c) {
        return Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c);
    }

    static Color translucent(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(alpha * 255));
    }

    private boolean hasLegendEntries() {
        return series.stream().anyMatch(s -> !s.name().isEmpty());
    }

    /** Width and height of the legend box. */
    private double[] legendSize(Canvas c) {
        double text = 0;
        int rows = 0;
        for (Series s : series) {
            if (s.name().isEmpty()) continue;
            text = Math.max(text, c.textWidth(s.name(), LEGEND));
            rows++;
        }
        return new double[] {2 * LEGEND_PAD_X + LEGEND_SAMPLE + LEGEND_GAP + text, 2 * LEGEND_PAD_Y + rows * LEGEND_ROW * LEGEND.size()};
    }

    private void drawLegend(Canvas c, Frame f) {
        if (legend == Legend.NONE || !hasLegendEntries()) return;
        double[] size = legendSize(c);
        double w = size[0], h = size[1];
        double[] at = switch (legend) {
            case OUTSIDE_RIGHT -> new double[] {f.right + 12, f.top};
            case BEST -> bestCorner(f, w, h);
            default -> corner(legend, f, w, h);
        };
        double bx = at[0], by = at[1];
        c.beginGroup("legend", "");
        c.rect(bx, by, w, h, translucent(Color.WHITE, 0.9), new Canvas.Pen(new Color(0xcccccc), 0.8));
        double rowHeight = LEGEND_ROW * LEGEND.size();
        int row = 0;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            if (s.name().isEmpty()) continue;
            Color color = color(k);
            double cy = by + LEGEND_PAD_Y + rowHeight * (row++ + 0.5);
            double x0 = bx + LEGEND_PAD_X, x1 = x0 + LEGEND_SAMPLE;
            if (s.bandLower() != null) c.rect(x0, cy - rowHeight * 0.3, LEGEND_SAMPLE, rowHeight * 0.6, translucent(color, BAND_ALPHA), null);
            if (s.hasLine()) c.polyline(new double[] {x0, x1}, new double[] {cy, cy}, new Canvas.Pen(color, s.lineWidth(), s.dash()));
            if (s.barLower() != null && !s.hasLine()) {
                c.polyline(new double[] {(x0 + x1) / 2, (x0 + x1) / 2}, new double[] {cy - rowHeight * 0.3, cy + rowHeight * 0.3}, new Canvas.Pen(color, 1.1));
            }
            s.marker().draw(c, (x0 + x1) / 2, cy, MARKER_SIZE, color);
            c.text(s.name(), x1 + LEGEND_GAP, cy + CENTRE * LEGEND.size(), LEGEND, Canvas.Align.START, 0);
        }
        c.endGroup();
    }

    private static double[] corner(Legend where, Frame f, double w, double h) {
        boolean right = where == Legend.TOP_RIGHT || where == Legend.BOTTOM_RIGHT;
        boolean top = where == Legend.TOP_RIGHT || where == Legend.TOP_LEFT;
        return place(f, w, h, right ? 1 : 0, top ? 0 : 1);
    }

    /** The box at fractions (fx, fy) of the room inside the frame: (0, 0) top left, (1, 1) bottom right. */
    private static double[] place(Frame f, double w, double h, double fx, double fy) {
        double x0 = f.left + LEGEND_INSET, x1 = f.right - LEGEND_INSET - w;
        double y0 = f.top + LEGEND_INSET, y1 = f.bottom - LEGEND_INSET - h;
        return new double[] {x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)};
    }

    /**
     * The place inside the frame whose box covers the fewest sampled points of the lines, bands
     * and bars: the corners first, then the middles of the edges; the first of equals wins.
     */
    private double[] bestCorner(Frame f, double w, double h) {
        List<double[]> samples = new ArrayList<>();
        for (Series s : series) {
            double[] px = pixels(x, s.x());
            sample(samples, px, pixels(y, s.y()));
            if (s.bandLower() != null) {
                sample(samples, px, pixels(y, s.bandLower()));
                sample(samples, px, pixels(y, s.bandUpper()));
            }
            if (s.barLower() != null) {
                sample(samples, px, pixels(y, s.barLower()));
                sample(samples, px, pixels(y, s.barUpper()));
            }
        }
        double[] best = null;
        long bestCount = Long.MAX_VALUE;
        double[][] fractions = {{1, 0}, {0, 0}, {1, 1}, {0, 1}, {0.5, 0}, {0.5, 1}, {1, 0.5}, {0, 0.5}};
        for (double[] fr : fractions) {
            double[] at = place(f, w, h, fr[0], fr[1]);
            long count = samples.stream().filter(p -> p[0] >= at[0] - 4 && p[0] <= at[0] + w + 4 && p[1] >= at[1] - 4 && p[1] <= at[1] + h + 4).count();
            if (count < bestCount) {
                bestCount = count;
                best = at;
            }
        }
        return best;
    }

    /** The points of a polyline and 8 points along each of its segments. */
    private static void sample(List<double[]> out, double[] px, double[] py) {
        for (int i = 0; i < px.length; i++) {
            if (!Double.isFinite(px[i]) || !Double.isFinite(py[i])) continue;
            out.add(new double[] {px[i], py[i]});
            if (i + 1 < px.length && Double.isFinite(px[i + 1]) && Double.isFinite(py[i + 1])) {
                for (int k = 1; k < 8; k++) {
                    double t = k / 8.0;
                    out.add(new double[] {px[i] + t * (px[i + 1] - px[i]), py[i] + t * (py[i + 1] - py[i])});
                }
            }
        }
    }

    private static <T> T nonNull(T v, String what) {
        if (v == null) throw new IllegalArgumentException(what + " is null; expected a value");
        return v;
    }
}
