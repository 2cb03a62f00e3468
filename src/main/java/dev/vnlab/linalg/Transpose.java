package dev.vnlab.linalg;

/** Whether a GEMM/GEMV operand is used as stored ({@link #N}) or transposed ({@link #T}). */
public enum Transpose {
    /** op(X) = X. */
    N,
    /** op(X) = X^T. */
    T;

    boolean on() { return this == T; }
}
