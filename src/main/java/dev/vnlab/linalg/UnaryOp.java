package dev.vnlab.linalg;

/**
 * Element-wise functions that every kernel implementation provides in vectorised form.
 * Each takes one parameter {@code p} whose meaning is given per constant (ignored where none).
 */
public enum UnaryOp {
    /** {@code y = p * x}. */
    SCALE,
    /** {@code y = x + p}. */
    ADD_SCALAR,
    /** {@code y = x * x}. */
    SQUARE,
    /** {@code y = |x|}. */
    ABS,
    /** {@code y = sqrt(x)}. */
    SQRT,
    /** {@code y = exp(x)}. */
    EXP,
    /** {@code y = tanh(x)}. */
    TANH,
    /** {@code y = 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** {@code y = max(x, 0)}. */
    RELU,
    /** {@code y = x} for {@code x > 0}, else {@code p * x} (leaky ReLU with slope p). */
    LEAKY_RELU,
    /** {@code y = min(max(x, -p), p)}: clamp to [-p, p]; hard-tanh is p = 1. */
    CLAMP
}
