package dev.vnlab.nn;

/**
 * What an {@link ObservedPass} hands each batch of a layer to: a covariance accumulator, a
 * recorder of the slopes a Jacobian needs, a statistic. Called once per batch for each layer it
 * observes, batches in input order; the {@link ObservedLayer} and its matrices are the pass's
 * buffers, valid during the call only, so an observer copies what it keeps.
 */
@FunctionalInterface
public interface LayerObserver {
    /** Takes one batch of one layer; must not modify it. */
    void observe(ObservedLayer layer);
}
