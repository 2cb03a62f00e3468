package dev.vnlab.metrics;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedPass;
import java.util.HashMap;
import java.util.Map;

/**
 * The vanishing-node statistics of the hidden layers of a network over a set of inputs, from one
 * {@link ObservedPass} streamed in batches: memory is one N x N double Gram matrix per layer (or
 * the rows, while there are fewer inputs than nodes) plus one batch, whatever the number of
 * inputs. Depths are numbered as {@link Layers} defines; depth L is the paper's "output layer"
 * whose VNI eq. 3.4 defines.
 */
public final class LayerMetrics {
    private LayerMetrics() {}

    /**
     * One hidden layer's statistics over M inputs.
     *
     * @param depth l, 1..L: the layer's output x_l
     * @param inputs M
     * @param vni the VNI, {@link Covariance#vni()}
     * @param participationRatio 1 / VNI, the effective number of nodes
     * @param entropyRank {@link Covariance#entropyRank()}, or NaN when not asked for
     * @param deadFraction the fraction of nodes constant over every input
     * @param meanVariance the mean variance of a node, tr(C) / N
     */
    public record Layer(int depth, long inputs, double vni, double participationRatio, double entropyRank,
                        double deadFraction, double meanVariance) {
        /** True when every node is constant over the inputs ({@link Covariance#collapsed()}): the VNI is then undefined. */
        public boolean collapsed() { return meanVariance == 0; }
    }

    /**
     * The statistics at every depth 1..L of {@code net} over all rows of {@code inputs} (M x
     * n_0, M >= 2), run through the network {@code batch} rows at a time. The network is not
     * modified. The entropy rank needs an eigen-decomposition per layer (N^3 work); ask for it
     * only when it is wanted.
     *
     * @return one entry per depth, 1 to L in order
     * @throws IllegalArgumentException if the inputs do not fit the network, M &lt; 2 or batch &lt; 1
     */
    public static Layer[] measure(Layers net, RowSource inputs, int batch, boolean entropyRank, Blas blas) {
        int[] depths = new int[net.depth()];
        for (int l = 1; l <= depths.length; l++) depths[l - 1] = l;
        CovarianceAccumulator[] acc = accumulate(net, depths, inputs, batch, blas);
        Layer[] out = new Layer[depths.length];
        for (int k = 0; k < depths.length; k++) {
            Covariance c = entropyRank ? acc[k].covariance() : acc[k].statistics();
            acc[k] = null; // one layer's N x N covariance at a time
            out[k] = new Layer(depths[k], c.inputs(), c.vni(), c.participationRatio(), entropyRank ? c.entropyRank() : Double.NaN,
                    c.deadFraction(), c.meanVariance());
        }
        return out;
    }

    /**
     * The covariance of the nodes of x_l at depth {@code depth} (1..L) over all rows of
     * {@code inputs}, for what needs the matrix itself (the rho^2 heatmaps of Fig. 3.2, spectra).
     *
     * @throws IllegalArgumentException if the depth does not exist, the inputs do not fit the
     *         network, M &lt; 2 or batch &lt; 1
     */
    public static Covariance covariance(Layers net, int depth, RowSource inputs, int batch, Blas blas) {
        return covariances(net, new int[] {depth}, inputs, batch, blas)[0];
    }

    /**
     * The covariances at several depths (1..L) over all rows of {@code inputs}, from one streamed
     * forward pass that stops at the deepest (a depth sweep of one deep network: the depth-l
     * network is its first l hidden layers). Memory: one accumulator per depth listed.
     *
     * @return one covariance per entry of {@code depths}, in the order given
     * @throws IllegalArgumentException if a depth does not exist, the inputs do not fit the
     *         network, M &lt; 2 or batch &lt; 1
     */
    public static Covariance[] covariances(Layers net, int[] depths, RowSource inputs, int batch, Blas blas) {
        CovarianceAccumulator[] acc = accumulate(net, depths, inputs, batch, blas);
        Covariance[] out = new Covariance[depths.length];
        for (int k = 0; k < depths.length; k++) out[k] = acc[k].covariance();
        return out;
    }

