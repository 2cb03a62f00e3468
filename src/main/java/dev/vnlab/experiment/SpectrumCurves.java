package dev.vnlab.experiment;

import dev.vnlab.report.Plot;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.spectrum.Histogram;
import dev.vnlab.spectrum.SpectralQuadrature;
import java.util.ArrayList;
import java.util.List;

/**
 * The spectrum of J J^T at one width, one curve per depth, as the fraction of eigenvalues per
 * decade over shared logarithmic bins from the largest eigenvalue down by
 * {@link SpectrumExperiment#HISTOGRAM_DYNAMIC_RANGE} (or to the smallest positive one, if
 * higher): the pooled histogram of the exact eigenvalues, or the Lanczos estimate of the
 * measure smoothed in log10 lambda by a Gaussian of {@link #BANDWIDTH_BINS} bins (a quadrature's
 * few nodes per start vector would give spikes, not a density) above its resolution floor
 * ({@link dev.vnlab.spectrum.SpectralQuadrature#resolutionFloor}).
 *
 * @param edges the bins' edges, ascending
 * @param perDepth per depth, the fraction per decade at each bin's geometric centre
 * @param below per depth, the fraction of the spectrum under the lowest edge (rounding-level or
 *        zero), or, for the Lanczos estimate, at or below the resolution floor
 * @param lanczos true for the Lanczos estimate, false for the histogram
 * @param predicted per depth, the predicted law's fraction per decade at each bin's centre
 *        ({@link dev.vnlab.theory.JacobianDensity}; NaN where there is no prediction), or empty
 * @param estimated beside a histogram, per depth, the Lanczos estimate of the same networks
 *        (smoothed as the Lanczos curves are, NaN below its floor), or empty
 */
record SpectrumCurves(double[] edges, List<double[]> perDepth, double[] below, boolean lanczos, List<double[]> predicted, List<double[]> estimated) {
    /** The smoothing of a Lanczos curve: a Gaussian of this many bins' widths in log10 lambda. */
    static final double BANDWIDTH_BINS = 2;

    /** The histograms of the exact eigenvalues of each depth's networks and inputs. */
    static SpectrumCurves histograms(List<SpectrumPoint> width, int bins) {
        double[] edges = edges(width, bins, false);
        List<double[]> curves = new ArrayList<>();
        double[] below = new double[width.size()];
        for (int d = 0; d < width.size(); d++) {
            Histogram h = Histogram.of(width.get(d).eigenvalues(), edges);
            long[] counts = h.counts();
            double[] y = new double[bins];
            for (int b = 0; b < bins; b++) y[b] = h.total() == 0 ? 0 : counts[b] / (h.total() * Math.log10(edges[b + 1] / edges[b]));
            curves.add(y);
            below[d] = h.total() == 0 ? 0 : (double) h.below() / h.total();
        }
        boolean estimated = width.stream().allMatch(p -> p.measure().nodes().length > 0); // records of an earlier version have none
        return new SpectrumCurves(edges, curves, below, false, List.of(), estimated ? smoothed(width, edges).curves : List.of());
    }

    /** Each depth's smoothed Lanczos measure over the edges, NaN below its floor, and the mass at or below the floor. */
    private record Smoothed(List<double[]> curves, double[] below) {}

    private static Smoothed smoothed(List<SpectrumPoint> width, double[] edges) {
        int bins = edges.length - 1;
        double h = BANDWIDTH_BINS * Math.log10(edges[bins] / edges[0]) / bins;
        double[] u = new double[bins];
        for (int b = 0; b < bins; b++) u[b] = 0.5 * (Math.log10(edges[b]) + Math.log10(edges[b + 1]));
        List<double[]> curves = new ArrayList<>();
        double[] below = new double[width.size()];
        for (int d = 0; d < width.size(); d++) {
            SpectrumPoint p = width.get(d);
            double floor = Math.max(p.floor(), edges[0]);
            double[] y = p.measure().log10Density(u, h, floor);
            for (int b = 0; b < bins; b++) if (edges[b + 1] <= floor) y[b] = Double.NaN;
            curves.add(y);
            below[d] = p.measure().massAtOrBelow(floor);
        }
        return new Smoothed(curves, below);
    }

