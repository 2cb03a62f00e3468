package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.spectrum.TheoryPrediction;
import dev.vnlab.theory.Predictions;
import java.util.ArrayList;
import java.util.List;

/**
 * The two free-probability predictions (docs/theory.md section 4) at each depth of a sweep for one
 * width: the fixed-point form (eq. 3.6) and the finite-depth form from the inputs' second
 * moment q_x. Where the theory gives none, the prediction is NaN with the reason
 * ({@link TheoryPrediction#failure()}), never an exception.
 *
 * @param depths the depths L
 * @param fixedPoint the fixed-point prediction at each depth
 * @param finiteDepth the finite-depth prediction at each depth
 */
record TheoryAlongDepth(int[] depths, List<TheoryPrediction> fixedPoint, List<TheoryPrediction> finiteDepth) {
    static TheoryAlongDepth of(Activation phi, Init init, int[] depths, int width, double qx) {
        List<TheoryPrediction> fixed = new ArrayList<>(), finite = new ArrayList<>();
        for (int l : depths) {
            fixed.add(TheoryPrediction.attempt(() -> Predictions.fixedPoint(phi, init, l, width)));
            finite.add(TheoryPrediction.attempt(() -> Predictions.finiteDepth(phi, init, l, width, qx)));
        }
        return new TheoryAlongDepth(depths, List.copyOf(fixed), List.copyOf(finite));
    }

    /** Why one or both predictions at depth index k are missing, or null when both exist. */
    String note(int k) {
        String a = fixedPoint.get(k).failure(), b = finiteDepth.get(k).failure();
        if (a == null && b == null) return null;
        if (a != null && a.equals(b)) return "no prediction: " + a;
        return (a == null ? "" : "no fixed-point prediction: " + a) + (a != null && b != null ? "; " : "") + (b == null ? "" : "no finite-depth prediction: " + b);
    }

    double[] fixedPointVni() {
        return fixedPoint.stream().mapToDouble(TheoryPrediction::vni).toArray();
    }

    double[] finiteDepthVni() {
        return finiteDepth.stream().mapToDouble(TheoryPrediction::vni).toArray();
    }
}
