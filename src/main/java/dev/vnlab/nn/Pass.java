package dev.vnlab.nn;

import dev.vnlab.linalg.BinaryOp;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import java.util.Arrays;

/**
 * Forward and backward passes of an {@link Mlp} on batches of a fixed size, with every buffer
 * allocated here once: a training step allocates nothing. The forward pass keeps each hidden
 * layer's output x_l and derivative phi'(h_l) for the backward pass. Every step is a facade
 * operation, bit-identical for any thread count. Not thread-safe; one per training loop.
 */
public final class Pass {
    private final Mlp net;
    private final Blas blas;
    private final int batch;
    private final FloatMatrix[] x;     // x[l]: output of layer l (l < layers - 1: hidden), batch x fanOut(l)
    private final FloatMatrix[] slope; // phi'(h_l) of the hidden layers
    private final FloatMatrix[] dx;    // gradient with respect to the input of layer l, batch x fanIn(l)
    private final FloatMatrix logits, dLogits;
    private final float[] ones;
    private FloatMatrix input;

    /**
     * @throws IllegalArgumentException if batch is below 1
     */
    public Pass(Mlp net, int batch, Blas blas) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        this.net = net;
        this.blas = blas;
        this.batch = batch;
        int layers = net.layers();
        x = new FloatMatrix[layers];
        slope = new FloatMatrix[layers];
        dx = new FloatMatrix[layers];
        for (int l = 0; l < layers; l++) {
            x[l] = new FloatMatrix(batch, net.fanOut(l));
            if (l < layers - 1) slope[l] = new FloatMatrix(batch, net.fanOut(l));
            if (l > 0) dx[l] = new FloatMatrix(batch, net.fanIn(l));
        }
        logits = x[layers - 1];
        dLogits = new FloatMatrix(batch, net.fanOut(layers - 1));
        ones = new float[batch];
        Arrays.fill(ones, 1f);
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
                if (!phi.slopeFromOutput()) phi.derivative(blas, h, null, slope[l]);
                phi.forward(blas, h, h);
                if (phi.slopeFromOutput()) phi.derivative(blas, null, h, slope[l]);
            }
            prev = h;
        }
        return logits;
    }

    /** The logits (batch x outputs) of the last {@link #forward}, overwritten by the next. */
    public FloatMatrix logits() { return logits; }

    /** The output x_l of hidden layer l (0-based) after {@link #forward}: batch x width, overwritten by the next pass. */
    public FloatMatrix hidden(int l) {
        if (l < 0 || l >= net.layers() - 1) throw new IllegalArgumentException("hidden layer " + l + " does not exist; expected 0 to " + (net.layers() - 2));
        return x[l];
    }

    /**
     * The slope phi'(h_l) of hidden layer l (0-based) after {@link #forward}: batch x width, the
     * diagonal of D_l for each input row (THEORY.md section 3); overwritten by the next pass.
     */
    public FloatMatrix slope(int l) {
        if (l < 0 || l >= net.layers() - 1) throw new IllegalArgumentException("hidden layer " + l + " does not exist; expected 0 to " + (net.layers() - 2));
        return slope[l];
    }

    /**
     * Back-propagates the gradient of the loss with respect to the logits of the last
     * {@link #forward}; writes every weight and bias gradient of the network (overwriting them).
     * {@code dz} (batch x outputs) is not modified.
     */
    public void backward(FloatMatrix dz) {
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
