package dev.vnlab.metrics;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.memory.HeapBudget;
import dev.vnlab.memory.HeapTooSmallException;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedLayer;
import dev.vnlab.nn.ObservedPass;

/**
 * What an inspection of a network reads from its hidden layers over a set of inputs, all from
 * one {@link ObservedPass}: per layer the covariance statistics of {@link LayerMetrics} (VNI,
 * participation ratio, entropy effective rank, dead nodes), the redundant node pairs, the
 * fraction of saturated units and the linear CKA with the layer before it.
 *
 * <p>Memory: the accumulators of the layers a pass reads live until it ends: per layer l, C_l's
 * lower triangle and the n_l x n_{l-1} cross-covariance in double with its float product, about
 * {@code 16 n^2} bytes (4 MB at width 500, 256 MB at width 4000). Layers that do not fit in the
 * heap together are read in groups, one pass each.
 */
public final class LayerDiagnostics {
    /** |rho| above these makes a pair of nodes redundant: nearly copies of each other (or of each other's negative). */
    public static final double[] REDUNDANT = {0.9, 0.99};
    /** A unit is saturated on an input where phi'(h) is below this fraction of phi's peak slope: it passes almost no gradient. */
    public static final double SATURATION = 0.01;

    private LayerDiagnostics() {}

    /**
     * One hidden layer of a network over M inputs.
     *
     * @param depth l, 1..L ({@link Layers} numbering)
     * @param width n_l
     * @param inputs M
     * @param vni the VNI {@code tr(C^2) / tr(C)^2}; NaN when every node is constant
     * @param participationRatio {@code 1 / VNI}, between 1 and n_l
     * @param effectiveRank the entropy effective rank ({@link Covariance#entropyRank})
     * @param redundant90 node pairs (of n_l (n_l - 1) / 2) with |rho| above 0.9
     * @param redundant99 those above 0.99
     * @param deadFraction the fraction of nodes constant over every input
     * @param saturatedFraction the fraction of (node, input) pairs where phi'(h) &lt; {@link #SATURATION} of phi's peak slope
     * @param ckaWithPrevious linear CKA between x_l and x_{l-1} (the inputs for l = 1):
     *        {@code ||C_{l,l-1}||_F^2 / (||C_l||_F ||C_{l-1}||_F)}, 1 when one is a scaled
     *        rotation of the other plus a shift; NaN when either layer is constant
     * @param meanVariance the mean node variance {@code tr(C) / n_l}
     */
    public record Layer(int depth, int width, long inputs, double vni, double participationRatio, double effectiveRank, long redundant90,
                        long redundant99, double deadFraction, double saturatedFraction, double ckaWithPrevious, double meanVariance) {
        /** The node pairs of this layer, {@code n_l (n_l - 1) / 2}. */
        public long pairs() { return (long) width * (width - 1) / 2; }
    }

    /**
     * The diagnostics of every hidden layer, and the squared correlations of one of them.
     *
     * @param layers depth 1 to L, in order
     * @param correlationSquared rho^2 (n x n) of the layer asked for, or null
     * @param inputSecondMoment q_x, the mean square of the inputs' entries (what starts the theory's variance map)
     */
    public record Result(Layer[] layers, DoubleMatrix correlationSquared, double inputSecondMoment) {}

    /**
     * Runs the rows of {@code inputs} (M x n_0, M &gt;= 2) through {@code net}, {@code batch} at a
     * time, and reads every hidden layer. The network is not modified. The layers' accumulators
     * are held together while the heap has room for them ({@link #heldBytes}); otherwise the
     * layers go in groups, one forward pass per group, with the same numbers.
     *
     * @param heatmapDepth the layer (1..L) whose rho^2 matrix to keep, or 0 for none
     * @throws IllegalArgumentException if M &lt; 2, batch &lt; 1, the inputs do not fit the
     *         network or {@code heatmapDepth} names no hidden layer
     * @throws HeapTooSmallException if not even one layer's accumulators fit in the heap
     */
    public static Result measure(Layers net, RowSource inputs, int batch, int heatmapDepth, Blas blas) {
        long all = 0;
        for (int l = 1; l <= net.depth(); l++) all += heldBytes(net, l, batch);
        long working = workingBytes(net, blas.workers().threads());
        long budget = HeapBudget.enforced() ? HeapBudget.available(all + working) - working : Long.MAX_VALUE;
        return measure(net, inputs, batch, heatmapDepth, budget, blas);
    }

