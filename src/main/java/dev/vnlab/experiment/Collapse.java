package dev.vnlab.experiment;

import dev.vnlab.metrics.Covariance;

/**
 * Collapse, the extreme of vanishing nodes: every node of a layer constant over the inputs, so
 * that the VNI is 0/0 ({@link Covariance#collapsed()}). How the experiments tell it from their
 * cell records, and how their reports say it. A collapsed network's VNI is counted apart, never
 * averaged; a NaN VNI that is not collapse (non-finite values, a diverged run with no VNI after
 * it, a theory that gives no number) is never reported as collapse.
 */
final class Collapse {
    private Collapse() {}

    /** What collapse means, in the words every report uses. */
    static final String MEANING = "every node constant over the inputs: the VNI is undefined, the extreme of vanishing nodes";

    /**
     * Whether a recorded VNI is collapse, from the mean node variance of the same layer (recorded
     * beside it): an undefined VNI with zero variance. A non-finite layer has a NaN variance.
     */
    static boolean of(double vni, double meanVariance) {
        return Double.isNaN(vni) && meanVariance == 0;
    }

    /**
     * Whether a VNI a training run recorded is collapse. Training records hold no node variance,
     * but a finite network's VNI is undefined only when it has collapsed, and the network was
     * finite at every measurement but possibly the last of a diverged run: each earlier one was
     * followed by a batch with a finite loss and gradient, and a run that did not diverge kept
     * finite weights to its end. That last measurement's NaN is left undefined.
     *
     * @param vni the VNI measured
     * @param lastOfDivergedRun whether it is the last measurement of a run that diverged
     */
    static boolean ofTraining(double vni, boolean lastOfDivergedRun) {
        return Double.isNaN(vni) && !lastOfDivergedRun;
    }

    /** How many flags are set. */
    static int count(boolean[] collapsed) {
        int k = 0;
        for (boolean c : collapsed) if (c) k++;
        return k;
    }

    /** The values whose flag is not set: those a mean or a quantile is taken over. */
    static double[] kept(double[] values, boolean[] collapsed) {
        double[] out = new double[values.length - count(collapsed)];
        for (int i = 0, j = 0; i < values.length; i++) if (!collapsed[i]) out[j++] = values[i];
        return out;
    }

    /**
     * The report's sentence: {@code counts} ("3 of 20 networks collapsed at L = 100"), then what
     * collapse is, then {@code treatment} ("they are counted apart, not averaged").
     */
    static String sentence(String counts, String treatment) {
        return counts + " (" + MEANING + "); " + treatment + ".";
    }
}
