package dev.vnlab.theory;

/**
 * Free-probability predictions for the spectrum of J J^T, J the input-output Jacobian of a
 * depth-L, width-N network (docs/theory.md sections 3-4), and the vanishing-node indicator they
 * imply.
 *
 * @param depth L
 * @param width N
 * @param m1 the first moment of the eigenvalues of J J^T
 * @param m2 the second moment (may overflow to +Infinity, or underflow to 0, where m1 does)
 * @param m2OverM1Squared {@code m2 / m1^2}, computed without forming m1^2 (finite wherever m1
 *        and m2 overflow or underflow)
 * @param vni the predicted VNI {@code m2 / (N m1^2)}; not clamped to [1/N, 1]: the fixed-point
 *        formula (eq. 3.6) is accurate only for N &gt;&gt; L and exceeds 1 where L/N is large,
 *        while a measured VNI cannot
 */
public record Prediction(int depth, int width, double m1, double m2, double m2OverM1Squared, double vni) {}
