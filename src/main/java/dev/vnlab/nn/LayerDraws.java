package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.Rng;
import java.util.Arrays;

/**
 * The random draw of a network's layers: its layer sizes n_0..n_{L+1} (numbered as {@link Layers}
 * defines), the {@link Init}s of its hidden and output layers and the stream layer l is drawn
 * from, {@code rng.child(l - 1)} (weights from its child 0, biases from child 1), so a layer's
 * numbers depend on its number alone. The one drawing code of {@link Mlp#create} and
 * {@link DrawnNetwork}, which therefore hold the same numbers.
 */
final class LayerDraws {
    private final int[] sizes; // n_0..n_{L+1}
    private final Init hidden, output;
    private final Rng rng;

    private LayerDraws(int[] sizes, Init hidden, Init output, Rng rng) {
        this.sizes = sizes;
        this.hidden = hidden;
        this.output = output;
        this.rng = rng;
    }

    /**
     * The draws of a network with {@code inputs} inputs, hidden layers of the given widths and
     * {@code outputs} linear outputs.
     *
     * @throws IllegalArgumentException if a width is below 1
     */
    static LayerDraws of(int inputs, int[] widths, int outputs, Init hidden, Init output, Rng rng) {
        int[] sizes = new int[widths.length + 2];
        sizes[0] = inputs;
        System.arraycopy(widths, 0, sizes, 1, widths.length);
        sizes[sizes.length - 1] = outputs;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) throw new IllegalArgumentException("layer " + i + " width " + sizes[i] + " is invalid; expected at least 1");
        }
        return new LayerDraws(sizes, hidden, output, rng);
    }

    /** {@code depth} widths all equal to {@code width}. */
    static int[] uniform(int width, int depth) {
        int[] widths = new int[depth];
        Arrays.fill(widths, width);
        return widths;
    }

    /** L, the number of hidden layers. */
    int depth() { return sizes.length - 2; }

    /** n_l for l = 0..L+1 (unchecked). */
    int size(int l) { return sizes[l]; }

    /** A copy of n_0..n_{L+1}. */
    int[] sizes() { return sizes.clone(); }

    /**
     * Checks that l (0..L+1) names a layer's output of a network of {@code depth} hidden layers, as {@link Layers#width} takes it.
     *
     * @return l
     * @throws IllegalArgumentException naming the valid range otherwise
     */
    static int checkWidth(int l, int depth) {
        if (l < 0 || l > depth + 1) throw new IllegalArgumentException("layer " + l + " does not exist; expected 0 (the inputs) to " + (depth + 1) + " (the logits)");
        return l;
    }

    /**
     * Checks that l (1..L+1) names a layer with weights in a network of {@code depth} hidden layers.
     *
     * @return l
     * @throws IllegalArgumentException naming the valid range otherwise
     */
    static int checkLayer(int l, int depth) {
        if (l < 1 || l > depth + 1) throw new IllegalArgumentException("layer " + l + " has no weights; expected 1 to " + (depth + 1));
        return l;
    }

    /**
     * Fills W_l ({@code w}, n_l x n_{l-1}) and b_l ({@code b}, n_l values) with layer l's draw,
     * l = 1..L+1 (unchecked): the hidden Init for l &lt;= L, the output one for L + 1.
     */
    void draw(int l, FloatMatrix w, float[] b, Blas blas) {
        Init init = l <= depth() ? hidden : output;
        Rng stream = rng.child(l - 1);
        init.weights(w, stream.child(0), blas);
        init.biases(b, stream.child(1), blas);
    }
}
