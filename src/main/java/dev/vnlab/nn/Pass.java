package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.kernel.BinaryOp;
import java.util.Arrays;

/**
 * Forward and backward passes of an {@link Mlp} for training, on batches of a fixed size, with
 * every buffer allocated here once: a training step allocates nothing. A training pass
 * ({@link #Pass}) keeps each hidden layer's output x_l and derivative phi'(h_l) for the backward
 * pass; a forward-only pass ({@link #forwardOnly}) gives the logits alone (for evaluation) and
 * runs the hidden layers through two shared buffers. Measurements of the hidden layers go through
 * {@link ObservedPass}. Layers are numbered as {@link Layers} defines. Every step is a facade
 * operation, bit-identical for any thread count. Not thread-safe; one per training loop.
 */
public final class Pass {
    private final Mlp net;
    private final Blas blas;
    private final int batch;
    private final FloatMatrix[] x;     // x[l]: output of layer l = 1..L+1, batch x n_l
    private final FloatMatrix[] slope; // phi'(h_l) of the hidden layers l = 1..L
    private final FloatMatrix[] dx;    // gradient with respect to the input of layer l = 2..L+1, batch x n_{l-1}
    private final boolean training;
    private final FloatMatrix logits, dLogits;
    private final float[] ones;
    private FloatMatrix input;

    /**
     * A training pass: keeps every layer for {@link #backward}.
     *
     * @throws IllegalArgumentException if batch is below 1
     */
    public Pass(Mlp net, int batch, Blas blas) {
        this(net, batch, blas, true);
    }

    /**
     * A pass that computes the logits only: the hidden layers share two buffers of the widest
     * layer's size, no derivatives are computed and {@link #backward} is refused.
     *
     * @throws IllegalArgumentException if batch is below 1
     */
    public static Pass forwardOnly(Mlp net, int batch, Blas blas) {
        return new Pass(net, batch, blas, false);
    }

    private Pass(Mlp net, int batch, Blas blas, boolean training) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        this.net = net;
        this.blas = blas;
        this.batch = batch;
        this.training = training;
        int top = net.depth() + 1;
        x = new FloatMatrix[top + 1];
        slope = new FloatMatrix[top];
        dx = new FloatMatrix[top + 1];
        float[][] shared = new float[2][];
        for (int l = 1; l <= top; l++) {
            if (training || l == top) {
                x[l] = new FloatMatrix(batch, net.width(l));
            } else { // alternate between two buffers: layer l reads layer l-1's while writing its own
                int s = l & 1;
                if (shared[s] == null) shared[s] = new float[Math.multiplyExact(batch, widestHidden(net))];
                x[l] = FloatMatrix.wrap(shared[s], 0, batch, net.width(l), net.width(l));
            }
            if (training && l < top) slope[l] = new FloatMatrix(batch, net.width(l));
            if (training && l > 1) dx[l] = new FloatMatrix(batch, net.width(l - 1));
        }
        logits = x[top];
        dLogits = training ? new FloatMatrix(batch, net.width(top)) : null;
        ones = new float[batch];
        Arrays.fill(ones, 1f);
    }

    private static int widestHidden(Mlp net) {
        int w = 0;
        for (int l = 1; l <= net.depth(); l++) w = Math.max(w, net.width(l));
        return w;
    }

    public int batch() { return batch; }

    /**
     * Runs {@code in} (batch x inputs, not modified, kept for {@link #backward}) through the
     * network; returns the logits (batch x outputs), a buffer overwritten by the next call.
     *
     * @throws IllegalArgumentException if in is not batch x inputs
     */
    public FloatMatrix forward(FloatMatrix in) {
        if (in.rows() != batch || in.cols() != net.width(0)) {
            throw new IllegalArgumentException("forward: input is " + in.rows() + "x" + in.cols() + "; expected " + batch + "x" + net.width(0));
        }
        input = in;
        FloatMatrix prev = in;
        Activation phi = net.activation();
        for (int l = 1; l <= net.depth() + 1; l++) {
            FloatMatrix h = x[l];
            LayerStep.affine(blas, prev, net.weight(l), net.bias(l), h);
            if (l <= net.depth()) LayerStep.activate(blas, phi, h, training ? slope[l] : null);
            prev = h;
        }
        return logits;
    }

    /** The logits (batch x outputs) of the last {@link #forward}, overwritten by the next. */
    public FloatMatrix logits() { return logits; }

    /**
     * The output x_l of hidden layer l (1..L, numbered as {@link Layers} defines) after
     * {@link #forward}: batch x n_l, overwritten by the next pass.
     *
     * @throws IllegalArgumentException if the layer does not exist
     * @throws IllegalStateException on a forward-only pass, which keeps no hidden layer
     */
    public FloatMatrix output(int l) {
        return hidden(x, l);
    }

    /**
     * The slope phi'(h_l) of hidden layer l (1..L) after {@link #forward}: batch x n_l, the
     * diagonal of D_l for each input row (docs/theory.md section 3); overwritten by the next pass.
     *
     * @throws IllegalArgumentException if the layer does not exist
     * @throws IllegalStateException on a forward-only pass, which computes no slopes
     */
    public FloatMatrix slope(int l) {
        return hidden(slope, l);
    }

    private FloatMatrix hidden(FloatMatrix[] byLayer, int l) {
        if (l < 1 || l > net.depth()) throw new IllegalArgumentException("hidden layer " + l + " does not exist; expected 1 to " + net.depth());
        if (!training) throw new IllegalStateException("hidden layers of a forward-only pass; build a training pass with new Pass(net, batch, blas), or measure with an ObservedPass");
        return byLayer[l];
    }

    /**
     * Back-propagates the gradient of the loss with respect to the logits of the last
     * {@link #forward}; writes every weight and bias gradient of the network (overwriting them).
     * {@code dz} (batch x outputs) is not modified.
     */
    public void backward(FloatMatrix dz) {
        if (!training) throw new IllegalStateException("backward on a forward-only pass; build a training pass with new Pass(net, batch, blas)");
        if (input == null) throw new IllegalStateException("backward before forward");
        if (dz.rows() != batch || dz.cols() != logits.cols()) {
            throw new IllegalArgumentException("backward: gradient is " + dz.rows() + "x" + dz.cols() + "; expected " + batch + "x" + logits.cols());
        }
        FloatMatrix dh = dz;
        for (int l = net.depth() + 1; l >= 1; l--) {
            FloatMatrix in = l == 1 ? input : x[l - 1];
            blas.gemm(Transpose.T, Transpose.N, 1f, dh, in, 0f, net.weightGradient(l)); // dW = dh^T x
            blas.gemv(Transpose.T, 1f, dh, ones, 0f, net.biasGradient(l));              // db = dh^T 1
            if (l > 1) {
                blas.gemm(Transpose.N, Transpose.N, 1f, dh, net.weight(l), 0f, dx[l]);  // dx = dh W
                blas.zip(BinaryOp.MUL, dx[l], slope[l - 1], dx[l]);                      // dh_{l-1} = dx * phi'(h_{l-1})
                dh = dx[l];
            }
        }
    }

    /** The loss of the last forward pass for {@code labels}; its gradient is back-propagated. Returns the loss. */
    public double backward(Loss loss, int[] labels) {
        double value = loss.evaluate(logits, labels, dLogits);
        backward(dLogits);
        return value;
    }
}
