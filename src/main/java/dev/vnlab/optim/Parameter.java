package dev.vnlab.optim;

/**
 * One trainable tensor, flattened: {@code value[offset, offset + length)} and its gradient
 * {@code grad[gradOffset, gradOffset + length)} (a layer's weight matrix or bias vector). The
 * arrays are shared with the model; optimizers modify value and, for clipping and coupled weight
 * decay, grad.
 *
 * @param name for messages and checkpoints
 */
public record Parameter(String name, float[] value, int offset, float[] grad, int gradOffset, int length) {
    /**
     * @throws IllegalArgumentException if a range lies outside its array
     */
    public Parameter {
        if (length < 0 || offset < 0 || gradOffset < 0 || offset + length > value.length || gradOffset + length > grad.length) {
            throw new IllegalArgumentException("parameter " + name + ": range of " + length + " at " + offset + " (gradient at " + gradOffset
                    + ") does not fit arrays of " + value.length + " and " + grad.length + " elements");
        }
    }

    /** A whole array and its same-sized gradient. */
    public static Parameter of(String name, float[] value, float[] grad) {
        if (value.length != grad.length) {
            throw new IllegalArgumentException("parameter " + name + " has " + value.length + " values but " + grad.length + " gradients");
        }
        return new Parameter(name, value, 0, grad, 0, value.length);
    }
}
