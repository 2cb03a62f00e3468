package dev.vnlab.nn;

import dev.vnlab.linalg.FloatMatrix;

/**
 * A network as the passes see it: its layers, one at a time, as a pass reaches them. This is
 * where vnlab's one numbering of layers is defined; every package (nn, metrics, spectrum,
 * experiment) uses it, and elsewhere the javadoc links here.
 *
 * <p><b>Numbering.</b> x_0 is the input (n_0 wide). Layer l = 1..L is the l-th hidden layer:
 * {@code h_l = W_l x_{l-1} + b_l}, {@code x_l = phi(h_l)}, n_l wide, as the paper's h^l (eq. 3.1).
 * Layer L + 1 is the linear output layer (the logits). "Depth l" of a measurement means x_l,
 * the output of the first l hidden layers, so depth L is the last hidden layer, the paper's
 * "output layer" whose VNI eq. 3.4 defines; depth 0 means the inputs themselves.
 *
 * <p>A pass asks for layer l's weights only when it reaches layer l, in order, and does not keep
 * them once past it (products that walk back through the layers, such as {@code J^T u}, ask
 * again), so an implementation may draw a layer when asked instead of holding every layer
 * ({@link DrawnNetwork} does; {@link Mlp} holds them all).
 * The matrices returned must not be modified by the caller.
 */
public interface Layers {
    /** L, the number of hidden layers. */
    int depth();

    /** n_l, the width of x_l: l = 0 for the inputs, 1..L for the hidden layers, L + 1 for the logits. */
    int width(int l);

    /** phi of every hidden layer. */
    Activation activation();

    /** W_l, n_l x n_{l-1}, for l = 1..L+1. */
    FloatMatrix weight(int l);

    /** b_l, n_l values, for l = 1..L+1. */
    float[] bias(int l);

    /**
     * Checks that l names a hidden layer or the inputs (0..L), as a measurement depth.
     *
     * @throws IllegalArgumentException naming the valid range otherwise
     */
    static void checkDepth(Layers net, int l) {
        if (l < 0 || l > net.depth()) {
            throw new IllegalArgumentException("depth " + l + " does not exist; expected 0 (the inputs) to " + net.depth() + " (the last hidden layer)");
        }
    }
}
