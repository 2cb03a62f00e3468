package dev.vnlab.experiment;

import dev.vnlab.report.Dash;
import dev.vnlab.report.Marker;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A plot of measurements beside the two forms of the theory: per group (a weight scale, a
 * width) measured means with error bars and the fixed-point (dashed) and finite-depth (solid)
 * curves, all in the group's colour. The legend names each group once and the two line styles
 * once, in grey. Values a log axis cannot show (zero, negative, infinite) become gaps, and an
 * error bar missing an end is left out. Built and drawn on one thread.
 */
final class ComparisonPlot {
    private static final Color KEY = new Color(0x555555);

    private record Group(String name, double[] x, double[] mean, double[] lower, double[] upper, double[] fixedPoint, double[] finiteDepth) {}

    private final String title, xLabel, yLabel, fixedName, finiteName;
    private final boolean logY;
    private final List<Group> groups = new ArrayList<>();

    /**
     * @param fixedName the legend entry of the dashed curves, e.g. "fixed point (eq. 3.6)"
     * @param finiteName the legend entry of the solid curves
     * @param logY a log10 y axis
     */
    ComparisonPlot(String title, String xLabel, String yLabel, boolean logY, String fixedName, String finiteName) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
        this.fixedName = fixedName;
        this.finiteName = finiteName;
    }

    /** Adds a group; the arrays (one value per x, NaN for none) are copied. */
    ComparisonPlot group(String name, double[] x, double[] mean, double[] lower, double[] upper, double[] fixedPoint, double[] finiteDepth) {
        groups.add(new Group(name, x.clone(), mean.clone(), lower.clone(), upper.clone(), fixedPoint.clone(), finiteDepth.clone()));
        return this;
    }

    /** The plot: curves first, measurements above them, the legend outside on the right. */
    Plot plot() {
        Plot p = new Plot(title).xLabel(xLabel).yLabel(yLabel).legend(Plot.Legend.OUTSIDE_RIGHT).size(760, 420);
        if (logY) p.yScale(Scale.LOG);
        for (int g = 0; g < groups.size(); g++) {
            Group gr = groups.get(g);
            Color c = color(g);
            p.add(Series.of("", gr.x, shown(gr.finiteDepth)).color(c).lineWidth(1.3));
            p.add(Series.of("", gr.x, shown(gr.fixedPoint)).color(c).dash(Dash.DASHED).lineWidth(1.3));
        }
        for (int g = 0; g < groups.size(); g++) {
            Group gr = groups.get(g);
            double[] lo = shown(gr.lower), hi = shown(gr.upper);
            for (int i = 0; i < lo.length; i++) if (Double.isNaN(lo[i]) || Double.isNaN(hi[i])) lo[i] = hi[i] = Double.NaN;
            p.add(Series.of(gr.name, gr.x, shown(gr.mean)).errorBars(lo, hi).color(color(g)).marker(Marker.CIRCLE).pointsOnly());
        }
        // Legend-only entries for the two line styles: no drawable point of their own.
        double[] gapX = {Double.NaN}, gapY = {Double.NaN};
        p.add(Series.of(finiteName, gapX, gapY).color(KEY).lineWidth(1.3));
        p.add(Series.of(fixedName, gapX, gapY).color(KEY).dash(Dash.DASHED).lineWidth(1.3));
        return p;
    }

    private static Color color(int g) {
        return Plot.PALETTE.get(g % Plot.PALETTE.size());
    }

    private double[] shown(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = logY ? CellRecords.loggable(v[i]) : CellRecords.drawable(v[i]);
        return out;
    }
}
