package dev.vnlab.nn;

import dev.vnlab.data.Batches;
import dev.vnlab.data.Dataset;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.optim.Optimizer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mini-batch training of an {@link Mlp}: epochs of shuffled batches (each epoch's order drawn
 * from the shuffle stream and the epoch number alone), one optimizer step per batch, the
 * learning rate from a {@link Schedule} per epoch. After each epoch it records the training loss
 * and accuracy (averaged over the epoch's batches, as they were seen) and the test loss and
 * accuracy (a full pass over the test set), then calls the callbacks.
 *
 * <p>A run stops when the epochs are done, when the test accuracy reaches the target, when a
 * callback asks, or when it diverges: the loss or the gradient stops being finite, or a batch's
 * loss exceeds {@value #DIVERGENCE_FACTOR} times the initial loss (the untrained network's loss
 * on the first batch). Divergence is reported as {@link Status#DIVERGED} with the epoch and
 * step, never carried on silently.
 *
 * <p>{@link #state} and {@link #restore} carry what a resumed run needs besides the weights and
 * the optimizer (saved together by {@link Checkpoint}): a run resumed from a checkpoint
 * gives the same weights, bit for bit, as one never interrupted. Buffers are allocated once;
 * not thread-safe.
 */
public final class Trainer {
    /** A batch loss this many times the initial loss is divergence: no run that gets there learns (the loss of a saturated tanh network at chance). */
    public static final double DIVERGENCE_FACTOR = 1000;

    /** What counts as divergence, in the words reports use. */
    public static final String DIVERGENCE_RULE = "a non-finite loss or gradient, or a batch loss over " + (int) DIVERGENCE_FACTOR + " times the initial loss";

    /** How a {@link #run} ended. */
    public enum Status { COMPLETED, TARGET_REACHED, STOPPED, DIVERGED }

    /** One finished epoch (0-based). Losses are per example; accuracies are fractions. */
    public record EpochStats(int epoch, double learningRate, double trainLoss, double trainAccuracy,
                             double testLoss, double testAccuracy, double seconds) {}

    /**
     * What a resumed run continues from: epochs and steps done, the initial loss divergence is
     * measured against (NaN before the first step), and the history so far.
     */
    public record State(int epochs, long steps, double initialLoss, List<EpochStats> history) {
        public State {
            if (epochs < 0 || steps < 0) throw new IllegalArgumentException("training state of " + epochs + " epochs and " + steps + " steps is invalid; expected both >= 0");
            history = List.copyOf(history);
        }

        /** A state whose initial loss is not known (NaN): divergence is then judged by finiteness alone. */
        public State(int epochs, long steps, List<EpochStats> history) {
            this(epochs, steps, Double.NaN, history);
        }
    }

    /** The outcome of {@link #run}: status, a one-line explanation, and the whole history. */
    public record Result(Status status, String message, State state) {}

    /** Called after every epoch; return false to stop the run. */
    @FunctionalInterface
    public interface Callback {
        boolean afterEpoch(Trainer trainer, EpochStats stats) throws Exception;
    }

    private final Mlp net;
    private final Optimizer optimizer;
    private final Loss loss;
    private final Schedule schedule;
    private final Dataset train, test;
    private final Blas blas;
    private final Batches batches;
    private final Pass pass, evalPass;
    private final FloatMatrix x;
    private final int[] y;
    private final Map<Integer, Pass> shortPasses = new HashMap<>(); // for remainders, made once per size
    private final Map<Integer, Pass> shortEvalPasses = new HashMap<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private double target = Double.NaN;
    private int epochs;
    private long steps;
    private double initialLoss = Double.NaN;
    private final List<EpochStats> history = new ArrayList<>();

    /**
     * @param net the network, modified by training
     * @param optimizer over {@code net.parameters()}; set to step on {@code blas}'s workers and kernels
     * @param test evaluated after every epoch; may be null
     * @param shuffle the stream epoch e's batch order is drawn from (child e)
     * @throws IllegalArgumentException if the data do not fit the network or batch is invalid
     */
    public Trainer(Mlp net, Optimizer optimizer, Loss loss, Schedule schedule, Dataset train, Dataset test,
                   int batch, Rng shuffle, Blas blas) {
        checkFits(net, train, "training");
        if (test != null) checkFits(net, test, "test");
        this.net = net;
        this.optimizer = optimizer.on(blas);
        this.loss = loss;
        this.schedule = schedule;
        this.train = train;
        this.test = test;
        this.blas = blas;
        this.batches = new Batches(train, batch, shuffle);
        this.pass = new Pass(net, batch, blas);
        this.evalPass = Pass.forwardOnly(net, batch, blas);
        this.x = new FloatMatrix(batch, train.features());
        this.y = new int[batch];
    }

    private static void checkFits(Mlp net, Dataset d, String which) {
        int outputs = net.width(net.depth() + 1);
        if (d.features() != net.width(0) || d.classes() > outputs) {
            throw new IllegalArgumentException(which + " data have " + d.features() + " features and " + d.classes()
                    + " classes; the network expects " + net.width(0) + " inputs and at most " + outputs + " classes");
        }
    }

    /** Stops the run once the test accuracy (a fraction) reaches {@code accuracy}. @return this */
    public Trainer targetAccuracy(double accuracy) {
        if (!(accuracy > 0 && accuracy <= 1)) throw new IllegalArgumentException("target accuracy " + accuracy + " is invalid; expected (0, 1]");
        if (test == null) throw new IllegalStateException("a target accuracy needs test data");
        this.target = accuracy;
        return this;
    }

    /** Adds a callback, run after every epoch in the order added. @return this */
    public Trainer callback(Callback c) {
        callbacks.add(c);
        return this;
    }

    public Mlp network() { return net; }

    public Optimizer optimizer() { return optimizer; }

    public Blas blas() { return blas; }

    /** Epochs done, steps done, and their statistics. */
    public State state() { return new State(epochs, steps, initialLoss, history); }

    /**
     * Continues from {@code s} (with the weights and optimizer restored alongside it).
     *
     * @throws IllegalArgumentException if the state disagrees with the optimizer's step count
     */
    public void restore(State s) {
        if (s.steps() != optimizer.steps()) {
            throw new IllegalArgumentException("training state at step " + s.steps() + " does not match the optimizer at step " + optimizer.steps());
        }
        epochs = s.epochs();
        steps = s.steps();
        initialLoss = s.initialLoss();
        history.clear();
        history.addAll(s.history());
    }

    /**
     * Trains until {@code totalEpochs} epochs are done (counting those before a restore), the
     * target is reached, a callback stops it, or it diverges.
     *
     * @throws Exception whatever a callback throws (e.g. an IOException writing a checkpoint)
     */
    public Result run(int totalEpochs) throws Exception {
        if (totalEpochs < 1) throw new IllegalArgumentException("epoch count " + totalEpochs + " is invalid; expected at least 1");
        while (epochs < totalEpochs) {
            long start = System.nanoTime();
            int e = epochs;
            double lr = schedule.rate(e);
            batches.startEpoch(e);
            double lossSum = 0;
            long hits = 0;
            for (int b = 0; b < batches.count(); b++) {
                int rows = batches.fill(b, x, y);
                Pass p = rows == x.rows() ? pass : shortPass(rows);
                FloatMatrix in = rows == x.rows() ? x : x.view(0, 0, rows, x.cols());
                p.forward(in);
                hits += Loss.correct(p.logits(), y);
                double l = p.backward(loss, y);
                if (!Double.isFinite(l)) return diverged("the loss became " + l, e, b);
                if (steps == 0) initialLoss = l; // the untrained network's
                if (l > DIVERGENCE_FACTOR * initialLoss) {
                    return diverged(String.format(java.util.Locale.ROOT, "the loss reached %.4g, over %.0f times its initial %.4g,", l, DIVERGENCE_FACTOR, initialLoss), e, b);
                }
                double norm = optimizer.step(lr);
                steps++;
                if (!Double.isFinite(norm)) return diverged("the gradient norm became " + norm, e, b);
                lossSum += l * rows;
            }
            double testLoss = Double.NaN, testAccuracy = Double.NaN;
            if (test != null) {
                double[] lossAndAccuracy = evaluate(test);
                testLoss = lossAndAccuracy[0];
                testAccuracy = lossAndAccuracy[1];
            }
            EpochStats stats = new EpochStats(e, lr, lossSum / train.size(), (double) hits / train.size(),
                    testLoss, testAccuracy, (System.nanoTime() - start) / 1e9);
            history.add(stats);
            epochs++;
            boolean go = true;
            for (Callback c : callbacks) go &= c.afterEpoch(this, stats);
            if (!Double.isNaN(target) && testAccuracy >= target) {
                return new Result(Status.TARGET_REACHED, String.format("test accuracy %.4f reached the target %.4f after epoch %d", testAccuracy, target, e + 1), state());
            }
            if (!go) return new Result(Status.STOPPED, "stopped by a callback after epoch " + (e + 1), state());
        }
        return new Result(Status.COMPLETED, "trained " + epochs + " epochs", state());
    }

    private Result diverged(String what, int epoch, int batch) {
        return new Result(Status.DIVERGED, "training diverged: " + what + " in epoch " + (epoch + 1) + ", batch " + (batch + 1)
                + " (step " + (steps + 1) + "); the weights are no longer usable, try a smaller learning rate", state());
    }

    /**
     * The mean loss and the accuracy of the network on {@code d}, in batches of the training
     * size, in order; runs forward passes only (the gradients are left alone).
     */
    public double[] evaluate(Dataset d) {
        checkFits(net, d, "evaluation");
        int batch = x.rows();
        double total = 0;
        long hits = 0;
        FloatMatrix in = d.inputs();
        for (int from = 0; from < d.size(); from += batch) {
            int rows = Math.min(batch, d.size() - from);
            Pass p = rows == batch ? evalPass : shortEvalPass(rows);
            FloatMatrix chunk = in.view(from, 0, rows, in.cols());
            System.arraycopy(d.labels(), from, y, 0, rows);
            FloatMatrix z = p.forward(chunk);
            total += loss.evaluate(z, y, null) * rows;
            hits += Loss.correct(z, y);
        }
        return new double[] {total / d.size(), (double) hits / d.size()};
    }

    private Pass shortEvalPass(int rows) {
        return shortEvalPasses.computeIfAbsent(rows, r -> Pass.forwardOnly(net, r, blas));
    }

    private Pass shortPass(int rows) {
        return shortPasses.computeIfAbsent(rows, r -> new Pass(net, r, blas));
    }
}
