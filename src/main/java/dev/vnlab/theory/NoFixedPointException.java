package dev.vnlab.theory;

/**
 * The mean-field variance map of a configuration has no finite fixed point to converge to (an
 * unbounded activation such as ReLU or linear at or above criticality): q_l grows without
 * bound, and fixed-point quantities do not exist. An {@link IllegalArgumentException}, since
 * the configuration passed in is what rules them out.
 */
public final class NoFixedPointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming the configuration and why it has no fixed point */
    public NoFixedPointException(String message) { super(message); }
}
