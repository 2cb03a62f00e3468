package dev.vnlab.spectrum;

import dev.vnlab.theory.Prediction;
import java.util.function.Supplier;

/**
 * A free-probability prediction, or why the theory gives none for a configuration (no fixed
 * point of the variance map, q_l overflowing, widths the theory does not cover): exactly one of
 * {@code prediction} and {@code failure} is non-null, and the numbers read NaN on failure, so
 * a report keeps its measurements whatever the theory says.
 *
 * @param prediction the prediction, or null
 * @param failure the one-sentence reason there is none, or null
 */
public record TheoryPrediction(Prediction prediction, String failure) {
    /** @throws IllegalArgumentException unless exactly one of the two is non-null */
    public TheoryPrediction {
        if ((prediction == null) == (failure == null)) {
            throw new IllegalArgumentException("a theory prediction holds a prediction or a failure; expected exactly one of them");
        }
    }

    /**
     * The prediction the theory call returns, or its failure: an {@link IllegalArgumentException}
     * (the configuration rules the prediction out, e.g. {@link dev.vnlab.theory.NoFixedPointException})
     * or an {@link ArithmeticException} (a root find without a bracket) becomes the reason.
     */
    public static TheoryPrediction attempt(Supplier<Prediction> theory) {
        try {
            return new TheoryPrediction(theory.get(), null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return failed(e.getMessage());
        }
    }

    /** No prediction, for this one-sentence reason. */
    public static TheoryPrediction failed(String reason) { return new TheoryPrediction(null, reason); }

    /** True when there is a prediction. */
    public boolean available() { return prediction != null; }

    /** Predicted m1, or NaN. */
    public double m1() { return available() ? prediction.m1() : Double.NaN; }

    /** Predicted m2, or NaN. */
    public double m2() { return available() ? prediction.m2() : Double.NaN; }

    /** Predicted m2 / m1^2, or NaN. */
    public double m2OverM1Squared() { return available() ? prediction.m2OverM1Squared() : Double.NaN; }

    /** Predicted VNI, or NaN. */
    public double vni() { return available() ? prediction.vni() : Double.NaN; }
}
