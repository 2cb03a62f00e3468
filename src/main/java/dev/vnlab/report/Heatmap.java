package dev.vnlab.report;

import dev.vnlab.linalg.DoubleMatrix;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrices drawn as coloured cells: one or more panels (Fig. 3.2: the same network at depths
 * 5, 50, 300 and 1000) sharing one colour scale, shown by a bar at the right. Values are
 * clamped to the scale's [min, max] (default [0, 1], for squared correlations) before
 * colouring; NaN cells are grey. Cell (0, 0) is at the top left, rows run down.
 *
 * <p>Cells are drawn as one raster per panel, never as one shape per cell, so a 1000 x 1000
 * matrix stays cheap: in a PNG the raster's pixels are the image's pixels; in an SVG it is
 * embedded as a base64 PNG {@code <image>} (scaled without smoothing), which keeps the file
 * small. Where a panel has more cells than device pixels (more than {@link Canvas#pixelScale}
 * per unit; the SVG raster assumes 2), each pixel shows the mean of the cells it covers (a box
 * filter, NaN cells left out), so blocks of correlated nodes survive the downsampling.
 *
 * <p>Small matrices over the values of two parameters (a grid of depths by learning rates) can
 * name their columns and rows ({@link #cellLabels}): the labels go under each panel and left of
 * the first panel of each row, thinned to every k-th where they would overlap.
 */
public final class Heatmap implements Figure {
    private static final double PAD = Plot.PAD, GAP = 16, BAR_GAP = 18, BAR_WIDTH = 14;
    private static final Color NAN_COLOR = new Color(0xbdbdbd);
    private static final Canvas.TextStyle PANEL_TITLE = new Canvas.TextStyle(13, false, new Color(0x111111));

    private record Panel(String title, int rows, int cols, double[] values) {}

    /** A line over every panel, in cell units: column x, row y (0.5 the first cell's centre; NaN breaks the line). */
    private record Overlay(String label, double[] x, double[] y, Canvas.Pen pen) {}

    private final String title;
    private final List<Panel> panels = new ArrayList<>();
    private final List<Overlay> overlays = new ArrayList<>();
    private double min = 0, max = 1;
    private Colormap colormap = Colormap.VIRIDIS;
    private String colorLabel = "", xLabel = "", yLabel = "";
    private List<String> columnLabels = List.of(), rowLabels = List.of();
    private int columns = Integer.MAX_VALUE;
    private double panelSize = 200;

    /** A heatmap figure with this title ("" for none) and no panels yet. */
    public Heatmap(String title) {
        if (title == null) throw new IllegalArgumentException("heatmap title is null; expected a title, or \"\" for none");
        this.title = title;
    }

    /**
     * Draws a line over every panel (a contour, a critical line), in cell units: point i at
     * column position {@code x[i]} and row position {@code y[i]} (cell (r, c) spans [c, c + 1] x
     * [r, r + 1]; NaN breaks the line), labelled with {@code label} at its first point; returns
     * this heatmap.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Heatmap overlay(String label, double[] x, double[] y, Color color, Dash dash) {
        if (x.length != y.length) throw new IllegalArgumentException("overlay '" + label + "' has " + x.length + " x and " + y.length + " y values; expected as many of each");
        overlays.add(new Overlay(label, x.clone(), y.clone(), new Canvas.Pen(color, 1.6, dash)));
        return this;
    }

    /**
     * Adds a panel showing {@code values} (rows x cols, rectangular; copied) under
     * {@code title}; returns this heatmap.
     *
     * @throws IllegalArgumentException if the matrix is empty or its rows differ in length
     */
    public Heatmap panel(String title, double[][] values) {
        if (values.length == 0 || values[0].length == 0) throw new IllegalArgumentException("panel '" + title + "' matrix is empty; expected at least 1 x 1");
        int rows = values.length, cols = values[0].length;
        double[] v = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            if (values[i].length != cols) {
                throw new IllegalArgumentException("panel '" + title + "' row " + i + " has " + values[i].length + " values; expected " + cols + " like row 0");
            }
            System.arraycopy(values[i], 0, v, i * cols, cols);
        }
        return add(title, rows, cols, v);
    }

    /** As {@link #panel(String, double[][])}, from a matrix (views included; copied, not modified). */
    public Heatmap panel(String title, DoubleMatrix values) {
        if (values.rows() == 0 || values.cols() == 0) throw new IllegalArgumentException("panel '" + title + "' matrix is empty; expected at least 1 x 1");
        double[] v = new double[values.rows() * values.cols()];
        for (int i = 0; i < values.rows(); i++) System.arraycopy(values.data(), values.index(i, 0), v, i * values.cols(), values.cols());
        return add(title, values.rows(), values.cols(), v);
    }

    /**
     * Sets the colour scale to [min, max] (default [0, 1]); returns this heatmap.
     *
     * @throws IllegalArgumentException unless both are finite and min &lt; max
     */
    public Heatmap range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("colour range [" + min + ", " + max + "] is invalid; expected finite min < max");
        }
        this.min = min;
        this.max = max;
        return this;
    }

    /** Sets the colour map (default {@link Colormap#VIRIDIS}); returns this heatmap. */
    public Heatmap colormap(Colormap map) {
        if (map == null) throw new IllegalArgumentException("colour map is null; expected a Colormap");
        this.colormap = map;
        return this;
    }

    /** Labels the colour bar ("ρ²", say); returns this heatmap. */
    public Heatmap colorLabel(String label) {
        colorLabel = label == null ? "" : label;
        return this;
    }

    /** Labels the axes of every panel (x under each panel, y left of each row); returns this heatmap. */
    public Heatmap axisLabels(String x, String y) {
        xLabel = x == null ? "" : x;
        yLabel = y == null ? "" : y;
        return this;
    }

    /**
     * Names the columns and the rows of every panel's cells (the learning rates and depths of a
     * grid, say), one label per column and per row, or an empty list for none; returns this
     * heatmap. Every panel must then have that many columns (rows).
     *
     * @throws IllegalArgumentException if a label is null or spans lines
     */
    public Heatmap cellLabels(List<String> columns, List<String> rows) {
        columnLabels = checkedLabels(columns, "column");
        rowLabels = checkedLabels(rows, "row");
        return this;
    }

    private static List<String> checkedLabels(List<String> labels, String what) {
        if (labels == null) throw new IllegalArgumentException(what + " labels are null; expected a list, empty for none");
        for (String s : labels) {
            if (s == null || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(what + " label '" + s + "' is invalid; expected one line of text");
            }
        }
        return List.copyOf(labels);
    }

    /** Sets how many panels go in one row (default: all); returns this heatmap. */
    public Heatmap columns(int n) {
        if (n < 1) throw new IllegalArgumentException("panel columns " + n + " is invalid; expected at least 1");
        columns = n;
        return this;
    }

    /** Sets the side of each (square) panel in logical units (default 200); returns this heatmap. */
    public Heatmap panelSize(double size) {
        if (!(size >= 20 && size <= 4096)) throw new IllegalArgumentException("panel size " + size + " is invalid; expected 20 to 4096 units");
        panelSize = size;
        return this;
    }

    private Heatmap add(String title, int rows, int cols, double[] v) {
        panels.add(new Panel(title == null ? "" : title, rows, cols, v));
        return this;
    }

    private int gridColumns() {
        return Math.max(1, Math.min(columns, panels.size()));
    }

    private int gridRows() {
        return Math.max(1, (panels.size() + gridColumns() - 1) / gridColumns());
    }

    private double titleBlock() {
        return title.isEmpty() ? 0 : Plot.TITLE.size() + 10;
    }

    private double panelTitleBlock() {
        return panels.stream().anyMatch(p -> !p.title.isEmpty()) ? PANEL_TITLE.size() + 6 : 0;
    }

    private double xLabelBlock() {
        return columnLabelBlock() + (xLabel.isEmpty() ? 0 : 6 + Plot.LABEL.size());
    }

    private double yLabelBlock() {
        return rowLabelBlock() + (yLabel.isEmpty() ? 0 : Plot.LABEL.size() + 6);
    }

    private double columnLabelBlock() {
        return columnLabels.isEmpty() ? 0 : Plot.TICK_GAP + Plot.TICK.size();
    }

    private double rowLabelBlock() {
        return rowLabels.isEmpty() ? 0 : widest(rowLabels) + Plot.TICK_GAP;
    }

    /** The width of the widest label, estimated (not measured) so that SVG and PNG lay out alike. */
    private static double widest(List<String> labels) {
        double w = 0;
        for (String s : labels) w = Math.max(w, SvgCanvas.estimateWidth(s, Plot.TICK));
        return w;
    }

    /** Every how many cells a label goes, each {@code extent} long plus a gap, so that neighbours do not overlap (1: all). */
    private static int labelStep(double extent, double cell) {
        return Math.max(1, (int) Math.ceil((extent + 4) / cell));
    }

    private Ticks barTicks() {
        return Ticks.linear(min, max, Math.max(2, (int) (boxHeight() / 32)));
    }

    private double barBlock() {
        double labels = 0;
        for (String s : barTicks().labels()) labels = Math.max(labels, SvgCanvas.estimateWidth(s, Plot.TICK));
        return BAR_GAP + BAR_WIDTH + Plot.TICK_LENGTH + Plot.TICK_GAP + labels + (colorLabel.isEmpty() ? 0 : 10 + Plot.LABEL.size());
    }

    /**
     * The height of every panel's box: a panel is {@code panelSize} across its longer side, so
     * the box is as tall as the tallest matrix needs (the full size if any matrix is square or tall).
     */
    private double boxHeight() {
        double h = 0;
        for (Panel p : panels) h = Math.max(h, panelSize * p.rows / Math.max(p.rows, p.cols));
        return h;
    }

    private double rowHeight() {
        return panelTitleBlock() + boxHeight() + xLabelBlock();
    }

    @Override
    public double width() {
        double content = 2 * PAD + yLabelBlock() + gridWidth() + barBlock();
        double titled = title.isEmpty() ? 0 : 2 * PAD + SvgCanvas.estimateWidth(title, Plot.TITLE) * 1.1; // room for wider fonts
        return Math.ceil(Math.max(content, titled));
    }

    private double gridWidth() {
        return gridColumns() * panelSize + (gridColumns() - 1) * GAP;
    }

    @Override
    public double height() {
        return Math.ceil(2 * PAD + titleBlock() + gridRows() * rowHeight() + (gridRows() - 1) * GAP);
    }

    @Override
    public void draw(Canvas c) {
        if (panels.isEmpty()) throw new IllegalArgumentException("heatmap '" + title + "' has no panels; expected at least one");
        double top = PAD + titleBlock();
        double left = PAD + yLabelBlock();
        double gridWidth = gridWidth();
        if (!title.isEmpty()) Plot.drawTitle(c, title, left + gridWidth / 2, width());
        for (Panel p : panels) checkLabelCounts(p);
        for (int k = 0; k < panels.size(); k++) {
            int row = k / gridColumns(), col = k % gridColumns();
            double x0 = left + col * (panelSize + GAP);
            double y0 = top + row * (rowHeight() + GAP) + panelTitleBlock();
            drawPanel(c, panels.get(k), x0, y0, col == 0);
            if (!yLabel.isEmpty() && col == 0) {
                double baseline = x0 - rowLabelBlock() - 6 - Plot.DESCENT * Plot.LABEL.size();
                c.text(yLabel, baseline, y0 + boxHeight() / 2, Plot.LABEL, Canvas.Align.MIDDLE, -90);
            }
        }
        double barTop = top + panelTitleBlock();
        double barBottom = top + (gridRows() - 1) * (rowHeight() + GAP) + panelTitleBlock() + boxHeight();
        drawBar(c, left + gridWidth + BAR_GAP, barTop, barBottom);
    }

    private void checkLabelCounts(Panel p) {
        if (!columnLabels.isEmpty() && columnLabels.size() != p.cols) {
            throw new IllegalArgumentException("panel '" + p.title + "' has " + p.cols + " columns but " + columnLabels.size() + " column labels; expected one label per column");
        }
        if (!rowLabels.isEmpty() && rowLabels.size() != p.rows) {
            throw new IllegalArgumentException("panel '" + p.title + "' has " + p.rows + " rows but " + rowLabels.size() + " row labels; expected one label per row");
        }
    }

    private void drawPanel(Canvas c, Panel p, double x0, double y0, boolean first) {
        c.beginGroup("panel", p.title);
        if (!p.title.isEmpty()) c.text(p.title, x0 + panelSize / 2, y0 - 6 - Plot.DESCENT * PANEL_TITLE.size(), PANEL_TITLE, Canvas.Align.MIDDLE, 0);
        double cell = panelSize / Math.max(p.rows, p.cols); // square cells, matrix centred in the panel
        double w = cell * p.cols, h = cell * p.rows;
        double x = x0 + (panelSize - w) / 2, y = y0 + (boxHeight() - h) / 2;
        c.image(x, y, w, h, raster(p, (int) Math.ceil(w * c.pixelScale() - 1e-9), (int) Math.ceil(h * c.pixelScale() - 1e-9)));
        c.rect(x, y, w, h, null, new Canvas.Pen(new Color(0x333333), 0.8));
        for (Overlay o : overlays) drawOverlay(c, o, x, y, cell);
        drawCellLabels(c, x, y, h, cell, first);
        if (!xLabel.isEmpty()) {
            c.text(xLabel, x0 + panelSize / 2, y0 + boxHeight() + columnLabelBlock() + 6 + Plot.ASCENT * Plot.LABEL.size(), Plot.LABEL, Canvas.Align.MIDDLE, 0);
        }
        c.endGroup();
    }

    /** One overlay on a panel whose cells start at (x, y), each cell wide: a polyline per unbroken run, the label just inside its first point. */
    private static void drawOverlay(Canvas c, Overlay o, double x, double y, double cell) {
        int i = 0;
        boolean labelled = false;
        while (i < o.x.length) {
            while (i < o.x.length && !(Double.isFinite(o.x[i]) && Double.isFinite(o.y[i]))) i++;
            int start = i;
            while (i < o.x.length && Double.isFinite(o.x[i]) && Double.isFinite(o.y[i])) i++;
            if (i - start < 2) continue;
            double[] px = new double[i - start], py = new double[i - start];
            for (int k = start; k < i; k++) {
                px[k - start] = x + o.x[k] * cell;
                py[k - start] = y + o.y[k] * cell;
            }
            c.polyline(px, py, o.pen);
            if (!labelled && !o.label.isEmpty()) { // beside the first point, on the side the line leaves from
                boolean down = py[py.length - 1] > py[0];
                c.text(o.label, px[0] + 4, py[0] + (down ? Plot.ASCENT * Plot.TICK.size() + 2 : -4), new Canvas.TextStyle(Plot.TICK.size(), true, o.pen.color()),
                        Canvas.Align.START, 0);
                labelled = true;
            }
        }
    }

    /**
     * Column labels under a panel's cells (from (x, y), h tall, each cell wide); row labels left
     * of them on the first panel of a row.
     */
    private void drawCellLabels(Canvas c, double x, double y, double h, double cell, boolean first) {
        double below = y + h + Plot.TICK_GAP + Plot.ASCENT * Plot.TICK.size();
        int step = labelStep(widest(columnLabels), cell);
        for (int j = 0; j < columnLabels.size(); j += step) {
            c.text(columnLabels.get(j), x + (j + 0.5) * cell, below, Plot.TICK, Canvas.Align.MIDDLE, 0);
        }
        if (!first) return;
        step = labelStep(Plot.TICK.size(), cell);
        for (int i = 0; i < rowLabels.size(); i += step) {
            c.text(rowLabels.get(i), x - Plot.TICK_GAP, y + (i + 0.5) * cell + Plot.CENTRE * Plot.TICK.size(), Plot.TICK, Canvas.Align.END, 0);
        }
    }

    /**
     * The panel's cells at no more than widthPx x heightPx pixels: box-averaged where there are
     * more cells than pixels, else each cell repeated over a whole number of pixels (so that
     * viewers which smooth a scaled image still show sharp cells).
     */
    private BufferedImage raster(Panel p, int widthPx, int heightPx) {
        int rw = Math.max(1, Math.min(p.cols, widthPx)), rh = Math.max(1, Math.min(p.rows, heightPx));
        int[] rgb = averages(p, rw, rh);
        int k = Math.max(1, Math.min(widthPx / rw, heightPx / rh));
        BufferedImage img = new BufferedImage(rw * k, rh * k, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[rw * k];
        for (int r = 0; r < rh; r++) {
            for (int q = 0; q < rw; q++) java.util.Arrays.fill(line, q * k, (q + 1) * k, rgb[r * rw + q]);
            for (int t = 0; t < k; t++) img.setRGB(0, r * k + t, rw * k, 1, line, 0, rw * k);
        }
        return img;
    }

    /** Colours of the rw x rh blocks of the panel's cells (row-major), each the mean of the cells it covers. */
    private int[] averages(Panel p, int rw, int rh) {
        int[] rgb = new int[rw * rh];
        for (int r = 0; r < rh; r++) {
            int i0 = (int) ((long) r * p.rows / rh), i1 = (int) ((long) (r + 1) * p.rows / rh);
            for (int q = 0; q < rw; q++) {
                int j0 = (int) ((long) q * p.cols / rw), j1 = (int) ((long) (q + 1) * p.cols / rw);
                double sum = 0;
                int n = 0;
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        double v = p.values[i * p.cols + j];
                        if (Double.isNaN(v)) continue;
                        sum += Math.min(max, Math.max(min, v)); // clamp first: one outlier cannot tint a block
                        n++;
                    }
                }
                rgb[r * rw + q] = n == 0 ? NAN_COLOR.getRGB() & 0xffffff : colormap.rgb((sum / n - min) / (max - min));
            }
        }
        return rgb;
    }

    private void drawBar(Canvas c, double x, double top, double bottom) {
        c.beginGroup("colorbar", colorLabel);
        int steps = 256;
        BufferedImage ramp = new BufferedImage(1, steps, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < steps; i++) ramp.setRGB(0, i, colormap.rgb(1 - i / (steps - 1.0)));
        c.image(x, top, BAR_WIDTH, bottom - top, ramp);
        c.rect(x, top, BAR_WIDTH, bottom - top, null, new Canvas.Pen(new Color(0x333333), 0.8));
        Ticks t = barTicks();
        double labelWidth = 0;
        for (int i = 0; i < t.major().length; i++) {
            double py = bottom - (t.major()[i] - min) / (max - min) * (bottom - top);
            double x1 = x + BAR_WIDTH;
            c.polyline(new double[] {x1, x1 + Plot.TICK_LENGTH}, new double[] {py, py}, Plot.FRAME);
            String label = t.labels().get(i);
            c.text(label, x1 + Plot.TICK_LENGTH + Plot.TICK_GAP, py + Plot.CENTRE * Plot.TICK.size(), Plot.TICK, Canvas.Align.START, 0);
            labelWidth = Math.max(labelWidth, c.textWidth(label, Plot.TICK));
        }
        if (!colorLabel.isEmpty()) {
            double baseline = x + BAR_WIDTH + Plot.TICK_LENGTH + Plot.TICK_GAP + labelWidth + 10 + Plot.ASCENT * Plot.LABEL.size();
            c.text(colorLabel, baseline, (top + bottom) / 2, Plot.LABEL, Canvas.Align.MIDDLE, -90);
        }
        c.endGroup();
    }
}
