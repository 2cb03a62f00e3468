package dev.vnlab.linalg.kernel;

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
    /** {@code y = erf(p x)}; the erf activation is p = sqrt(pi) / 2. */
    ERF,
    /** {@code y = exp(-p x^2)}: the erf activation's derivative with p = pi / 4. */
    GAUSSIAN,
    /** {@code y = max(x, 0)}. */
    RELU,
    /** {@code y = x} for {@code x > 0}, else {@code p * x} (leaky ReLU with slope p). */
    LEAKY_RELU,
    /** {@code y = min(max(x, -p), p)}: clamp to [-p, p]; hard-tanh is p = 1. */
    CLAMP,
    /** {@code y = 1 - x^2}, rounded once: tanh' from tanh's output. */
    ONE_MINUS_SQUARE,
    /** {@code y = x (1 - x) = x - x^2}, rounded once: the sigmoid's derivative from its output. */
    LOGISTIC_SLOPE,
    /** {@code y = 1} for {@code x > 0}, else 0: ReLU's derivative. */
    STEP,
    /** {@code y = 1} for {@code x > 0}, else {@code p}: leaky ReLU's derivative. */
    LEAKY_STEP,
    /** {@code y = 1} for {@code |x| < p}, else 0: the derivative of clamping to [-p, p]. */
    BOX
}
