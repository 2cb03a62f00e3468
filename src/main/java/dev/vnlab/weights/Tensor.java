package dev.vnlab.weights;

import java.util.Arrays;

/**
 * One named array of a weight file (a PyTorch state dict entry, an array of an .npz archive):
 * its shape and its elements in C (row-major) order, held as float32 whatever the file's type,
 * since the networks vnlab measures are float32.
 *
 * @param name the name the file gives it, e.g. {@code layers.0.weight}
 * @param shape its dimensions, outermost first; empty for a scalar
 * @param values the product of {@code shape} elements
 */
public record Tensor(String name, int[] shape, float[] values) {
    /** @throws IllegalArgumentException if a dimension is negative or the shape does not hold exactly {@code values.length} elements */
    public Tensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("tensor " + name + ": dimension " + d + " is invalid; expected at least 0");
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " holds more elements than an array; expected at most " + Integer.MAX_VALUE);
        }
        if (n != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " holds " + n + " elements, not " + values.length);
        }
        shape = shape.clone();
    }

    /** The dimensions (a copy). */
    @Override public int[] shape() { return shape.clone(); }

    /** The number of dimensions. */
    public int rank() { return shape.length; }

    /** Dimension {@code i}. */
    public int dim(int i) { return shape[i]; }

    @Override public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override public int hashCode() { return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values); }

    @Override public String toString() { return "Tensor[" + name + " " + Arrays.toString(shape) + "]"; }
}
