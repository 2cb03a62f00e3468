package dev.vnlab.nn;

import dev.vnlab.linalg.FloatMatrix;

/**
 * One batch of one layer as an {@link ObservedPass} reaches it: rows [first, first + rows) of the
 * input set at depth l (numbered as {@link Layers} defines), with the layer's weights as the pass
 * obtained them. One instance per pass, refilled for every batch and layer: its matrices are the
 * pass's buffers, overwritten by the next batch, and must not be modified.
 */
public final class ObservedLayer {
    private int depth, rows;
    private long first;
    private FloatMatrix outputs, slopes, tangents, weight;
    private float[] bias;

    ObservedLayer() {}

    /** Refills this view for one batch of one layer. @return this */
    ObservedLayer with(int depth, long first, FloatMatrix outputs, FloatMatrix slopes, FloatMatrix tangents, FloatMatrix weight, float[] bias) {
        this.depth = depth;
        this.first = first;
        this.rows = outputs.rows();
        this.outputs = outputs;
        this.slopes = slopes;
        this.tangents = tangents;
        this.weight = weight;
        this.bias = bias;
        return this;
    }

    /** l: 0 for the inputs, 1..L for the hidden layers. */
    public int depth() { return depth; }

    /** The input row of this batch's first row. */
    public long first() { return first; }

    /** The rows in this batch (the batch size, or fewer for the last batch). */
    public int rows() { return rows; }

    /** x_l, rows x n_l (the inputs themselves at depth 0). */
    public FloatMatrix outputs() { return outputs; }

    /**
     * phi'(h_l), rows x n_l: the diagonal of D_l for each input row.
     *
     * @throws IllegalStateException at depth 0, or if the pass computes no slopes ({@link ObservedPass#withSlopes})
     */
    public FloatMatrix slopes() {
        if (slopes == null) throw new IllegalStateException(depth == 0 ? "the inputs have no slopes" : "slopes of a pass built without them; call withSlopes()");
        return slopes;
    }

    /**
     * The forward tangents at this depth, (rows P) x n_l: row r is {@code (J_l t_r)^T} for the
     * r-th seed row, {@code J_l = D_l W_l ... D_1 W_1} the Jacobian of x_l at input row
     * {@code first + r / P} (the seeds themselves at depth 0).
     *
     * @throws IllegalStateException if the pass carries no tangents ({@link ObservedPass#withTangents})
     */
    public FloatMatrix tangents() {
        if (tangents == null) throw new IllegalStateException("tangents of a pass built without them; call withTangents(seeds, perInput)");
        return tangents;
    }

    /**
     * W_l, n_l x n_{l-1}, as the pass obtained it for this layer.
     *
     * @throws IllegalStateException at depth 0
     */
    public FloatMatrix weight() {
        if (weight == null) throw new IllegalStateException("the inputs have no weights");
        return weight;
    }

    /**
     * b_l, n_l values.
     *
     * @throws IllegalStateException at depth 0
     */
    public float[] bias() {
        if (bias == null) throw new IllegalStateException("the inputs have no biases");
        return bias;
    }
}
