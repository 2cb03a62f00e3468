package dev.vnlab.data;

import dev.vnlab.linalg.FloatMatrix;

/**
 * A labelled dataset: an n x d matrix of inputs (one example per row) and n class labels in
 * {@code [0, classes)}. The arrays are shared, not copied: treat them as read-only.
 *
 * @param inputs n x d, one example per row
 * @param labels n labels
 * @param classes number of classes, greater than every label
 */
public record Dataset(FloatMatrix inputs, int[] labels, int classes) {
    /**
     * @throws IllegalArgumentException if the row and label counts differ or a label is outside [0, classes)
     */
    public Dataset {
        if (inputs.rows() != labels.length) {
            throw new IllegalArgumentException("dataset has " + inputs.rows() + " input rows but " + labels.length + " labels; expected one label per row");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at example " + i + " is outside [0, " + classes + ")");
            }
        }
    }

    /** Number of examples n. */
    public int size() { return labels.length; }

    /** Input width d. */
    public int features() { return inputs.cols(); }
}
