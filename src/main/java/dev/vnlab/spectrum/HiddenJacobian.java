package dev.vnlab.spectrum;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.nn.LayerJacobian;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedPass;
import java.util.ArrayList;
import java.util.List;

/**
 * The input-output Jacobian of the first d hidden layers of a network at each of a batch of
 * inputs (docs/theory.md section 3): {@code J = dx_d / dx_0 = D_d W_d ... D_1 W_1}, with
 * {@code D_l = diag(phi'(h_l))}, layers and depths numbered as {@link Layers} defines; at d = L,
 * the last hidden layer, the paper's "output layer". The network's linear output layer is not
 * part of it. J is n_d x n_0 and depends on the input only through the slopes phi'(h_l).
 *
 * <p>An {@link ObservedPass} records the slopes of layers 1..d at construction; every product
 * afterwards asks the network for each layer's weights as it walks through it, so the network
 * must not change in between. Products run on the facade's float32 GEMMs, like the network
 * itself, with the slopes applied element-wise ({@link LayerJacobian}): bit-identical for any
 * thread count. Tangents and cotangents are matrices with one row per vector, {@code r}
 * consecutive rows per input, so many inputs and many vectors share each GEMM. Not
 * thread-safe: the products share two scratch buffers.
 */
public final class HiddenJacobian {
    private final Layers net;
    private final Blas blas;
    private final FloatMatrix[] slopes; // slopes[l], l = 1..depth: K x n_l; index 0 unused
    private final int points, depth, maxWidth;
    private float[] scratchA = new float[0], scratchB = new float[0];

    private HiddenJacobian(Layers net, FloatMatrix[] slopes, int points, int depth, Blas blas) {
        this.net = net;
        this.blas = blas;
        this.slopes = slopes;
        this.points = points;
        this.depth = depth;
        int w = net.width(0);
        for (int l = 1; l <= depth; l++) w = Math.max(w, net.width(l));
        this.maxWidth = w;
    }

    /**
     * The Jacobian of all L hidden layers of {@code net} at each row of {@code inputs} (K x n_0,
     * K >= 1; not modified). Runs one forward pass of K rows; the network is not modified.
     *
     * @throws IllegalArgumentException if the network has no hidden layer, or inputs is not
     *         K x n_0 with K >= 1
     */
    public static HiddenJacobian at(Layers net, FloatMatrix inputs, Blas blas) {
        if (net.depth() < 1) {
            throw new IllegalArgumentException("the network has " + net.depth() + " hidden layers; expected at least 1 for a hidden-stack Jacobian");
        }
        if (inputs.rows() < 1 || inputs.cols() != net.width(0)) {
            throw new IllegalArgumentException("inputs are " + inputs.rows() + "x" + inputs.cols() + "; expected at least one row of "
                    + net.width(0) + " columns, the network's input width");
        }
        return atBatches(net, RowSource.of(inputs), inputs.rows(), net.depth(), blas).get(0);
    }

    /**
     * The Jacobians of the first {@code depth} hidden layers at every row of {@code inputs}, one
     * per batch of {@code batch} rows (a shorter last one), from one observed pass that records
     * the slopes of layers 1..depth: each batch's Jacobian is the one {@link #at} gives for its
     * rows, bit for bit.
     */
    static List<HiddenJacobian> atBatches(Layers net, RowSource inputs, int batch, int depth, Blas blas) {
        int k = Math.toIntExact(inputs.rows());
        FloatMatrix[] recorded = new FloatMatrix[depth + 1];
        ObservedPass pass = new ObservedPass(net, blas).withSlopes();
        for (int l = 1; l <= depth; l++) {
            FloatMatrix d = recorded[l] = new FloatMatrix(k, net.width(l));
            pass.observe(l, layer -> {
                FloatMatrix src = layer.slopes();
                for (int r = 0; r < layer.rows(); r++) {
                    System.arraycopy(src.data(), src.index(r, 0), d.data(), d.index((int) layer.first() + r, 0), src.cols());
                }
            });
        }
        pass.run(inputs, batch);
        List<HiddenJacobian> out = new ArrayList<>();
        for (int start = 0; start < k; start += batch) {
            int rows = Math.min(batch, k - start);
            FloatMatrix[] own = new FloatMatrix[depth + 1];
            for (int l = 1; l <= depth; l++) own[l] = recorded[l].rowsView(start, rows);
            out.add(new HiddenJacobian(net, own, rows, depth, blas));
        }
        return out;
    }

