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
 * for the hidden layers l = 1..L, and a linear output layer giving the logits. W_l is
 * fan_out x fan_in; each layer has a gradient buffer of the same shape, exposed with its values
 * as optimizer {@link Parameter}s. The gradient buffers are allocated when first asked for (by a
 * backward pass or {@link #parameters}), so a network that is only measured holds its weights
 * alone. Forward and backward passes live in {@link Pass}, which owns the per-batch buffers.
 */
public final class Mlp {
    private final Activation phi;
    private final FloatMatrix[] w, gw;
    private final float[][] b, gb;

    private Mlp(Activation phi, int[] sizes) {
        this.phi = phi;
        int layers = sizes.length - 1;
        w = new FloatMatrix[layers];
        gw = new FloatMatrix[layers];
        b = new float[layers][];
        gb = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new FloatMatrix(sizes[l + 1], sizes[l]);
            b[l] = new float[sizes[l + 1]];
        }
    }

    /**
     * A network with {@code inputs} inputs, hidden layers of the given widths, and {@code outputs}
     * linear outputs; hidden layers drawn by {@code hidden}, the output layer by {@code output},
     * layer l from {@code rng.child(l)} (so a layer's weights do not depend on the others').
     *
     * @throws IllegalArgumentException if a width is below 1
     */
    public static Mlp create(int inputs, int[] widths, int outputs, Activation phi, Init hidden, Init output, Rng rng, Blas blas) {
        int[] sizes = new int[widths.length + 2];
        sizes[0] = inputs;
        System.arraycopy(widths, 0, sizes, 1, widths.length);
        sizes[sizes.length - 1] = outputs;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) throw new IllegalArgumentException("layer " + i + " width " + sizes[i] + " is invalid; expected at least 1");
        }
        Mlp net = new Mlp(phi, sizes);
        for (int l = 0; l < net.layers(); l++) {
            Init init = l < net.layers() - 1 ? hidden : output;
            Rng stream = rng.child(l);
            init.weights(net.w[l], stream.child(0), blas);
            init.biases(net.b[l], stream.child(1), blas);
        }
        return net;
    }

    /** {@code depth} hidden layers all {@code width} wide. */
    public static Mlp create(int inputs, int width, int depth, int outputs, Activation phi, Init hidden, Init output, Rng rng, Blas blas) {
        int[] widths = new int[depth];
        java.util.Arrays.fill(widths, width);
        return create(inputs, widths, outputs, phi, hidden, output, rng, blas);
    }

    /** Weight layers: hidden layers plus the output layer. */
    public int layers() { return w.length; }

    public Activation activation() { return phi; }

    /** Inputs of layer l (its fan_in). */
    public int fanIn(int l) { return w[l].cols(); }

    /** Outputs of layer l (its fan_out). */
    public int fanOut(int l) { return w[l].rows(); }

    /** W_l (fan_out x fan_in), shared: modifying it modifies the network. */
    public FloatMatrix weight(int l) { return w[l]; }

    /** b_l, shared. */
    public float[] bias(int l) { return b[l]; }

    /** dLoss/dW_l after {@link Pass#backward} (zeros before the first), fan_out x fan_in. */
    public FloatMatrix weightGradient(int l) {
        if (gw[l] == null) gw[l] = new FloatMatrix(w[l].rows(), w[l].cols());
        return gw[l];
    }

    /** dLoss/db_l after {@link Pass#backward} (zeros before the first), fan_out elements. */
    public float[] biasGradient(int l) {
        if (gb[l] == null) gb[l] = new float[b[l].length];
        return gb[l];
    }

    /** Every weight and bias with its gradient, layer by layer: what an optimizer updates. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            p.add(Parameter.of("W" + (l + 1), w[l].data(), weightGradient(l).data()));
            p.add(Parameter.of("b" + (l + 1), b[l], biasGradient(l)));
        }
        return Collections.unmodifiableList(p);
    }
}