    /**
     * As {@link #measure(Layers, RowSource, int, int, Blas)}, holding at most {@code budget} bytes
     * of accumulators at once: consecutive layers are grouped while their {@link #heldBytes} fit.
     * Every layer's accumulators see the same batches in the same order in any grouping, so the
     * result does not depend on it.
     */
    static Result measure(Layers net, RowSource inputs, int batch, int heatmapDepth, long budget, Blas blas) {
        int depth = net.depth();
        if (heatmapDepth < 0 || heatmapDepth > depth) throw new IllegalArgumentException("heatmap depth " + heatmapDepth + " has no hidden layer; expected 1 to " + depth + ", or 0 for none");
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        if (inputs.rows() < 2) throw new IllegalArgumentException("statistics over " + inputs.rows() + " input(s) are undefined; expected at least 2");
        Layer[] out = new Layer[depth];
        double[] squares = new double[depth + 1], crossSquares = new double[depth + 1], inputSquares = new double[1];
        DoubleMatrix[] heat = new DoubleMatrix[1];
        for (int first = 1; first <= depth; ) {
            int last = first;
            long held = heldBytes(net, first, batch);
            if (held > budget) {
                long heap = HeapBudget.maxHeap(); // what is in use stays: the heap must grow by what is missing
                throw new HeapTooSmallException("the diagnostics of layer " + first + " (" + net.width(first) + " nodes after " + net.width(first - 1) + ")",
                        heap + held - budget, heap);
            }
            while (last < depth && held + heldBytes(net, last + 1, batch) <= budget) held += heldBytes(net, ++last, batch);
            group(net, inputs, batch, first, last, heatmapDepth, out, squares, crossSquares, inputSquares, heat, blas);
            first = last + 1;
        }
        for (int l = 1; l <= depth; l++) {
            Layer d = out[l - 1];
            out[l - 1] = new Layer(d.depth(), d.width(), d.inputs(), d.vni(), d.participationRatio(), d.effectiveRank(), d.redundant90(), d.redundant99(),
                    d.deadFraction(), d.saturatedFraction(), cka(crossSquares[l], squares[l], squares[l - 1]), d.meanVariance());
        }
        return new Result(out, heat[0], inputSquares[0] / ((double) inputs.rows() * net.width(0)));
    }

    /**
     * The bytes layer l's accumulators hold during a pass: its covariance (a packed triangle in
     * double, or while there are fewer inputs than nodes the rows in float: 4 n_l^2 either way),
     * the cross-covariance with the layer before in double and its float product
     * (12 n_l n_{l-1}), and the two shifted blocks of rows the products read.
     */
    static long heldBytes(Layers net, int l, int batch) {
        long n = net.width(l), before = net.width(l - 1), rows = Math.min(batch, CovarianceAccumulator.BLOCK);
        return 4 * n * n + 12 * n * before + 4 * rows * (n + before) + 16 * (n + before);
    }

    /**
     * What reading layers on {@code threads} threads at once needs beside the accumulators (each:
     * C whole, its squared correlations, the eigen-decomposition's copies, about 40 N^2 bytes),
     * the shared Gram scratch and the inputs' accumulator.
     */
    static long workingBytes(Layers net, int threads) {
        long widest = 0;
        for (int l = 0; l <= net.depth(); l++) widest = Math.max(widest, net.width(l));
        return threads * 40 * widest * widest + 4 * widest * widest + 4L * net.width(0) * net.width(0);
    }

    /** One forward pass reading layers first..last (and the layer before them, for CKA); fills their entries. */
    private static void group(Layers net, RowSource inputs, int batch, int first, int last, int heatmapDepth, Layer[] out, double[] squares,
                              double[] crossSquares, double[] inputSquares, DoubleMatrix[] heat, Blas blas) {
        boolean withInputs = first == 1; // the inputs' covariance (for layer 1's CKA) and q_x, once
        CovarianceAccumulator[] cov = new CovarianceAccumulator[last + 1];
        CrossCovariance[] cross = new CrossCovariance[last + 1];
        long[] saturated = new long[last + 1];
        CovarianceAccumulator.Scratch scratch = new CovarianceAccumulator.Scratch();
        if (withInputs) cov[0] = new CovarianceAccumulator(net.width(0), blas, scratch);
        for (int l = first; l <= last; l++) {
            cov[l] = new CovarianceAccumulator(net.width(l), blas, scratch);
            cross[l] = new CrossCovariance(net.width(l), net.width(l - 1), blas);
        }
        float threshold = (float) (SATURATION * peakSlope(net.activation()));
        FloatMatrix[] previous = new FloatMatrix[1];
        ObservedPass pass = new ObservedPass(net, blas).withSlopes();
        for (int l = first - 1; l <= last; l++) {
            pass.observe(l, (ObservedLayer layer) -> {
                int at = layer.depth();
                FloatMatrix x = layer.outputs();
                if (at >= first) {
                    cov[at].add(x);
                    cross[at].add(x, previous[0]);
                    saturated[at] += countBelow(layer.slopes(), threshold);
                } else if (withInputs) {
                    cov[0].add(x);
                    inputSquares[0] += sumOfSquares(x);
                }
                if (at < last) previous[0] = copyInto(previous[0], x); // the pass's buffers are valid during the call only
            });
        }
        pass.run(inputs, batch);

        // Each layer's matrix, spectrum and correlations on one thread, a layer per worker at once: at
        // these sizes (N of a few hundred) that keeps the cores busier than splitting each layer's work.
        int from = withInputs ? 0 : first;
        blas.workers().forEach(last - from + 1, t -> {
            int l = from + t;
            Covariance c = cov[l].covariance();
            cov[l] = null;
            squares[l] = c.traceOfSquare();
            if (l == 0) return;
            crossSquares[l] = cross[l].frobeniusSquared();
            cross[l] = null;
            long[] redundant = redundantPairs(c);
            if (l == heatmapDepth) heat[0] = c.correlationSquared();
            long m = c.inputs();
            double rank = Double.isFinite(c.traceOfSquare()) ? c.entropyRank() : Double.NaN; // activations that overflowed have no spectrum
            out[l - 1] = new Layer(l, c.nodes(), m, c.vni(), c.participationRatio(), rank, redundant[0], redundant[1], c.deadFraction(),
                    (double) saturated[l] / ((double) m * c.nodes()), Double.NaN, c.meanVariance());
        });
    }

