package dev.vnlab.metrics;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;

/**
 * The vanishing-node statistics of every hidden layer of a network over a set of inputs, from one
 * forward pass streamed in batches: memory is one N x N double Gram matrix per layer (or the rows,
 * while there are fewer inputs than nodes) plus one batch, whatever the number of inputs.
 * Hidden layer l (0-based) is the output x_{l+1} of the numbering of docs/theory.md; the last hidden layer
 * is the paper's "output layer" whose VNI eq. 3.4 defines.
 */
public final class LayerMetrics {
    private LayerMetrics() {}

    /**
     * One hidden layer's statistics over M inputs.
     *
     * @param layer the hidden layer, 0-based
     * @param inputs M
     * @param vni the VNI, {@link Covariance#vni()}
     * @param participationRatio 1 / VNI, the effective number of nodes
     * @param entropyRank {@link Covariance#entropyRank()}, or NaN when not asked for
     * @param deadFraction the fraction of nodes constant over every input
     * @param meanVariance the mean variance of a node, tr(C) / N
     */
    public record Layer(int layer, long inputs, double vni, double participationRatio, double entropyRank,
                        double deadFraction, double meanVariance) {
        /** True when every node is constant over the inputs ({@link Covariance#collapsed()}): the VNI is then undefined. */
        public boolean collapsed() { return meanVariance == 0; }
    }

    /**
     * The statistics of each hidden layer of {@code net} over all rows of {@code inputs} (M x
     * inputs of the network, M >= 2), run through the network {@code batch} rows at a time. The
     * network is not modified. The entropy rank needs an eigen-decomposition per layer (N^3
     * work); ask for it only when it is wanted.
     *
     * @return one entry per hidden layer, in order
     * @throws IllegalArgumentException if the inputs do not fit the network, M &lt; 2 or batch &lt; 1
     */
    public static Layer[] measure(Mlp net, RowSource inputs, int batch, boolean entropyRank, Blas blas) {
        int hidden = net.layers() - 1;
        CovarianceAccumulator.Scratch scratch = new CovarianceAccumulator.Scratch();
        CovarianceAccumulator[] acc = new CovarianceAccumulator[hidden];
        for (int l = 0; l < hidden; l++) acc[l] = new CovarianceAccumulator(net.fanOut(l), blas, scratch);
        stream(net, inputs, batch, blas, pass -> {
            for (int l = 0; l < hidden; l++) acc[l].add(pass.hidden(l));
        }, Pass.allHidden(net));
        Layer[] out = new Layer[hidden];
        for (int l = 0; l < hidden; l++) {
            Covariance c = acc[l].covariance();
            acc[l] = null; // one layer's N x N covariance at a time
            out[l] = new Layer(l, c.inputs(), c.vni(), c.participationRatio(), entropyRank ? c.entropyRank() : Double.NaN,
                    c.deadFraction(), c.meanVariance());
        }
        return out;
    }

    /**
     * The covariance of hidden layer {@code layer}'s nodes over all rows of {@code inputs}, for
     * what needs the matrix itself (the rho^2 heatmaps of Fig. 3.2, spectra).
     *
     * @throws IllegalArgumentException if the layer does not exist, the inputs do not fit the
     *         network, M &lt; 2 or batch &lt; 1
     */
    public static Covariance covariance(Mlp net, int layer, RowSource inputs, int batch, Blas blas) {
        return covariances(net, new int[] {layer}, inputs, batch, blas)[0];
    }

    /**
     * The covariances of several hidden layers' nodes over all rows of {@code inputs}, from one
     * streamed forward pass that keeps only those layers (a depth sweep of one deep network:
     * depth l's output is hidden layer l - 1). Memory: one accumulator per listed layer.
     *
     * @return one covariance per entry of {@code layers}, in the order given
     * @throws IllegalArgumentException if a layer does not exist, the inputs do not fit the
     *         network, M &lt; 2 or batch &lt; 1
     */
    public static Covariance[] covariances(Mlp net, int[] layers, RowSource inputs, int batch, Blas blas) {
        CovarianceAccumulator.Scratch scratch = new CovarianceAccumulator.Scratch();
        CovarianceAccumulator[] acc = new CovarianceAccumulator[layers.length];
        for (int k = 0; k < layers.length; k++) {
            int layer = layers[k];
            if (layer < 0 || layer >= net.layers() - 1) {
                throw new IllegalArgumentException("hidden layer " + layer + " does not exist; expected 0 to " + (net.layers() - 2));
            }
            acc[k] = new CovarianceAccumulator(net.fanOut(layer), blas, scratch);
        }
        stream(net, inputs, batch, blas, pass -> {
            for (int k = 0; k < layers.length; k++) acc[k].add(pass.hidden(layers[k]));
        }, layers);
        Covariance[] out = new Covariance[layers.length];
        for (int k = 0; k < layers.length; k++) out[k] = acc[k].covariance();
        return out;
    }

    /**
     * The covariance of the inputs themselves over all their rows (M x n0, M >= 2), read
     * {@code batch} rows at a time: the correlations a network is fed, whose VNI and
     * participation ratio say how far the inputs are from independent features of equal variance.
     *
     * @throws IllegalArgumentException if M &lt; 2 or batch &lt; 1
     */
    public static Covariance inputCovariance(RowSource inputs, int batch, Blas blas) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        long m = inputs.rows();
        if (m < 2) throw new IllegalArgumentException("statistics over " + m + " input(s) are undefined; expected at least 2");
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

    /**
     * Runs every row of inputs forward, batch rows at a time (a shorter last batch), keeping the
     * hidden layers in {@code keep}, and hands each pass to the sink.
     */
    static void stream(Mlp net, RowSource inputs, int batch, Blas blas, java.util.function.Consumer<Pass> sink, int... keep) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        if (inputs.columns() != net.fanIn(0)) {
            throw new IllegalArgumentException("inputs have " + inputs.columns() + " columns; the network expects " + net.fanIn(0));
        }
        long m = inputs.rows();
        if (m < 2) throw new IllegalArgumentException("statistics over " + m + " input(s) are undefined; expected at least 2");
        int full = (int) Math.min(batch, m);
        Pass pass = Pass.forwardOnly(net, full, blas, keep);
        FloatMatrix x = new FloatMatrix(full, inputs.columns());
        for (long start = 0; start < m; start += full) {
            int k = (int) Math.min(full, m - start);
            if (k < full) { // the remainder: a pass of its own size
                pass = Pass.forwardOnly(net, k, blas, keep);
                x = new FloatMatrix(k, inputs.columns());
            }
            inputs.read(start, x);
            pass.forward(x);
            sink.accept(pass);
        }
    }
}
