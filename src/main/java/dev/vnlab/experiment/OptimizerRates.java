package dev.vnlab.experiment;

/**
 * The learning rates swept for one optimizer.
 *
 * @param optimizer the update rule
 * @param learningRates ascending
 */
public record OptimizerRates(OptimizerKind optimizer, double[] learningRates) {
    /** @throws IllegalArgumentException if the optimizer is null or a learning rate is not finite, positive and ascending */
    public OptimizerRates {
        if (optimizer == null) throw new IllegalArgumentException("optimizer is null; expected sgd, momentum, adam or rmsprop");
        learningRates = GridLearningRates.rates(optimizer).check(learningRates);
    }

    /** The learning rates (a copy). */
    @Override public double[] learningRates() {
        return learningRates.clone();
    }
}