    /**
     * Linear CKA (Kornblith et al., 2019) between two sets of features of the same M inputs,
     * {@code x} (M x p) and {@code y} (M x q), neither modified:
     * {@code ||C_xy||_F^2 / (||C_xx||_F ||C_yy||_F)} with the (cross-)covariances over the rows.
     * 1 when y is x rotated, scaled and shifted; invariant to those transforms of either; NaN when
     * either is constant.
     *
     * @throws IllegalArgumentException if the row counts differ or are below 2
     */
    public static double linearCka(FloatMatrix x, FloatMatrix y, Blas blas) {
        if (x.rows() != y.rows() || x.rows() < 2) {
            throw new IllegalArgumentException("features of " + x.rows() + " and " + y.rows() + " inputs; expected the same inputs, at least 2");
        }
        CovarianceAccumulator a = new CovarianceAccumulator(x.cols(), blas), b = new CovarianceAccumulator(y.cols(), blas);
        CrossCovariance ab = new CrossCovariance(x.cols(), y.cols(), blas);
        a.add(x);
        b.add(y);
        ab.add(x, y);
        return cka(ab.frobeniusSquared(), a.statistics().traceOfSquare(), b.statistics().traceOfSquare());
    }

    /** {@code ||C_ab||_F^2 / sqrt(||C_a||_F^2 ||C_b||_F^2)}; NaN when either layer is constant. */
    private static double cka(double crossSquares, double squaresA, double squaresB) {
        double denominator = Math.sqrt(squaresA * squaresB);
        return denominator > 0 ? crossSquares / denominator : Double.NaN;
    }

    /** The pairs i &lt; j with |rho_ij| above each of {@link #REDUNDANT}; constant nodes are correlated with nothing. */
    static long[] redundantPairs(Covariance c) {
        DoubleMatrix r2 = c.correlationSquared();
        int n = c.nodes();
        double[] d = r2.data();
        long[] count = new long[REDUNDANT.length];
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = d[i * n + j];
                for (int k = 0; k < REDUNDANT.length; k++) if (v > REDUNDANT[k] * REDUNDANT[k]) count[k]++;
            }
        }
        return count;
    }

    /** phi's largest slope: at 0 for every activation here, on whichever side is steeper. */
    static double peakSlope(Activation phi) {
        return Math.max(phi.slope(0), Math.max(phi.slope(1e-6), phi.slope(-1e-6)));
    }

    private static long countBelow(FloatMatrix m, float threshold) {
        long n = 0;
        for (int r = 0; r < m.rows(); r++) {
            float[] d = m.data();
            for (int i = m.index(r, 0), end = i + m.cols(); i < end; i++) if (d[i] < threshold) n++;
        }
        return n;
    }

    /** Squares summed in double one by one: the kernels' vector sum is not as exact, and q_x starts the theory. */
    private static double sumOfSquares(FloatMatrix m) {
        double s = 0;
        for (int r = 0; r < m.rows(); r++) {
            float[] d = m.data();
            for (int i = m.index(r, 0), end = i + m.cols(); i < end; i++) s += (double) d[i] * d[i];
        }
        return s;
    }

    private static FloatMatrix copyInto(FloatMatrix into, FloatMatrix src) {
        if (into == null || into.rows() != src.rows() || into.cols() != src.cols()) into = new FloatMatrix(src.rows(), src.cols());
        return into.copyFrom(src);
    }
}