    /**
     * The Jacobian {@code D_d W_d ... D_1 W_1} of the first {@code depth} hidden layers at the
     * same inputs: the hidden-stack Jacobian of the depth-d network made of the network's first
     * d layers, whose slopes are those of the same forward pass (layer l's slopes depend only on
     * the layers below it). Shares the slopes and the weights, so one forward pass serves every
     * depth of a sweep; has scratch buffers of its own.
     *
     * @throws IllegalArgumentException unless 1 &lt;= depth &lt;= {@link #depth()}
     */
    public HiddenJacobian prefix(int depth) {
        if (depth < 1 || depth > this.depth) {
            throw new IllegalArgumentException("prefix depth " + depth + " is invalid; expected 1 to " + this.depth + ", the hidden layers of this Jacobian");
        }
        return new HiddenJacobian(net, slopes, points, depth, blas);
    }

    /** The number of inputs K the Jacobian was taken at. */
    public int points() { return points; }

    /** The network's input width n0: the columns of J. */
    public int inputWidth() { return net.width(0); }

    /** The width n_d of the last layer of the stack: the rows of J. */
    public int width() { return net.width(depth); }

    /** The number d of hidden layers in the stack (L for the whole network), the depth of the theory. */
    public int depth() { return depth; }

    Blas blas() { return blas; }

    /**
     * J at input {@code point} as a new n_d x n_0 matrix, by forward accumulation:
     * {@code J_1 = D_1 W_1}, {@code J_l = D_l (W_l J_{l-1})}, one GEMM per layer after the first.
     *
     * @throws IllegalArgumentException if point is not in [0, K)
     */
    public FloatMatrix matrix(int point) {
        checkPoint(point);
        int n0 = inputWidth();
        FloatMatrix j = depth == 1 ? new FloatMatrix(width(), n0) : scratch(0, net.width(1), n0);
        scaleRows(net.weight(1), point, 1, j);
        for (int l = 2; l <= depth; l++) {
            FloatMatrix next = l == depth ? new FloatMatrix(width(), n0) : scratch((l - 1) % 2, net.width(l), n0);
            blas.gemm(Transpose.N, Transpose.N, 1f, net.weight(l), j, 0f, next);
            scaleRows(next, point, l, next);
            j = next;
        }
        return j;
    }

    /**
     * Jacobian-vector products: row r of {@code out} becomes {@code (J t_r)^T} for row t_r of
     * {@code tangents}, J taken at input {@code r / (rows / K)}. tangents is (K r) x n_0 and is not
     * modified; out is (K r) x n_d and is overwritten.
     *
     * @throws IllegalArgumentException if the shapes are not as stated
     */
    public void apply(FloatMatrix tangents, FloatMatrix out) {
        int per = rowsPerPoint("tangents", tangents, inputWidth());
        checkOut(out, tangents.rows(), width());
        FloatMatrix in = tangents;
        for (int l = 1; l <= depth; l++) {
            FloatMatrix next = l == depth ? out : scratch((l - 1) % 2, tangents.rows(), net.width(l));
            LayerJacobian.forward(blas, in, net.weight(l), slopes[l], per, next);
            in = next;
        }
    }

    /**
     * Vector-Jacobian products: row r of {@code out} becomes {@code (J^T u_r)^T} for row u_r of
     * {@code cotangents}, J taken at input {@code r / (rows / K)}. cotangents is (K r) x n_d and is
     * not modified; out is (K r) x n_0 and is overwritten. Walks the layers from d down to 1.
     *
     * @throws IllegalArgumentException if the shapes are not as stated
     */
    public void applyTranspose(FloatMatrix cotangents, FloatMatrix out) {
        int rows = cotangents.rows();
        int per = rowsPerPoint("cotangents", cotangents, width());
        checkOut(out, rows, inputWidth());
        FloatMatrix g = scratch(0, rows, width());
        g.copyFrom(cotangents);
        LayerJacobian.scaleBySlopes(blas, g, slopes[depth], per);                    // D_d u
        for (int l = depth; l >= 1; l--) {
            FloatMatrix next = l == 1 ? out : scratch((depth - l + 1) % 2, rows, net.width(l - 1));
            blas.gemm(Transpose.N, Transpose.N, 1f, g, net.weight(l), 0f, next);  // rows of (W_l^T g)^T
            if (l > 1) LayerJacobian.scaleBySlopes(blas, next, slopes[l - 1], per);
            g = next;
        }
    }

    /** dst row i = D_l[point, i] times src row i (src and dst may be the same). */
    private void scaleRows(FloatMatrix src, int point, int l, FloatMatrix dst) {
        FloatMatrix d = slopes[l];
        Kernels k = blas.kernels();
        for (int i = 0; i < src.rows(); i++) {
            k.map(UnaryOp.SCALE, d.get(point, i), src.cols(), src.data(), src.index(i, 0), dst.data(), dst.index(i, 0));
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
