package dev.vnlab.data;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.Rng;
import dev.vnlab.random.Xoshiro256;

/**
 * Shuffled mini-batches of a dataset. Epoch e visits the examples in the order of a
 * Fisher-Yates permutation drawn from {@code rng.child(e)}: the same seed and epoch give the same
 * batches, whatever ran before (a resumed run sees the batches an uninterrupted one would).
 * Batches are copied into caller-owned buffers, so a training loop allocates nothing per step.
 * Not thread-safe.
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final Rng rng;
    private final int[] order;
    private int epoch = -1;

    /**
     * @throws IllegalArgumentException if batchSize is not in [1, data.size()]
     */
    public Batches(Dataset data, int batchSize, Rng rng) {
        if (batchSize < 1 || batchSize > Math.max(1, data.size())) {
            throw new IllegalArgumentException("batch size " + batchSize + " is invalid; expected 1 to the dataset's " + data.size() + " examples");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.rng = rng;
        this.order = new int[data.size()];
    }

    public int batchSize() { return batchSize; }

    /** Batches per epoch: the last one holds the remainder when batchSize does not divide n. */
    public int count() { return (data.size() + batchSize - 1) / batchSize; }

    /** Draws epoch {@code e}'s order (e >= 0); later {@link #fill} calls use it. */
    public void startEpoch(int e) {
        if (e < 0) throw new IllegalArgumentException("epoch " + e + " is invalid; expected at least 0");
        for (int i = 0; i < order.length; i++) order[i] = i;
        Xoshiro256 g = rng.child(e).generator();
        for (int i = order.length - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        epoch = e;
    }

    /**
     * Copies batch {@code b} of the current epoch into the first rows of {@code x} (batchSize x d)
     * and {@code y}; returns how many rows it filled (batchSize, or less for the last batch).
     *
     * @throws IllegalStateException before the first {@link #startEpoch}
     * @throws IllegalArgumentException if b is out of range or the buffers have the wrong shape
     */
    public int fill(int b, FloatMatrix x, int[] y) {
        if (epoch < 0) throw new IllegalStateException("no epoch started; call startEpoch first");
        if (b < 0 || b >= count()) throw new IllegalArgumentException("batch " + b + " is invalid; expected 0 to " + (count() - 1));
        if (x.rows() != batchSize || x.cols() != data.features() || y.length < batchSize) {
            throw new IllegalArgumentException("batch buffers are " + x.rows() + "x" + x.cols() + " and " + y.length
                    + " labels; expected " + batchSize + "x" + data.features() + " and at least " + batchSize);
        }
        FloatMatrix in = data.inputs();
        int from = b * batchSize, rows = Math.min(batchSize, data.size() - from), d = data.features();
        for (int r = 0; r < rows; r++) {
            int src = order[from + r];
            System.arraycopy(in.data(), in.index(src, 0), x.data(), x.index(r, 0), d);
            y[r] = data.labels()[src];
        }
        return rows;
    }
}
