package dev.vnlab.optim;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.parallel.Workers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A first-order update rule over a fixed list of parameters, in PyTorch's formulation (the
 * same hyper-parameters give the same trajectories). Each {@link #step} optionally clips the
 * global gradient norm, applies weight decay, then the rule. Rule state (momentum, moment
 * estimates) is allocated on the first step and reused: no allocation per step after that.
 * Element-wise updates change no order of summation, so results do not depend on threads; the
 * clipping norm is a fixed-order sum, computed by the kernels of the {@link Blas} given to
 * {@link #on(Blas)}. Its workers spread the parameters over threads, each parameter updated
 * whole by one thread, with the same bits.
 *
 * <p>{@link #save} and {@link #load} carry the step count and every state slot, so a resumed
 * run continues exactly where it stopped. Not thread-safe.
 */
public abstract class Optimizer {
    private static final int FORMAT = 1;
    /** Until {@link #on(Blas)}: the calling thread alone (one worker starts no thread) and the provider's kernels. */
    private static final Blas CALLER_ONLY = Blas.on(Workers.of(1));

    private final String rule;
    private final List<Parameter> params;
    private final int slots;
    private float[][][] state; // [parameter][slot][element], allocated on the first step
    private long steps;
    private double weightDecay;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private Blas blas = CALLER_ONLY;
    // Per-step inputs of the parallel tasks, and the tasks themselves, made once: a step allocates nothing.
    private final double[] squares;
    private double stepLr;
    private final IntConsumer squareTask = this::sumSquares, scaleTask = this::scaleGradient, updateTask = this::updateParameter;
    private float clipFactor;

    protected Optimizer(String rule, List<Parameter> params, int slots) {
        if (params.isEmpty()) throw new IllegalArgumentException(rule + ": no parameters to optimise; expected at least one");
        this.rule = rule;
        this.params = List.copyOf(params);
        this.slots = slots;
        this.squares = new double[params.size()];
    }

    /**
     * Runs each step's work on {@code blas}'s workers with its kernels (by default, on the calling
     * thread alone with the provider's kernels); the results are the same bits for every thread
     * count. Modifies this optimizer only.
     *
     * @return this
     */
    public Optimizer on(Blas blas) {
        this.blas = java.util.Objects.requireNonNull(blas, "blas");
        return this;
    }

    /** "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop" or "adagrad". */
    public String rule() { return rule; }

    /** Steps taken so far. */
    public long steps() { return steps; }

    /**
     * Weight decay lambda >= 0: {@code g += lambda w} before the rule (decoupled instead for AdamW).
     *
     * @return this
     */
    public Optimizer weightDecay(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("weight decay " + lambda + " is invalid; expected a finite value >= 0");
        }
        this.weightDecay = lambda;
        return this;
    }

    /**
     * Clips the global gradient norm (all parameters together) to {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_}: gradients are scaled by {@code maxNorm / (norm + 1e-6)} when larger.
     *
     * @return this
     */
    public Optimizer clipNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("gradient clipping norm " + maxNorm + " is invalid; expected > 0");
        this.clipNorm = maxNorm;
        return this;
    }

    protected double weightDecay() { return weightDecay; }

    /** True if weight decay is applied to the weights directly (AdamW) rather than to the gradient. */
    protected boolean decoupledDecay() { return false; }

    /**
     * One update of every parameter from its gradient with learning rate {@code lr}; modifies the
     * values (and the gradients when clipping or coupled decay apply).
     *
     * @return the global gradient norm before clipping (for monitoring)
     * @throws IllegalArgumentException if lr is not a finite positive number
     */
    public final double step(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate " + lr + " is invalid; expected a finite value > 0");
        if (state == null) {
            state = new float[params.size()][slots][];
            for (int i = 0; i < params.size(); i++) for (int s = 0; s < slots; s++) state[i][s] = new float[params.get(i).length()];
        }
        forEachParameter(squareTask);
        double sq = 0;
        for (double v : squares) sq += v; // in parameter order, whichever thread computed each
        double norm = Math.sqrt(sq);
        if (norm > clipNorm) {
            clipFactor = (float) (clipNorm / (norm + 1e-6));
            forEachParameter(scaleTask);
        }
        steps++;
        stepLr = lr;
        forEachParameter(updateTask);
        return norm;
    }

    private void forEachParameter(IntConsumer task) {
        blas.workers().forEach(params.size(), task); // in parameter order on one thread
    }

    private void sumSquares(int i) {
        Parameter p = params.get(i);
        squares[i] = blas.kernels().sumSquares(p.length(), p.grad(), p.gradOffset());
    }

    private void scaleGradient(int i) {
        Parameter p = params.get(i);
        blas.kernels().map(UnaryOp.SCALE, clipFactor, p.length(), p.grad(), p.gradOffset(), p.grad(), p.gradOffset());
    }

    /** Weight decay, then the rule, for parameter i. */
    private void updateParameter(int i) {
        Parameter p = params.get(i);
        float[] w = p.value(), g = p.grad();
        float wd = (float) weightDecay;
        if (wd != 0) {
            if (decoupledDecay()) {
                float shrink = (float) (1 - stepLr * weightDecay);
                for (int k = 0; k < p.length(); k++) w[p.offset() + k] *= shrink;
            } else {
                for (int k = 0; k < p.length(); k++) g[p.gradOffset() + k] = Math.fma(wd, w[p.offset() + k], g[p.gradOffset() + k]);
            }
        }
        update(p, state[i], stepLr, steps);
    }

    /**
     * The rule for one parameter: step {@code t} (from 1), state slots {@code s} (zero before
     * the first step). Modifies the value and the state.
     */
    protected abstract void update(Parameter p, float[][] s, double lr, long t);

    /** Writes the rule, step count, and every state slot (format {@value #FORMAT}). */
    public void save(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(rule);
        out.writeLong(steps);
        out.writeInt(params.size());
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            out.writeUTF(p.name());
            out.writeInt(p.length());
            for (int s = 0; s < slots; s++) {
                float[] a = state == null ? new float[p.length()] : state[i][s];
                for (float v : a) out.writeFloat(v);
            }
        }
    }

    /**
     * Restores what {@link #save} wrote, for the same rule over parameters of the same names and sizes.
     *
     * @throws IOException if the data is for another format, rule or parameter list
     */
    public void load(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) throw new IOException("optimizer state format " + format + " is not supported; expected " + FORMAT);
        String r = in.readUTF();
        if (!r.equals(rule)) throw new IOException("optimizer state is for " + r + "; expected " + rule);
        long t = in.readLong();
        int n = in.readInt();
        if (n != params.size()) throw new IOException("optimizer state has " + n + " parameters; expected " + params.size());
        float[][][] loaded = new float[n][slots][];
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int len = in.readInt();
            Parameter p = params.get(i);
            if (!name.equals(p.name()) || len != p.length()) {
                throw new IOException("optimizer state parameter " + i + " is " + name + " (" + len + "); expected " + p.name() + " (" + p.length() + ")");
            }
            for (int s = 0; s < slots; s++) {
                loaded[i][s] = new float[len];
                for (int k = 0; k < len; k++) loaded[i][s][k] = in.readFloat();
            }
        }
        state = loaded;
        steps = t;
    }
}
