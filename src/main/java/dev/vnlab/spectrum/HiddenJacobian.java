package dev.vnlab.spectrum;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;

/**
 * The input-output Jacobian of the hidden stack of an {@link Mlp} at each of a batch of inputs
 * (docs/theory.md section 3): {@code J = dx_H / dx_0 = D_H W_H ... D_1 W_1}, with
 * {@code D_l = diag(phi'(h_l))} and x_H the last hidden layer, the paper's "output layer" (as in
 * {@link dev.vnlab.metrics.LayerMetrics}); the network's linear output layer is not part of it.
 * J is N x n0, N the width of the last hidden layer and n0 the network's input width; it
 * depends on the input only through the slopes phi'(h_l).
 *
 * <p>One forward pass at construction records the slopes; every product afterwards reads the
 * network's weights as they are then, so the network must not change in between. Products run
 * on the facade's float32 GEMMs, like the network itself, with the slopes applied element-wise:
 * bit-identical for any thread count. Tangents and cotangents are matrices with one row per
 * vector, {@code r} consecutive rows per input, so many inputs and many vectors share each GEMM.
 * Not thread-safe: the products share two scratch buffers.
 */
public final class HiddenJacobian {
    private final Mlp net;
    private final Blas blas;
    private final Pass pass;
    private final int points, hidden, maxWidth;
    private float[] scratchA = new float[0], scratchB = new float[0];

    private HiddenJacobian(Mlp net, Pass pass, int points, int hidden, Blas blas) {
        this.net = net;
        this.blas = blas;
        this.pass = pass;
        this.points = points;
        this.hidden = hidden;
        int w = net.fanIn(0);
        for (int l = 0; l < hidden; l++) w = Math.max(w, net.fanOut(l));
        this.maxWidth = w;
    }

    /**
     * The Jacobian of {@code net}'s hidden stack at each row of {@code inputs} (K x n0, K >= 1;
     * not modified). Runs one forward pass of K rows; the network is not modified.
     *
     * @throws IllegalArgumentException if the network has no hidden layer, or inputs is not
     *         K x n0 with K >= 1
     */
    public static HiddenJacobian at(Mlp net, FloatMatrix inputs, Blas blas) {
        if (net.layers() < 2) {
            throw new IllegalArgumentException("the network has " + (net.layers() - 1) + " hidden layers; expected at least 1 for a hidden-stack Jacobian");
        }
        if (inputs.rows() < 1 || inputs.cols() != net.fanIn(0)) {
            throw new IllegalArgumentException("inputs are " + inputs.rows() + "x" + inputs.cols() + "; expected at least one row of "
                    + net.fanIn(0) + " columns, the network's input width");
        }
        Pass pass = new Pass(net, inputs.rows(), blas);
        pass.forward(inputs);
        return new HiddenJacobian(net, pass, inputs.rows(), net.layers() - 1, blas);
    }

    /**
     * The Jacobian {@code D_d W_d ... D_1 W_1} of the first {@code depth} hidden layers at the
     * same inputs: the hidden-stack Jacobian of the depth-d network made of the network's first
     * d layers, whose slopes are those of the same forward pass (layer l's slopes depend only on
     * the layers below it). Shares the pass and the weights, so one forward pass serves every
     * depth of a sweep; has scratch buffers of its own.
     *
     * @throws IllegalArgumentException unless 1 &lt;= depth &lt;= {@link #depth()}
     */
    public HiddenJacobian prefix(int depth) {
        if (depth < 1 || depth > hidden) {
            throw new IllegalArgumentException("prefix depth " + depth + " is invalid; expected 1 to " + hidden + ", the hidden layers of this Jacobian");
        }
        return new HiddenJacobian(net, pass, points, depth, blas);
    }

    /** The number of inputs K the Jacobian was taken at. */
    public int points() { return points; }

    /** The network's input width n0: the columns of J. */
    public int inputWidth() { return net.fanIn(0); }

    /** The width N of the last hidden layer: the rows of J. */
    public int width() { return net.fanOut(hidden - 1); }

    /** The number of hidden layers H, the depth L of the theory. */
    public int depth() { return hidden; }

    Blas blas() { return blas; }

    /**
     * J at input {@code point} as a new N x n0 matrix, by forward accumulation:
     * {@code J_1 = D_1 W_1}, {@code J_l = D_l (W_l J_{l-1})}, one GEMM per layer after the first.
     *
     * @throws IllegalArgumentException if point is not in [0, K)
     */
    public FloatMatrix matrix(int point) {
        checkPoint(point);
        int n0 = inputWidth();
        FloatMatrix j = hidden == 1 ? new FloatMatrix(width(), n0) : scratch(0, net.fanOut(0), n0);
        scaleRows(net.weight(0), point, 0, j);
        for (int l = 1; l < hidden; l++) {
            FloatMatrix next = l == hidden - 1 ? new FloatMatrix(width(), n0) : scratch(l % 2, net.fanOut(l), n0);
            blas.gemm(Transpose.N, Transpose.N, 1f, net.weight(l), j, 0f, next);
            scaleRows(next, point, l, next);
            j = next;
        }
        return j;
    }

