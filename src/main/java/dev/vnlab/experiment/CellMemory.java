package dev.vnlab.experiment;

import dev.vnlab.metrics.CovarianceAccumulator;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.sweep.Experiment;

/**
 * Estimates of the heap a cell's work takes at its peak, in bytes, from the shapes of what it
 * allocates: the building blocks of the experiments' {@link Experiment#memory} (the dominant
 * arrays only; small objects are covered by the heap's baseline). In double arithmetic, so no
 * setting can overflow them; results saturate at {@link Long#MAX_VALUE}.
 */
final class CellMemory {
    private static final double FLOAT = 4, DOUBLE = 8;
    /** Bytes per matrix element of a record while it is written as a JSON line (text, its UTF-8 bytes, the builder's slack). */
    private static final double JSON_PER_NUMBER = 64;

    private CellMemory() {}

    /** Weights and biases of an MLP: n0 inputs, {@code depth} hidden layers of {@code width}, {@code out} outputs. */
    static double network(double n0, double width, double depth, double out) {
        return FLOAT * (n0 * width + (depth - 1) * width * width + width * out + depth * width + out);
    }

    /**
     * A network drawn as the passes reach it ({@link DrawnNetwork}), n0 inputs and hidden layers
     * of {@code width}, whatever its depth: the layers it holds at once, each in a buffer of the
     * largest layer (the first layer's n0 x width or a hidden one's).
     */
    static double drawnNetwork(double n0, double width) {
        return DrawnNetwork.HELD * FLOAT * (Math.max(n0, width) * width + width);
    }

    /** A network with what training adds: its gradients and an optimizer's {@code states} arrays per parameter (SGD 0, momentum 1, Adam 2). */
    static double trainedNetwork(double n0, double width, double depth, double out, int states) {
        return (2 + states) * network(n0, width, depth, out);
    }

    /**
     * An observed forward pass ({@link dev.vnlab.nn.ObservedPass}) of {@code batch} rows: the input
     * block and the two buffers the layers take turns in; observers see each layer as it passes
     * and keep what they need themselves.
     */
    static double forwardPass(double batch, double n0, double width) {
        return FLOAT * batch * (n0 + 2 * width);
    }

    /** A training pass of {@code batch} rows: per layer the activations, slopes and input gradients. */
    static double trainingPass(double batch, double n0, double width, double depth, double out) {
        return FLOAT * batch * (2 * n0 + 3 * depth * width + 3 * out);
    }

    /**
     * One hidden layer's covariance over {@code inputs} rows in batches of {@code batch}, with its
     * packed result. While the rows are no more than the nodes they are kept as they are (in an
     * array that grows to at most {@code width} rows); a batch that would take them past
     * {@code width} switches to a packed double Gram matrix, fed through a float Gram block
     * ({@link #covarianceScratch}, shared by the layers of one pass), and the rows are dropped.
     */
    static double covariance(double width, double inputs, double batch) {
        double packed = DOUBLE * width * (width + 1) / 2;
        if (inputs <= width) return FLOAT * inputs * width + packed;
        double kept = batch < width ? FLOAT * width * width : 0; // rows kept before the switch, alive while it happens
        return Math.max(kept, packed) + packed; // the Gram matrix (or the rows before it), then the result beside it
    }

    /**
     * The statistics of {@code depths} hidden layers' covariances from one pass
     * ({@code LayerMetrics.statistics}), read into one packed triangle the depths share. Inputs
     * in one batch are read as the pass reaches each depth, through one accumulator: its float
     * Gram block ({@link #covarianceScratch}) and, past one block of rows, a double one.
     * Otherwise one accumulator per depth as in {@link #covariance}, without a result of its
     * own. (While the rows are no more than the nodes, each keeps its centred rows.)
     */
    static double covarianceStatistics(double width, double inputs, double batch, double depths) {
        if (inputs <= width) return depths * covariance(width, inputs, batch);
        double packed = DOUBLE * width * (width + 1) / 2;
        if (inputs <= batch) return packed + (inputs > CovarianceAccumulator.BLOCK ? packed : 0);
        return depths * (covariance(width, inputs, batch) - packed) + packed;
    }

    /** The float Gram block the covariances of one pass share, once the inputs outnumber the nodes. */
    static double covarianceScratch(double width, double inputs) {
        return inputs <= width ? 0 : FLOAT * width * width;
    }

    /** An N x N double matrix (a correlation matrix, a Gram matrix, an eigen workspace). */
    static double doubleSquare(double n) {
        return DOUBLE * n * n;
    }

    /** The exact Jacobian of an n0-input, width-wide stack at one input, and the eigenvalues of J J^T. */
    static double exactJacobian(double width, double n0) {
        double k = Math.min(width, n0);
        return FLOAT * 3 * width * n0 + 3 * doubleSquare(k);
    }

    /**
     * The exact Jacobian carried as forward tangents through an observed pass of {@code points}
     * inputs: the unit-vector seeds and two tangent buffers, n0 rows per input.
     */
    static double jacobianTangents(double points, double width, double n0) {
        return FLOAT * points * n0 * (n0 + 2 * width);
    }

    /** Gaussian probes of the Jacobian: {@code points x probes} vectors, their images under J^T and J J^T. */
    static double probedJacobian(double points, double probes, double width, double n0) {
        return FLOAT * points * probes * (2 * width + n0);
    }

    /**
     * Stochastic Lanczos quadrature of {@code J J^T} at {@code points} inputs, (P + 1) start
     * vectors each: the Lanczos basis (every step's block kept for reorthogonalisation) and its
     * working blocks in double, the float blocks of the Jacobian products, and each layer's
     * slopes at every input.
     */
    static double lanczosJacobian(double points, double probes, double steps, double width, double depth) {
        double rows = points * (probes + 1);
        return DOUBLE * rows * width * (steps + 4) + FLOAT * rows * width * 5 + FLOAT * points * depth * width;
    }

    /**
     * An MNIST-sized data set as {@link dev.vnlab.data.Mnist#load} needs it: 70,000 images of 784
     * pixels in float, their labels, and three copies of the largest file's bytes while it is
     * decoded (the loader's own figure, so the plan is never below the check it makes).
     */
    static double mnistDataSet() {
        return dev.vnlab.data.Mnist.loadingBytes(60_000, 10_000, 784);
    }

    /** A record holding {@code numbers} numbers, while it is also a JSON line. */
    static double record(double numbers) {
        return (DOUBLE + JSON_PER_NUMBER) * numbers;
    }

    /** The estimate in whole bytes, saturated. */
    static long bytes(double estimate) {
        return estimate >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(estimate);
    }
}
