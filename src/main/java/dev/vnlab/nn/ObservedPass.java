package dev.vnlab.nn;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one forward pass that measurements run: it streams an input set through a network a batch
 * at a time and hands each batch of each observed layer to that layer's {@link LayerObserver}s
 * (covariance accumulators, Jacobian slope recorders, statistics), so no measurement runs the
 * network itself. Depths are numbered as {@link Layers} defines (0 is the inputs). On request
 * the pass also computes each layer's slopes phi'(h_l) ({@link #withSlopes}) and carries the
 * forward tangents {@code J_l t} of given seed vectors ({@link #withTangents}).
 *
 * <p>The pass stops at the deepest observed layer and asks for each layer's weights
 * ({@link Layers#weight}) only when a batch reaches it: a network that draws its layers on
 * demand ({@link DrawnNetwork}) draws each once per batch, n_l n_{l-1} random numbers beside the batch's
 * 2 B n_l n_{l-1} GEMM operations. Memory: the batch of inputs, two batch x widest-layer
 * buffers it alternates between, a slope buffer when slopes are asked for, and the seeds and two
 * (batch P) x widest buffers for tangents, all from the thread's {@link Workspace}: nothing is
 * allocated per batch, and no array per pass once a pass of that size has run on the thread. Each layer is
 * {@code h = x W^T + b} on the facade's GEMM, then phi, by the same steps as {@link Pass}
 * ({@code LayerStep}): the numbers depend neither on the thread count nor on which layers are
 * observed. Not thread-safe; the network must not change during {@link #run}.
 */
public final class ObservedPass {
    private final Layers net;
    private final Blas blas;
    private final List<List<LayerObserver>> observers = new ArrayList<>(); // by depth 0..L
    private boolean slopes;
    private RowSource seeds;
    private int perInput;

    /** A pass over {@code net} with no observer yet. */
    public ObservedPass(Layers net, Blas blas) {
        this.net = Objects.requireNonNull(net, "net");
        this.blas = Objects.requireNonNull(blas, "blas");
        for (int l = 0; l <= net.depth(); l++) observers.add(new ArrayList<>());
    }

    /**
     * Hands every batch of depth l (0..L) to {@code observer}, after the observers added before it.
     *
     * @return this
     * @throws IllegalArgumentException if the depth does not exist
     */
    public ObservedPass observe(int depth, LayerObserver observer) {
        Layers.checkDepth(net, depth);
        observers.get(depth).add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /** Computes phi'(h_l) at every hidden layer it runs, for {@link ObservedLayer#slopes}. @return this */
    public ObservedPass withSlopes() {
        slopes = true;
        return this;
    }

    /**
     * Carries forward tangents: {@code seeds} has P = perInput rows per input row (M P rows of
     * n_0), rows [i P, (i+1) P) the vectors t at input i, and each observer sees
     * {@code (J_l t)^T} ({@link ObservedLayer#tangents}). Costs one GEMM of (batch P) x n_l x
     * n_{l-1} per layer and batch; implies {@link #withSlopes}.
     *
     * @return this
     * @throws IllegalArgumentException if perInput &lt; 1 or the seeds are not n_0 wide
     */
    public ObservedPass withTangents(RowSource seeds, int perInput) {
        if (perInput < 1) throw new IllegalArgumentException(perInput + " tangents per input requested; expected at least 1");
        if (seeds.columns() != net.width(0)) {
            throw new IllegalArgumentException("tangent seeds have " + seeds.columns() + " columns; the network expects " + net.width(0));
        }
        this.seeds = seeds;
        this.perInput = perInput;
        return withSlopes();
    }

    /**
     * Runs every row of {@code inputs} (M x n_0, not modified) through the network, {@code batch}
     * rows at a time (a shorter last batch), and hands each observed layer's batches to its
     * observers, batch by batch in input order. The network is not modified.
     *
     * @throws IllegalArgumentException if batch &lt; 1, the inputs are not n_0 wide or have no
     *         row, or the tangent seeds do not have M P rows
     */
    public void run(RowSource inputs, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        if (inputs.columns() != net.width(0)) {
            throw new IllegalArgumentException("inputs have " + inputs.columns() + " columns; the network expects " + net.width(0));
        }
        long m = inputs.rows();
        if (m < 1) throw new IllegalArgumentException("the input set has no rows; expected at least 1");
        if (seeds != null && seeds.rows() != Math.multiplyExact(m, perInput)) {
            throw new IllegalArgumentException("tangent seeds have " + seeds.rows() + " rows; expected " + m * perInput + ", " + perInput + " per input");
        }
        int top = 0; // the deepest observed layer: nothing beyond it is computed
        for (int l = 0; l <= net.depth(); l++) if (!observers.get(l).isEmpty()) top = l;
        int full = (int) Math.min(batch, m), rest = (int) (m % full);
        Buffers buffers = new Buffers(full, top);
        try {
            Views fullViews = buffers.views(full), restViews = rest == 0 ? null : buffers.views(rest);
            ObservedLayer layer = new ObservedLayer();
            for (long start = 0; start < m; start += full) {
                run(start, start + full <= m ? fullViews : restViews, top, inputs, layer);
            }
        } finally {
            buffers.release();
        }
    }

    /** One batch, rows [start, start + v.rows) of the inputs, through layers 1..top. */
    private void run(long start, Views v, int top, RowSource inputs, ObservedLayer layer) {
        inputs.read(start, v.x[0]);
        if (seeds != null) seeds.read(start * perInput, v.t[0]);
        notify(layer.with(0, start, v.x[0], null, seeds == null ? null : v.t[0], null, null));
        Activation phi = net.activation();
        for (int l = 1; l <= top; l++) {
            FloatMatrix w = net.weight(l), h = v.x[l], d = slopes ? v.slope[l] : null;
            float[] b = net.bias(l);
            LayerStep.affine(blas, v.x[l - 1], w, b, h);
            LayerStep.activate(blas, phi, h, d);
            if (seeds != null) LayerJacobian.forward(blas, v.t[l - 1], w, d, perInput, v.t[l]);
            notify(layer.with(l, start, h, d, seeds == null ? null : v.t[l], w, b));
        }
    }

    private void notify(ObservedLayer layer) {
        List<LayerObserver> these = observers.get(layer.depth());
        for (int i = 0; i < these.size(); i++) these.get(i).observe(layer); // indexed: no iterator per batch
    }

    /**
     * The storage of one batch: inputs, two alternating layer buffers, slopes and tangents, taken
     * from the thread's {@link Workspace} and given back when the pass ends, so passes run one
     * after another on a thread (a sweep lane's cells, a monitor's measurements) reuse them.
     * Every element a batch reads is written first in that batch: stale contents never show.
     */
    private final class Buffers {
        final int top;
        final float[] in, seedRows;
        final float[][] out = new float[2][], tangents = new float[2][];
        final float[] slope;

        Buffers(int rows, int top) {
            this.top = top;
            int widest = 0;
            for (int l = 1; l <= top; l++) widest = Math.max(widest, net.width(l));
            in = take(Math.multiplyExact((long) rows, net.width(0)));
            long cells = Math.multiplyExact((long) rows, widest);
            for (int s = 0; s < 2; s++) out[s] = take(cells);
            slope = slopes ? take(cells) : null;
            seedRows = seeds == null ? null : take(Math.multiplyExact((long) rows * perInput, net.width(0)));
            if (seeds != null) for (int s = 0; s < 2; s++) tangents[s] = take(Math.multiplyExact(cells, perInput));
        }

        private static float[] take(long elements) {
            return Workspace.acquire(Precision.FLOAT, Math.toIntExact(elements));
        }

        /** Gives every array back to the thread's workspace; the buffers must not be used afterwards. */
        void release() {
            give(in);
            give(out[0]);
            give(out[1]);
            give(slope);
            give(seedRows);
            give(tangents[0]);
            give(tangents[1]);
        }

        private static void give(float[] a) {
            if (a != null) Workspace.release(a);
        }

        /** The matrices of a batch of {@code rows} rows (at most the batch size) at every depth. */
        Views views(int rows) {
            Views v = new Views(top);
            for (int l = 0; l <= top; l++) {
                int n = net.width(l);
                v.x[l] = l == 0 ? FloatMatrix.wrap(in, 0, rows, n, n) : FloatMatrix.wrap(out[l & 1], 0, rows, n, n);
                if (slope != null && l > 0) v.slope[l] = FloatMatrix.wrap(slope, 0, rows, n, n);
                if (seeds != null) {
                    int p = rows * perInput;
                    v.t[l] = l == 0 ? FloatMatrix.wrap(seedRows, 0, p, n, n) : FloatMatrix.wrap(tangents[l & 1], 0, p, n, n);
                }
            }
            return v;
        }
    }

    /** Views of {@link Buffers} for one batch size, by depth: made once per pass, not per batch. */
    private static final class Views {
        final FloatMatrix[] x, slope, t;

        Views(int top) {
            x = new FloatMatrix[top + 1];
            slope = new FloatMatrix[top + 1];
            t = new FloatMatrix[top + 1];
        }
    }
}
