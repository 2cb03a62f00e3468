package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.optim.Parameter;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The deep MLP of the paper (eq. 3.1): {@code h_l = W_l x_{l-1} + b_l}, {@code x_l = phi(h_l)}
 * for the hidden layers l = 1..L, and a linear output layer L + 1 giving the logits, numbered as
 * {@link Layers} defines. W_l is n_l x n_{l-1}; each layer has a gradient buffer of the same
 * shape, exposed with its values as optimizer {@link Parameter}s. The gradient buffers are
 * allocated when first asked for (by a backward pass or {@link #parameters}), so a network that
 * is only measured holds its weights alone. Training passes live in {@link Pass}, measurement
 * passes in {@link ObservedPass}; both own their per-batch buffers. A network that is only
 * measured can instead be drawn layer by layer as the passes reach it ({@link DrawnNetwork}).
 */
public final class Mlp implements Layers {
    private final Activation phi;
    private final FloatMatrix[] w, gw; // index l = 1..L+1; 0 unused, so the index is the layer's number
    private final float[][] b, gb;

    private Mlp(Activation phi, int[] sizes) {
        this.phi = phi;
        int layers = sizes.length; // L + 2 slots: 0 unused, 1..L+1
        w = new FloatMatrix[layers];
        gw = new FloatMatrix[layers];
        b = new float[layers][];
        gb = new float[layers][];
        for (int l = 1; l < layers; l++) {
            w[l] = new FloatMatrix(sizes[l], sizes[l - 1]);
            b[l] = new float[sizes[l]];
        }
    }

    /**
     * A network with {@code inputs} inputs, hidden layers of the given widths, and {@code outputs}
     * linear outputs; hidden layers drawn by {@code hidden}, the output layer by {@code output},
     * layer l (1..L+1) from {@code rng.child(l - 1)} (so a layer's weights do not depend on the others').
     *
     * @throws IllegalArgumentException if a width is below 1
     */
    public static Mlp create(int inputs, int[] widths, int outputs, Activation phi, Init hidden, Init output, Rng rng, Blas blas) {
        LayerDraws draws = LayerDraws.of(inputs, widths, outputs, hidden, output, rng);
        Mlp net = new Mlp(phi, draws.sizes());
        for (int l = 1; l <= net.depth() + 1; l++) draws.draw(l, net.w[l], net.b[l], blas);
        return net;
    }

    /** {@code depth} hidden layers all {@code width} wide. */
    public static Mlp create(int inputs, int width, int depth, int outputs, Activation phi, Init hidden, Init output, Rng rng, Blas blas) {
        return create(inputs, LayerDraws.uniform(width, depth), outputs, phi, hidden, output, rng, blas);
    }

    /**
     * A network with the given weights and biases, copied: {@code weights[i]} is W_{i+1}
     * (n_{i+1} x n_i) and {@code biases[i]} b_{i+1} (n_{i+1} values), for i = 0..L, the last being
     * the linear output layer (a trained network read from a file, say).
     *
     * @throws IllegalArgumentException if there are fewer than 2 layers (no hidden layer), the
     *         counts differ, a layer has no rows or columns, the shapes do not chain (W_{l+1} has
     *         n_l columns) or a bias does not have its layer's n_l values
     */
    public static Mlp of(Activation phi, List<FloatMatrix> weights, List<float[]> biases) {
        if (weights.size() < 2) throw new IllegalArgumentException(weights.size() + " weight layers give no hidden layer; expected at least 2 (hidden layers, then the output layer)");
        if (biases.size() != weights.size()) throw new IllegalArgumentException(biases.size() + " biases for " + weights.size() + " weight layers; expected one per layer");
        int[] sizes = new int[weights.size() + 1];
        sizes[0] = weights.get(0).cols();
        for (int i = 0; i < weights.size(); i++) {
            FloatMatrix m = weights.get(i);
            if (m.rows() < 1 || m.cols() < 1) throw new IllegalArgumentException("layer " + (i + 1) + " is " + m.rows() + " x " + m.cols() + "; expected at least 1 x 1");
            if (m.cols() != sizes[i]) {
                throw new IllegalArgumentException("layer " + (i + 1) + " takes " + m.cols() + " inputs but layer " + i + " gives " + sizes[i] + "; expected the shapes to chain");
            }
            sizes[i + 1] = m.rows();
            if (biases.get(i).length != m.rows()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " has " + biases.get(i).length + " biases; expected " + m.rows() + ", one per output");
            }
        }
        Mlp net = new Mlp(phi, sizes);
        for (int l = 1; l < sizes.length; l++) {
            net.w[l].copyFrom(weights.get(l - 1));
            System.arraycopy(biases.get(l - 1), 0, net.b[l], 0, sizes[l]);
        }
        return net;
    }

    @Override public int depth() { return w.length - 2; }

    @Override public Activation activation() { return phi; }

    @Override public int width(int l) {
        LayerDraws.checkWidth(l, depth());
        return l == 0 ? w[1].cols() : w[l].rows();
    }

    /** W_l (n_l x n_{l-1}, l = 1..L+1), shared: modifying it modifies the network. */
    @Override public FloatMatrix weight(int l) { return w[checkLayer(l)]; }

    /** b_l (l = 1..L+1), shared. */
    @Override public float[] bias(int l) { return b[checkLayer(l)]; }

    /** dLoss/dW_l (l = 1..L+1) after {@link Pass#backward} (zeros before the first), n_l x n_{l-1}. */
    public FloatMatrix weightGradient(int l) {
        if (gw[checkLayer(l)] == null) gw[l] = new FloatMatrix(w[l].rows(), w[l].cols());
        return gw[l];
    }

    /** dLoss/db_l (l = 1..L+1) after {@link Pass#backward} (zeros before the first), n_l elements. */
    public float[] biasGradient(int l) {
        if (gb[checkLayer(l)] == null) gb[l] = new float[b[l].length];
        return gb[l];
    }

    /** Every weight and bias with its gradient, layer 1 to L + 1: what an optimizer updates. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (int l = 1; l <= depth() + 1; l++) {
            p.add(Parameter.of("W" + l, w[l].data(), weightGradient(l).data()));
            p.add(Parameter.of("b" + l, b[l], biasGradient(l)));
        }
        return Collections.unmodifiableList(p);
    }

    private int checkLayer(int l) {
        return LayerDraws.checkLayer(l, depth());
    }
}
