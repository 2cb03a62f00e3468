package dev.vnlab.spectrum;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.theory.Prediction;
import dev.vnlab.theory.Predictions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The two free-probability predictions (docs/theory.md section 4) at each depth of a sweep for
 * one width: the fixed-point form (eq. 3.6) and the finite-depth form from the inputs' second
 * moment q_x. The one place the theory is set beside measurements along depths: the
 * {@link VanishingReport} and every experiment's report take their predictions from here. Where
 * the theory gives none, the prediction reads NaN and keeps the reason
 * ({@link TheoryPrediction#failure()}), never an exception.
 *
 * @param depths the depths L, as {@link dev.vnlab.nn.Layers} numbers them
 * @param fixedPoint the fixed-point prediction at each depth
 * @param finiteDepth the finite-depth prediction at each depth
 */
public record TheoryAlongDepth(int[] depths, List<TheoryPrediction> fixedPoint, List<TheoryPrediction> finiteDepth) {
    /** @throws IllegalArgumentException unless there is one prediction of each form per depth */
    public TheoryAlongDepth {
        depths = depths.clone();
        fixedPoint = List.copyOf(fixedPoint);
        finiteDepth = List.copyOf(finiteDepth);
        if (fixedPoint.size() != depths.length || finiteDepth.size() != depths.length) {
            throw new IllegalArgumentException(fixedPoint.size() + " fixed-point and " + finiteDepth.size() + " finite-depth predictions for "
                    + depths.length + " depths; expected one of each per depth");
        }
    }

    /** The predictions for phi and the hidden layers' init at width N and each depth, finite-depth ones at q_x. */
    public static TheoryAlongDepth of(Activation phi, Init init, int[] depths, int width, double qx) {
        // One solve for q* and one pass over the layers serve every depth (each depth alone cost a
        // report about 0.1 s per width); where either fails, each depth is tried alone, so a
        // failure deep down (q_l overflowing) leaves the shallower predictions standing.
        int deepest = 0;
        for (int l : depths) deepest = Math.max(deepest, l);
        List<Prediction> fixedAll = null, finiteAll = null;
        try {
            fixedAll = Predictions.fixedPoint(phi, init, depths, width);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // per depth below
        }
        try {
            finiteAll = Predictions.finiteDepthUpTo(phi, init, deepest, width, qx);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // per depth below
        }
        List<TheoryPrediction> fixed = new ArrayList<>(), finite = new ArrayList<>();
        for (int k = 0; k < depths.length; k++) {
            int l = depths[k];
            fixed.add(fixedAll != null ? new TheoryPrediction(fixedAll.get(k), null) : TheoryPrediction.attempt(() -> Predictions.fixedPoint(phi, init, l, width)));
            finite.add(finiteAll != null && l >= 1 ? new TheoryPrediction(finiteAll.get(l - 1), null)
                    : TheoryPrediction.attempt(() -> Predictions.finiteDepth(phi, init, l, width, qx)));
        }
        return new TheoryAlongDepth(depths, fixed, finite);
    }

    /** No prediction at any depth, for one reason (e.g. hidden layers of different widths). */
    public static TheoryAlongDepth failed(int[] depths, String reason) {
        List<TheoryPrediction> none = Collections.nCopies(depths.length, TheoryPrediction.failed(reason));
        return new TheoryAlongDepth(depths, none, none);
    }

    @Override public int[] depths() { return depths.clone(); }

    /** Why one or both predictions at depth index k are missing, or null when both exist. */
    public String note(int k) {
        String a = fixedPoint.get(k).failure(), b = finiteDepth.get(k).failure();
        if (a == null && b == null) return null;
        if (a != null && a.equals(b)) return "no prediction: " + a;
        return (a == null ? "" : "no fixed-point prediction: " + a) + (a != null && b != null ? "; " : "") + (b == null ? "" : "no finite-depth prediction: " + b);
    }

    /** The fixed-point VNI at each depth (NaN where there is none). */
    public double[] fixedPointVni() {
        return fixedPoint.stream().mapToDouble(TheoryPrediction::vni).toArray();
    }

    /** The finite-depth VNI at each depth (NaN where there is none). */
    public double[] finiteDepthVni() {
        return finiteDepth.stream().mapToDouble(TheoryPrediction::vni).toArray();
    }
}