    /**
     * The smoothed Lanczos measures of each depth, pooled over its networks and inputs, drawn
     * above the depth's resolution floor only: below it the curve is NaN, and the mass at or
     * below the floor is that depth's {@code below}.
     */
    static SpectrumCurves lanczos(List<SpectrumPoint> width, int bins) {
        double[] edges = edges(width, bins, true);
        Smoothed s = smoothed(width, edges);
        return new SpectrumCurves(edges, s.curves, s.below, true, List.of(), List.of());
    }

    /**
     * Edges over every depth's eigenvalues (exact) or positive-mass nodes above the depth's
     * resolution floor (Lanczos), down to the lowest of them.
     */
    private static double[] edges(List<SpectrumPoint> width, int bins, boolean lanczos) {
        double hi = 0, smallest = Double.POSITIVE_INFINITY;
        for (SpectrumPoint p : width) {
            double[] v = lanczos ? p.measure().nodes() : p.eigenvalues();
            double[] mass = lanczos ? p.measure().masses() : null;
            double floor = lanczos ? p.floor() : 0;
            for (int i = 0; i < v.length; i++) {
                if (mass != null && !(mass[i] > 0)) continue;
                hi = Math.max(hi, v[i]);
                if (v[i] > floor) smallest = Math.min(smallest, v[i]);
            }
        }
        if (!(hi > 0)) hi = 1;
        double lo = Math.max(smallest, hi * SpectrumExperiment.HISTOGRAM_DYNAMIC_RANGE);
        if (!(lo < hi)) lo = hi / 10;
        return Histogram.logEdges(lo, hi, bins);
    }

    /** These curves with the predicted ones beside them, one per depth. */
    SpectrumCurves withPrediction(List<double[]> predicted) {
        return new SpectrumCurves(edges, perDepth, below, lanczos, List.copyOf(predicted), estimated);
    }

    /** The bins' geometric centres. */
    double[] centres() {
        double[] x = new double[edges.length - 1];
        for (int b = 0; b < x.length; b++) x[b] = Math.sqrt(edges[b] * edges[b + 1]);
        return x;
    }

    /** One curve per depth against λ on a log axis. */
    Plot plot(int width, int[] depths) {
        Plot p = new Plot((lanczos ? "Spectral density of J J^T (Lanczos), width N = " : "Eigenvalues of J J^T, width N = ") + width)
                .xLabel("eigenvalue λ").yLabel("fraction per decade").xScale(Scale.LOG);
        double[] x = centres();
        for (int d = 0; d < perDepth.size(); d++) {
            java.awt.Color c = Plot.PALETTE.get(d % Plot.PALETTE.size());
            p.add(Series.of("L = " + depths[d], x, perDepth.get(d)).color(c));
            if (!predicted.isEmpty()) p.add(Series.of(d == 0 ? "predicted (dashed)" : "", x, predicted.get(d)).color(c).dash(dev.vnlab.report.Dash.DASHED));
            if (!estimated.isEmpty()) p.add(Series.of(d == 0 ? "Lanczos (dotted)" : "", x, estimated.get(d)).color(c).dash(dev.vnlab.report.Dash.DOTTED));
        }
        return p;
    }

    /** The curves as a table: the bin centre, then the fraction per decade at each depth. */
    Table table(int[] depths) {
        List<String> header = new ArrayList<>(List.of("eigenvalue"));
        List<List<double[]>> columns = new ArrayList<>();
        for (int d = 0; d < depths.length; d++) {
            header.add("fraction_per_decade_depth_" + depths[d]);
            columns.add(perDepth);
            if (!estimated.isEmpty()) {
                header.add("lanczos_depth_" + depths[d]);
                columns.add(estimated);
            }
            if (!predicted.isEmpty()) {
                header.add("predicted_depth_" + depths[d]);
                columns.add(predicted);
            }
        }
        int per = columns.size() / depths.length;
        Table t = new Table(header);
        double[] x = centres();
        for (int b = 0; b < x.length; b++) {
            Object[] row = new Object[header.size()];
            row[0] = x[b];
            for (int c = 0; c < columns.size(); c++) row[c + 1] = columns.get(c).get(c / per)[b];
            t.add(row);
        }
        return t;
    }
}