    /**
     * The {@link CovarianceAccumulator#statistics() statistics} of the covariances at several
     * depths (VNI, trace, variances; no matrix), as {@link #covariances} computes them and with
     * the same numbers: what a depth sweep reads. When the inputs fit in one batch, each depth's
     * statistics are read as the pass reaches it, through one accumulator per width reused depth
     * after depth, so the memory is one Gram matrix whatever the number of depths; otherwise one
     * accumulator per depth. Scratch and batch buffers come from the thread's workspace.
     *
     * @return one covariance of statistics only per entry of {@code depths}, in the order given
     * @throws IllegalArgumentException as {@link #covariances}
     */
    public static Covariance[] statistics(Layers net, int[] depths, RowSource inputs, int batch, Blas blas) {
        checkDepths(net, depths);
        checkInputs(inputs, batch);
        Covariance[] out = new Covariance[depths.length];
        CovarianceAccumulator.Scratch scratch = CovarianceAccumulator.Scratch.pooled();
        try {
            if (inputs.rows() > batch) {
                CovarianceAccumulator[] acc = accumulate(net, depths, inputs, batch, scratch, blas);
                for (int k = 0; k < depths.length; k++) out[k] = acc[k].statistics();
                return out;
            }
            ObservedPass pass = new ObservedPass(net, blas);
            Map<Integer, CovarianceAccumulator> byWidth = new HashMap<>();
            for (int k = 0; k < depths.length; k++) {
                int at = k;
                CovarianceAccumulator acc = byWidth.computeIfAbsent(net.width(depths[k]), n -> CovarianceAccumulator.readAtOnce(n, blas, scratch));
                pass.observe(depths[k], layer -> {
                    acc.clear();
                    acc.add(layer.outputs());
                    out[at] = acc.statistics();
                });
            }
            pass.run(inputs, batch);
            return out;
        } finally {
            scratch.release();
        }
    }

    /** One accumulator per depth (sharing scratch), filled by one observed pass. */
    private static CovarianceAccumulator[] accumulate(Layers net, int[] depths, RowSource inputs, int batch, Blas blas) {
        checkDepths(net, depths);
        checkInputs(inputs, batch);
        return accumulate(net, depths, inputs, batch, new CovarianceAccumulator.Scratch(), blas);
    }

    private static CovarianceAccumulator[] accumulate(Layers net, int[] depths, RowSource inputs, int batch, CovarianceAccumulator.Scratch scratch, Blas blas) {
        CovarianceAccumulator[] acc = new CovarianceAccumulator[depths.length];
        ObservedPass pass = new ObservedPass(net, blas);
        for (int k = 0; k < depths.length; k++) {
            acc[k] = new CovarianceAccumulator(net.width(depths[k]), blas, scratch);
            pass.observe(depths[k], acc[k]);
        }
        pass.run(inputs, batch);
        return acc;
    }

    private static void checkDepths(Layers net, int[] depths) {
        for (int d : depths) {
            if (d < 1 || d > net.depth()) {
                throw new IllegalArgumentException("depth " + d + " has no hidden layer; expected 1 to " + net.depth());
            }
        }
    }

    private static void checkInputs(RowSource inputs, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        long m = inputs.rows();
        if (m < 2) throw new IllegalArgumentException("statistics over " + m + " input(s) are undefined; expected at least 2");
    }

    /**
     * The covariance of the inputs themselves over all their rows (M x n0, M >= 2), read
     * {@code batch} rows at a time: the correlations a network is fed, whose VNI and
     * participation ratio say how far the inputs are from independent features of equal variance.
     *
     * @throws IllegalArgumentException if M &lt; 2 or batch &lt; 1
     */
    public static Covariance inputCovariance(RowSource inputs, int batch, Blas blas) {
        checkInputs(inputs, batch);
        long m = inputs.rows();
        CovarianceAccumulator acc = new CovarianceAccumulator(inputs.columns(), blas);
        int full = (int) Math.min(batch, m);
        FloatMatrix x = new FloatMatrix(full, inputs.columns());
        for (long start = 0; start < m; start += full) {
            int k = (int) Math.min(full, m - start);
            if (k < full) x = new FloatMatrix(k, inputs.columns()); // the remainder
            inputs.read(start, x);
            acc.add(x);
        }
        return acc.covariance();
    }
}
