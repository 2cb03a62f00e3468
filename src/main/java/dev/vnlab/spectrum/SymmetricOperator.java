package dev.vnlab.spectrum;

/**
 * A real symmetric n x n operator, applied to many vectors at once, one per row of a row-major
 * block: what Lanczos needs of a matrix, which is never formed. Row i of a block may be multiplied
 * by an operator of its own (the Gram matrix {@code J J^T} of the Jacobian at the input that row
 * belongs to, say), provided each row meets the same operator at every call.
 */
public interface SymmetricOperator {
    /** n: the length of each vector. */
    int size();

    /**
     * Row i of {@code out} becomes {@code A_i} times row i of {@code in}.
     *
     * @param in rows x n, row-major; not modified
     * @param out rows x n, row-major; overwritten; not the same array as in
     * @param rows the number of vectors, as the operator defines them (a multiple of the inputs of a Jacobian)
     */
    void apply(double[] in, double[] out, int rows);
}
