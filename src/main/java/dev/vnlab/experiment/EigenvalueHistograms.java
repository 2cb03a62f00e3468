package dev.vnlab.experiment;

import dev.vnlab.report.Plot;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import dev.vnlab.spectrum.Histogram;
import java.util.ArrayList;
import java.util.List;

    /**
     * The pooled eigenvalue histograms of one width, one per depth, over shared logarithmic
     * edges from the largest eigenvalue down by {@link #HISTOGRAM_DYNAMIC_RANGE} (or to the
     * smallest positive one, if higher).
     *
     * @param below per depth, the eigenvalues under the lowest edge (rounding-level or zero)
     */
record EigenvalueHistograms(double[] edges, List<Histogram> perDepth, long[] below) {
        static EigenvalueHistograms of(List<SpectrumPoint> width, int bins) {
            double hi = 0, smallest = Double.POSITIVE_INFINITY;
            for (SpectrumPoint p : width) {
                for (double v : p.eigenvalues()) {
                    hi = Math.max(hi, v);
                    if (v > 0) smallest = Math.min(smallest, v);
                }
            }
            if (!(hi > 0)) hi = 1;
            double lo = Math.max(smallest, hi * SpectrumExperiment.HISTOGRAM_DYNAMIC_RANGE);
            if (!(lo < hi)) lo = hi / 10;
            double[] edges = Histogram.logEdges(lo, hi, bins);
            List<Histogram> h = new ArrayList<>();
            long[] below = new long[width.size()];
            for (int d = 0; d < width.size(); d++) {
                h.add(Histogram.of(width.get(d).eigenvalues(), edges));
                below[d] = h.get(d).below();
            }
            return new EigenvalueHistograms(edges, h, below);
        }

        /** One curve per depth: the fraction of eigenvalues per decade at each bin's geometric centre. */
        Plot plot(int width, int[] depths) {
            Plot p = new Plot("Eigenvalues of J J^T, width N = " + width).xLabel("eigenvalue λ").yLabel("fraction per decade").xScale(Scale.LOG);
            int bins = edges.length - 1;
            double[] x = new double[bins];
            for (int b = 0; b < bins; b++) x[b] = Math.sqrt(edges[b] * edges[b + 1]);
            for (int d = 0; d < perDepth.size(); d++) {
                Histogram h = perDepth.get(d);
                long[] counts = h.counts();
                double[] y = new double[bins];
                for (int b = 0; b < bins; b++) y[b] = h.total() == 0 ? 0 : counts[b] / (h.total() * Math.log10(edges[b + 1] / edges[b]));
                p.add(Series.of("L = " + depths[d], x, y).color(Plot.PALETTE.get(d % Plot.PALETTE.size())));
            }
            return p;
        }
    }
