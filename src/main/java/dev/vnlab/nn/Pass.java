package dev.vnlab.nn;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import java.util.Arrays;

/**
 * Forward and backward passes of an {@link Mlp} on batches of a fixed size, with every buffer
 * allocated here once: a training step allocates nothing. A training pass ({@link #Pass}) keeps
 * each hidden layer's output x_l and derivative phi'(h_l) for the backward pass. A forward-only
 * pass ({@link #forwardOnly}) keeps the outputs of the layers the caller names and runs the
 * others through two shared buffers, so measuring a deep network holds only what is asked for.
 * Every step is a facade operation, bit-identical for any thread count. Not thread-safe; one per
 * training loop.
 */
public final class Pass {
    private final Mlp net;
    private final Blas blas;
    private final int batch;
    private final FloatMatrix[] x;     // x[l]: output of layer l (l < layers - 1: hidden), batch x fanOut(l)
    private final FloatMatrix[] slope; // phi'(h_l) of the hidden layers
    private final FloatMatrix[] dx;    // gradient with respect to the input of layer l, batch x fanIn(l)
    private final boolean[] kept;      // hidden layers whose x[l] is the layer's own buffer
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
        this(net, batch, blas, null);
    }

    /**
     * A pass for measurement only: {@link #forward} keeps the outputs of the hidden layers
     * listed in {@code keep} (0-based, any order, repeats ignored) until the next call; other
     * hidden layers share two buffers of the widest layer's size. No derivatives are computed
     * and {@link #backward} is refused. Memory: one batch x width matrix per kept layer, two
     * more, and the logits.
     *
     * @throws IllegalArgumentException if batch is below 1 or a layer in keep does not exist
     */
    public static Pass forwardOnly(Mlp net, int batch, Blas blas, int... keep) {
        boolean[] kept = new boolean[net.layers() - 1];
        for (int l : keep) {
            if (l < 0 || l >= kept.length) throw new IllegalArgumentException("hidden layer " + l + " does not exist; expected 0 to " + (kept.length - 1));
            kept[l] = true;
        }
        return new Pass(net, batch, blas, kept);
    }

    /** Hidden layers 0 .. L-1, for {@link #forwardOnly} when every layer is wanted. */
    public static int[] allHidden(Mlp net) {
        int[] all = new int[net.layers() - 1];
        for (int l = 0; l < all.length; l++) all[l] = l;
        return all;
    }

    private Pass(Mlp net, int batch, Blas blas, boolean[] keep) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        this.net = net;
        this.blas = blas;
        this.batch = batch;
        this.training = keep == null;
        int layers = net.layers();
        x = new FloatMatrix[layers];
        slope = new FloatMatrix[layers];
        dx = new FloatMatrix[layers];
        kept = new boolean[layers - 1];
        float[][] shared = new float[2][];
        for (int l = 0; l < layers; l++) {
            boolean own = training || l == layers - 1 || keep[l];
            if (l < layers - 1) kept[l] = own;
            if (own) {
                x[l] = new FloatMatrix(batch, net.fanOut(l));
            } else { // alternate between two buffers: layer l reads layer l-1's while writing its own
                int s = l & 1;
                if (shared[s] == null) shared[s] = new float[Math.multiplyExact(batch, widestHidden(net))];
                x[l] = FloatMatrix.wrap(shared[s], 0, batch, net.fanOut(l), net.fanOut(l));
            }
            if (training && l < layers - 1) slope[l] = new FloatMatrix(batch, net.fanOut(l));
            if (training && l > 0) dx[l] = new FloatMatrix(batch, net.fanIn(l));
        }
        logits = x[layers - 1];
        dLogits = training ? new FloatMatrix(batch, net.fanOut(layers - 1)) : null;
        ones = new float[batch];
        Arrays.fill(ones, 1f);
    }

    private static int widestHidden(Mlp net) {
        int w = 0;
        for (int l = 0; l < net.layers() - 1; l++) w = Math.max(w, net.fanOut(l));
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
        if (in.rows() != batch || in.cols() != net.fanIn(0)) {
            throw new IllegalArgumentException("forward: input is " + in.rows() + "x" + in.cols() + "; expected " + batch + "x" + net.fanIn(0));
        }
        input = in;
        FloatMatrix prev = in;
        Activation phi = net.activation();
        for (int l = 0; l < net.layers(); l++) {
            FloatMatrix h = x[l];
            float[] b = net.bias(l);
            for (int r = 0; r < batch; r++) System.arraycopy(b, 0, h.data(), h.index(r, 0), b.length);
            blas.gemm(Transpose.N, Transpose.T, 1f, prev, net.weight(l), 1f, h); // h = x W^T + b
            if (l < net.layers() - 1) {
                if (training && !phi.slopeFromOutput()) phi.derivative(blas, h, null, slope[l]);
                phi.forward(blas, h, h);
                if (training && phi.slopeFromOutput()) phi.derivative(blas, null, h, slope[l]);
            }
            prev = h;
        }
        return logits;
    }

    /** The logits (batch x outputs) of the last {@link #forward}, overwritten by the next. */
    public FloatMatrix logits() { return logits; }

    /**
     * The output x_l of hidden layer l (0-based) after {@link #forward}: batch x width, overwritten
     * by the next pass.
     *
     * @throws IllegalArgumentException if the layer does not exist or this forward-only pass does not keep it
     */
    public FloatMatrix hidden(int l) {
        if (l < 0 || l >= net.layers() - 1) throw new IllegalArgumentException("hidden layer " + l + " does not exist; expected 0 to " + (net.layers() - 2));
        if (!kept[l]) throw new IllegalArgumentException("hidden layer " + l + " is not kept by this forward-only pass; name it when building the pass");
        return x[l];
    }

    /**
     * The slope phi'(h_l) of hidden layer l (0-based) after {@link #forward}: batch x width, the
     * diagonal of D_l for each input row (docs/theory.md section 3); overwritten by the next pass.
     *
     * @throws IllegalArgumentException if the layer does not exist
     * @throws IllegalStateException on a forward-only pass, which computes no slopes
     */
    public FloatMatrix slope(int l) {
        if (l < 0 || l >= net.layers() - 1) throw new IllegalArgumentException("hidden layer " + l + " does not exist; expected 0 to " + (net.layers() - 2));
        if (!training) throw new IllegalStateException("slopes of a forward-only pass; build a training pass with new Pass(net, batch, blas)");
        return slope[l];
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
        for (int l = net.layers() - 1; l >= 0; l--) {
            FloatMatrix in = l == 0 ? input : x[l - 1];
            blas.gemm(Transpose.T, Transpose.N, 1f, dh, in, 0f, net.weightGradient(l)); // dW = dh^T x
            blas.gemv(Transpose.T, 1f, dh, ones, 0f, net.biasGradient(l));              // db = dh^T 1
            if (l > 0) {
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
