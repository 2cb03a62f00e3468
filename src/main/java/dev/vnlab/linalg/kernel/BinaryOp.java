package dev.vnlab.linalg.kernel;

/** Element-wise functions of two operands, {@code z = x op y}, provided vectorised by every kernel set. */
public enum BinaryOp {
    /** {@code z = x + y}. */
    ADD,
    /** {@code z = x - y}. */
    SUB,
    /** {@code z = x * y}. */
    MUL,
    /** {@code z = x / y}. */
    DIV,
    /** {@code z = max(x, y)}. */
    MAX,
    /** {@code z = min(x, y)}. */
    MIN
}