    /**
     * Jacobian-vector products: row r of {@code out} becomes {@code (J t_r)^T} for row t_r of
     * {@code tangents}, J taken at input {@code r / (rows / K)}. tangents is (K r) x n0 and is not
     * modified; out is (K r) x N and is overwritten.
     *
     * @throws IllegalArgumentException if the shapes are not as stated
     */
    public void apply(FloatMatrix tangents, FloatMatrix out) {
        int per = rowsPerPoint("tangents", tangents, inputWidth());
        checkOut(out, tangents.rows(), width());
        FloatMatrix in = tangents;
        for (int l = 0; l < hidden; l++) {
            FloatMatrix next = l == hidden - 1 ? out : scratch(l % 2, tangents.rows(), net.fanOut(l));
            blas.gemm(Transpose.N, Transpose.T, 1f, in, net.weight(l), 0f, next); // rows of (W_l t)^T
            scaleColumns(next, per, l);
            in = next;
        }
    }

    /**
     * Vector-Jacobian products: row r of {@code out} becomes {@code (J^T u_r)^T} for row u_r of
     * {@code cotangents}, J taken at input {@code r / (rows / K)}. cotangents is (K r) x N and is
     * not modified; out is (K r) x n0 and is overwritten.
     *
     * @throws IllegalArgumentException if the shapes are not as stated
     */
    public void applyTranspose(FloatMatrix cotangents, FloatMatrix out) {
        int rows = cotangents.rows();
        int per = rowsPerPoint("cotangents", cotangents, width());
        checkOut(out, rows, inputWidth());
        FloatMatrix g = scratch(0, rows, width());
        g.copyFrom(cotangents);
        scaleColumns(g, per, hidden - 1);                                          // D_H u
        for (int l = hidden - 1; l >= 0; l--) {
            FloatMatrix next = l == 0 ? out : scratch((hidden - l) % 2, rows, net.fanIn(l));
            blas.gemm(Transpose.N, Transpose.N, 1f, g, net.weight(l), 0f, next);  // rows of (W_l^T g)^T
            if (l > 0) scaleColumns(next, per, l - 1);
            g = next;
        }
    }

    /** dst row i = D_l[point, i] times src row i (src and dst may be the same). */
    private void scaleRows(FloatMatrix src, int point, int l, FloatMatrix dst) {
        FloatMatrix d = pass.slope(l);
        Kernels k = blas.kernels();
        for (int i = 0; i < src.rows(); i++) {
            k.map(UnaryOp.SCALE, d.get(point, i), src.cols(), src.data(), src.index(i, 0), dst.data(), dst.index(i, 0));
        }
    }

    /** Row r of m times the slopes of layer l at input r / per, element-wise, in place. */
    private void scaleColumns(FloatMatrix m, int per, int l) {
        FloatMatrix d = pass.slope(l);
        Kernels k = blas.kernels();
        for (int r = 0; r < m.rows(); r++) {
            k.zip(BinaryOp.MUL, m.cols(), m.data(), m.index(r, 0), d.data(), d.index(r / per, 0), m.data(), m.index(r, 0));
        }
    }

    /** A rows x cols matrix on scratch buffer a or b, grown to the widest layer on demand. */
    private FloatMatrix scratch(int which, int rows, int cols) {
        int need = Math.multiplyExact(rows, maxWidth);
        if (which == 0) {
            if (scratchA.length < need) scratchA = new float[need];
            return FloatMatrix.wrap(scratchA, 0, rows, cols, cols);
        }
        if (scratchB.length < need) scratchB = new float[need];
        return FloatMatrix.wrap(scratchB, 0, rows, cols, cols);
    }

    private int rowsPerPoint(String what, FloatMatrix m, int cols) {
        if (m.cols() != cols || m.rows() < points || m.rows() % points != 0) {
            throw new IllegalArgumentException(what + " are " + m.rows() + "x" + m.cols() + "; expected a positive multiple of "
                    + points + " rows (the inputs) by " + cols + " columns");
        }
        return m.rows() / points;
    }

    private static void checkOut(FloatMatrix out, int rows, int cols) {
        if (out.rows() != rows || out.cols() != cols) {
            throw new IllegalArgumentException("output is " + out.rows() + "x" + out.cols() + "; expected " + rows + "x" + cols);
        }
    }

    private void checkPoint(int point) {
        if (point < 0 || point >= points) {
            throw new IllegalArgumentException("input " + point + " does not exist; expected 0 to " + (points - 1));
        }
    }
}
