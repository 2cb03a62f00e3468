package dev.vnlab.spectrum;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedPass;

/**
 * How the correlation of pairs of inputs propagates through a network: at each observed depth,
 * the cosine similarity {@code x_a . x_b / (|x_a| |x_b|)} of the two hidden representations of
 * each pair, its mean over the pairs with the standard error of that mean. The mean-field
 * prediction is {@code CorrelationMap.cosineSequence}: pairs of random networks at large width
 * follow it, and the order-to-chaos phase decides where they go (to 1, or to a c* below 1).
 * One forward pass of all 2P rows (as one batch, so no pair is split); sums in double.
 */
public final class PairCorrelations {
    private PairCorrelations() {}

    /**
     * @param net the network; not modified
     * @param pairs 2P x n0, rows 2i and 2i + 1 the two inputs of pair i; not modified
     * @param depths the depths (0..L, 0 the inputs) to measure at, in any order
     * @return one estimate per depth, in the order given
     * @throws IllegalArgumentException if pairs has no row, an odd number of rows or not n0
     *         columns, or a depth does not exist
     */
    public static Estimate[] measure(Layers net, FloatMatrix pairs, int[] depths, Blas blas) {
        if (pairs.rows() < 2 || pairs.rows() % 2 != 0 || pairs.cols() != net.width(0)) {
            throw new IllegalArgumentException("pairs are " + pairs.rows() + "x" + pairs.cols() + "; expected an even number of rows, at least 2, of "
                    + net.width(0) + " columns (the network's input width)");
        }
        int p = pairs.rows() / 2;
        double[][] cosines = new double[depths.length][p];
        ObservedPass pass = new ObservedPass(net, blas);
        for (int d = 0; d < depths.length; d++) {
            double[] out = cosines[d];
            pass.observe(depths[d], layer -> {
                FloatMatrix x = layer.outputs();
                for (int i = 0; i < layer.rows() / 2; i++) {
                    double ab = 0, aa = 0, bb = 0;
                    for (int j = 0; j < x.cols(); j++) {
                        double a = x.get(2 * i, j), b = x.get(2 * i + 1, j);
                        ab += a * b;
                        aa += a * a;
                        bb += b * b;
                    }
                    out[(int) (layer.first() / 2) + i] = ab / Math.sqrt(aa * bb);
                }
            });
        }
        pass.run(RowSource.of(pairs), pairs.rows());
        Estimate[] result = new Estimate[depths.length];
        for (int d = 0; d < depths.length; d++) result[d] = Estimate.meanOf(cosines[d]);
        return result;
    }
}
