package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.linalg.kernel.Erf;

/**
 * The nonlinearity phi of a layer, {@code x = phi(h)}, with its derivative, both element-wise
 * through the facade's vectorised maps. The derivative is computed from whichever of h (the
 * pre-activation) and x (the output) gives it exactly: tanh' = 1 - x^2 and sigmoid' = x (1 - x)
 * from x, the piecewise-linear ones from h. {@link #apply} and {@link #slope} give phi and phi'
 * in double, the definitions the theory integrates.
 */
public enum Activation {
    /** phi(h) = h. */
    LINEAR(null, 0, null, 0, false),
    /** phi(h) = tanh(h). */
    TANH(UnaryOp.TANH, 0, UnaryOp.ONE_MINUS_SQUARE, 0, true),
    /** phi(h) = clamp(h, -1, 1), the paper's hard-tanh. */
    HARD_TANH(UnaryOp.CLAMP, 1, UnaryOp.BOX, 1, false),
    /** phi(h) = max(h, 0). */
    RELU(UnaryOp.RELU, 0, UnaryOp.STEP, 0, false),
    /** phi(h) = h for h > 0, else {@value #LEAKY_SLOPE} h. */
    LEAKY_RELU(UnaryOp.LEAKY_RELU, Activation.LEAKY_SLOPE, UnaryOp.LEAKY_STEP, Activation.LEAKY_SLOPE, false),
    /** phi(h) = 1 / (1 + e^-h). */
    SIGMOID(UnaryOp.SIGMOID, 0, UnaryOp.LOGISTIC_SLOPE, 0, true),
    /** phi(h) = erf(sqrt(pi) h / 2), scaled so that phi'(0) = 1; phi'(h) = exp(-pi h^2 / 4). */
    ERF(UnaryOp.ERF, Activation.ERF_SCALE, UnaryOp.GAUSSIAN, Math.PI / 4, false);

    /** The erf activation's input scale sqrt(pi) / 2. */
    public static final double ERF_SCALE = 0.886226925452758;

    /** Slope of {@link #LEAKY_RELU} for negative inputs (PyTorch's default). */
    public static final float LEAKY_SLOPE = 0.01f;

    private final UnaryOp op, slopeOp;
    private final double param, slopeParam; // rounded to float for float matrices
    private final boolean slopeFromOutput;

    Activation(UnaryOp op, double param, UnaryOp slopeOp, double slopeParam, boolean slopeFromOutput) {
        this.op = op;
        this.param = param;
        this.slopeOp = slopeOp;
        this.slopeParam = slopeParam;
        this.slopeFromOutput = slopeFromOutput;
    }

    /** phi(h) in double. */
    public double apply(double h) {
        return switch (this) {
            case LINEAR -> h;
            case TANH -> StrictMath.tanh(h);
            case HARD_TANH -> Math.max(-1, Math.min(1, h));
            case RELU -> Math.max(h, 0);
            case LEAKY_RELU -> h > 0 ? h : LEAKY_SLOPE * h;
            case SIGMOID -> 1 / (1 + StrictMath.exp(-h));
            case ERF -> Erf.erf(ERF_SCALE * h);
        };
    }

    /** phi'(h) in double (at a kink, the one-sided value the vectorised derivative uses). */
    public double slope(double h) {
        return switch (this) {
            case LINEAR -> 1;
            case TANH -> 1 - StrictMath.tanh(h) * StrictMath.tanh(h);
            case HARD_TANH -> Math.abs(h) < 1 ? 1 : 0;
            case RELU -> h > 0 ? 1 : 0;
            case LEAKY_RELU -> h > 0 ? 1 : LEAKY_SLOPE;
            case SIGMOID -> { double s = 1 / (1 + StrictMath.exp(-h)); yield s * (1 - s); }
            case ERF -> StrictMath.exp(-Math.PI / 4 * h * h);
        };
    }

    /**
     * The pre-activations h where phi or phi' is not smooth, ascending (a new array each call):
     * {-1, 1} for {@link #HARD_TANH}, {0} for {@link #RELU} and {@link #LEAKY_RELU}, empty for
     * the smooth ones. Quadrature splits its intervals there (a rule spanning a kink or a jump of
     * phi' converges slowly).
     */
    public double[] kinks() {
        return switch (this) {
            case HARD_TANH -> new double[] {-1, 1};
            case RELU, LEAKY_RELU -> new double[] {0};
            case LINEAR, TANH, SIGMOID, ERF -> new double[0];
        };
    }

    /** True if {@link #derivative} reads the output x rather than the pre-activation h. */
    public boolean slopeFromOutput() { return slopeFromOutput; }

    /** {@code x = phi(h)}; h and x have the same shape and may be the same matrix. Modifies x. */
    public void forward(Blas blas, FloatMatrix h, FloatMatrix x) {
        if (op != null) blas.map(op, (float) param, h, x);
        else if (h != x) x.copyFrom(h);
    }

    /**
     * {@code d = phi'(h)}, reading x = phi(h) or h (see {@link #slopeFromOutput}); all three have
     * the same shape, and d may be the one it does not read, or the one it reads. Modifies d.
     */
    public void derivative(Blas blas, FloatMatrix h, FloatMatrix x, FloatMatrix d) {
        if (slopeOp != null) blas.map(slopeOp, (float) slopeParam, slopeFromOutput ? x : h, d);
        else d.fill(1f);
    }

    /** The float64 {@link #forward(Blas, FloatMatrix, FloatMatrix)}. */
    public void forward(Blas blas, DoubleMatrix h, DoubleMatrix x) {
        if (op != null) blas.map(op, param, h, x);
        else if (h != x) x.copyFrom(h);
    }

    /** The float64 {@link #derivative(Blas, FloatMatrix, FloatMatrix, FloatMatrix)}. */
    public void derivative(Blas blas, DoubleMatrix h, DoubleMatrix x, DoubleMatrix d) {
        if (slopeOp != null) blas.map(slopeOp, slopeParam, slopeFromOutput ? x : h, d);
        else d.fill(1.0);
    }
}
