package dev.vnlab.linalg;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix, or a view of part of one. Element (i, j) lives at
 * {@code data()[offset() + i * stride() + j]}; views share their parent's array, so writes
 * through a view change the parent.
 */
public final class FloatMatrix {
    private final float[] data;
    private final int offset;
    private final int rows;
    private final int cols;
    private final int stride;

    /** A new {@code rows x cols} matrix of zeros. */
    public FloatMatrix(int rows, int cols) {
        this.data = new float[Shapes.elements(rows, cols)];
        this.offset = 0;
        this.rows = rows;
        this.cols = cols;
        this.stride = cols;
    }

    private FloatMatrix(float[] data, int offset, int rows, int cols, int stride) {
        Shapes.checkStorage(data.length, offset, rows, cols, stride);
        this.data = data;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.stride = stride;
    }

    /** Wraps {@code data} (not copied) as a {@code rows x cols} matrix; its length must be rows * cols. */
    public static FloatMatrix wrap(int rows, int cols, float... data) {
        Shapes.checkDims(rows, cols);
        Shapes.checkLength("data for a " + Shapes.shape(rows, cols) + " matrix", data.length, rows * cols);
        return new FloatMatrix(data, 0, rows, cols, cols);
    }

    /** Wraps part of {@code data} (not copied): element (i, j) at {@code offset + i * stride + j}. */
    public static FloatMatrix wrap(float[] data, int offset, int rows, int cols, int stride) {
        return new FloatMatrix(data, offset, rows, cols, stride);
    }

    /** A copy of a rectangular {@code float[rows][cols]} array. */
    public static FloatMatrix of(float[][] values) {
        int rows = values.length, cols = rows == 0 ? 0 : values[0].length;
        FloatMatrix m = new FloatMatrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            Shapes.checkLength("row " + i, values[i].length, cols);
            System.arraycopy(values[i], 0, m.data, i * cols, cols);
        }
        return m;
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Distance in the array between (i, j) and (i + 1, j). */
    public int stride() { return stride; }

    /** Index in {@link #data()} of element (0, 0). */
    public int offset() { return offset; }

    /** The backing array, shared: for kernels and interoperation. */
    public float[] data() { return data; }

    /** True when the rows follow one another with no gap, so the elements form one range. */
    public boolean isContiguous() { return stride == cols || rows <= 1; }

    /** Index in {@link #data()} of element (i, j), unchecked. */
    public int index(int i, int j) { return offset + i * stride + j; }

    public float get(int i, int j) {
        Shapes.checkIndex(i, j, rows, cols);
        return data[offset + i * stride + j];
    }

    public void set(int i, int j, float v) {
        Shapes.checkIndex(i, j, rows, cols);
        data[offset + i * stride + j] = v;
    }

    /** A view (shared storage) of {@code vr x vc} elements starting at (r0, c0). */
    public FloatMatrix view(int r0, int c0, int vr, int vc) {
        Shapes.checkView(rows, cols, r0, c0, vr, vc);
        return new FloatMatrix(data, offset + r0 * stride + c0, vr, vc, stride);
    }

    /** A view of rows [r0, r0 + count). */
    public FloatMatrix rowsView(int r0, int count) { return view(r0, 0, count, cols); }

    /** A new contiguous matrix with the same elements. */
    public FloatMatrix copy() {
        FloatMatrix m = new FloatMatrix(rows, cols);
        m.copyFrom(this);
        return m;
    }

    /** Overwrites this matrix with {@code src}; the shapes must be equal. */
    public FloatMatrix copyFrom(FloatMatrix src) {
        Shapes.checkSame("copyFrom", rows, cols, src.rows, src.cols);
        for (int i = 0; i < rows; i++) System.arraycopy(src.data, src.index(i, 0), data, index(i, 0), cols);
        return this;
    }

    /** A new matrix holding the transpose. */
    public FloatMatrix transpose() {
        FloatMatrix t = new FloatMatrix(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t.data[j * rows + i] = data[offset + i * stride + j];
        }
        return t;
    }

    /** Sets every element to {@code v}. */
    public FloatMatrix fill(float v) {
        for (int i = 0; i < rows; i++) Arrays.fill(data, index(i, 0), index(i, 0) + cols, v);
        return this;
    }

    /** The elements as a new {@code float[rows][cols]}. */
    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) out[i] = Arrays.copyOfRange(data, index(i, 0), index(i, 0) + cols);
        return out;
    }

    /** Row {@code i} as a new array. */
    public float[] row(int i) {
        Shapes.checkIndex(i, 0, rows, Math.max(cols, 1));
        return Arrays.copyOfRange(data, index(i, 0), index(i, 0) + cols);
    }

    /** Widens to float64. */
    public DoubleMatrix toDouble() {
        DoubleMatrix d = new DoubleMatrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) d.data()[i * cols + j] = data[index(i, j)];
        }
        return d;
    }

    @Override public String toString() {
        return "FloatMatrix " + Shapes.shape(rows, cols) + (isContiguous() ? "" : " (view, stride " + stride + ")");
    }
}
