package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shape check of the facade and the matrix constructors: an IllegalArgumentException whose
 * single-sentence message names both offending shapes or values.
 */
@Tag("kernels")
class ShapeErrorsTest {
    private static Workers workers;
    private static Blas blas;

    @BeforeAll static void start() {
        workers = Workers.of(1);
        blas = Blas.on(workers);
    }

    @AfterAll static void stop() { workers.close(); }

    private static FloatMatrix f(int r, int c) { return new FloatMatrix(r, c); }

    private static DoubleMatrix d(int r, int c) { return new DoubleMatrix(r, c); }

    private static Arguments err(String name, ThrowingCallable call, String... mentions) { return Arguments.of(name, call, mentions); }

    static Stream<Arguments> facadeErrors() {
        List<Arguments> out = new ArrayList<>();
        Transpose n = Transpose.N, t = Transpose.T;
        // gemm: inner dimensions
        out.add(err("gemm float inner NN", () -> blas.gemm(n, n, 1f, f(3, 4), f(5, 6), 0f, f(3, 6)), "3x4", "5x6"));
        out.add(err("gemm double inner NN", () -> blas.gemm(n, n, 1.0, d(3, 4), d(5, 6), 0.0, d(3, 6)), "3x4", "5x6"));
        out.add(err("gemm float inner TN", () -> blas.gemm(t, n, 1f, f(4, 3), f(5, 6), 0f, f(3, 6)), "op(A) is 3x4", "A 4x3", "5x6"));
        out.add(err("gemm double inner NT", () -> blas.gemm(n, t, 1.0, d(3, 4), d(6, 5), 0.0, d(3, 6)), "3x4", "op(B) is 5x6", "B 6x5"));
        // gemm: C shape
        out.add(err("gemm float C", () -> blas.gemm(n, n, 1f, f(3, 4), f(4, 6), 0f, f(5, 6)), "5x6", "3x6"));
        out.add(err("gemm double C", () -> blas.gemm(n, n, 1.0, d(3, 4), d(4, 6), 0.0, d(3, 7)), "3x7", "3x6"));
        out.add(err("gemm float C TT", () -> blas.gemm(t, t, 1f, f(4, 3), f(6, 4), 0f, f(6, 3)), "6x3", "3x6"));
        out.add(err("multiply float", () -> blas.multiply(f(2, 3), f(4, 5)), "2x3", "4x5"));
        out.add(err("multiply double", () -> blas.multiply(d(2, 3), d(4, 5)), "2x3", "4x5"));
        // syrk
        out.add(err("syrk float", () -> blas.syrk(1f, f(5, 3), 0f, f(4, 4)), "5x3", "4x4"));
        out.add(err("syrk double", () -> blas.syrk(1.0, d(5, 3), 0.0, d(3, 5)), "5x3", "3x5"));
        // gemv
        out.add(err("gemv float N x", () -> blas.gemv(n, 1f, f(3, 4), new float[5], 0f, new float[3]), "3x4", "x has 5"));
        out.add(err("gemv float N y", () -> blas.gemv(n, 1f, f(3, 4), new float[4], 0f, new float[4]), "3x4", "y 4"));
        out.add(err("gemv double T", () -> blas.gemv(t, 1.0, d(3, 4), new double[4], 0.0, new double[3]), "A 3x4", "op(A) is 4x3", "x has 4"));
        // axpy, dot, map on vectors
        out.add(err("axpy float[]", () -> blas.axpy(1f, new float[3], new float[4]), "3", "4"));
        out.add(err("axpy double[]", () -> blas.axpy(1.0, new double[4], new double[3]), "4", "3"));
        out.add(err("dot float[]", () -> blas.dot(new float[2], new float[7]), "2", "7"));
        out.add(err("dot double[]", () -> blas.dot(new double[7], new double[2]), "7", "2"));
        out.add(err("map float[]", () -> blas.map(UnaryOp.TANH, 0f, new float[5], new float[6]), "5", "6"));
        out.add(err("map double[]", () -> blas.map(UnaryOp.TANH, 0.0, new double[6], new double[5]), "6", "5"));
        // matrices
        out.add(err("axpy FloatMatrix", () -> blas.axpy(1f, f(3, 4), f(4, 3)), "3x4", "4x3"));
        out.add(err("axpy DoubleMatrix", () -> blas.axpy(1.0, d(3, 4), d(3, 5)), "3x4", "3x5"));
        out.add(err("map FloatMatrix", () -> blas.map(UnaryOp.RELU, 0f, f(2, 3), f(3, 2)), "2x3", "3x2"));
        out.add(err("map DoubleMatrix", () -> blas.map(UnaryOp.RELU, 0.0, d(2, 3), d(2, 4)), "2x3", "2x4"));
        out.add(err("zip FloatMatrix x y", () -> blas.zip(BinaryOp.ADD, f(2, 3), f(3, 3), f(2, 3)), "2x3", "3x3"));
        out.add(err("zip FloatMatrix x z", () -> blas.zip(BinaryOp.ADD, f(2, 3), f(2, 3), f(2, 4)), "2x3", "2x4"));
        out.add(err("zip DoubleMatrix x y", () -> blas.zip(BinaryOp.MUL, d(4, 1), d(1, 4), d(4, 1)), "4x1", "1x4"));
        out.add(err("zip DoubleMatrix x z", () -> blas.zip(BinaryOp.MUL, d(4, 1), d(4, 1), d(1, 4)), "4x1", "1x4"));
        out.add(err("copyFrom", () -> f(2, 2).copyFrom(f(2, 3)), "2x2", "2x3"));
        return out.stream();
    }

    static Stream<Arguments> constructionErrors() {
        List<Arguments> out = new ArrayList<>();
        out.add(err("negative rows float", () -> new FloatMatrix(-1, 3), "-1x3"));
        out.add(err("negative cols double", () -> new DoubleMatrix(2, -4), "2x-4"));
        out.add(err("wrap negative dims", () -> FloatMatrix.wrap(-2, 3, new float[0]), "-2x3"));
        out.add(err("wrap float length", () -> FloatMatrix.wrap(2, 3, new float[5]), "2x3", "5", "6"));
        out.add(err("wrap double length", () -> DoubleMatrix.wrap(3, 2, new double[7]), "3x2", "7", "6"));
        out.add(err("wrap stride < cols", () -> FloatMatrix.wrap(new float[20], 0, 2, 3, 2), "stride 2", "3 columns"));
        out.add(err("wrap negative offset", () -> DoubleMatrix.wrap(new double[20], -1, 2, 3, 3), "offset -1"));
        out.add(err("wrap past the end", () -> FloatMatrix.wrap(new float[12], 3, 3, 3, 4), "needs 14", "has 12"));
        out.add(err("wrap empty at offset past the end", () -> DoubleMatrix.wrap(new double[4], 5, 0, 3, 3), "offset 5", "has 4"));
        out.add(err("view past the bottom", () -> f(4, 5).view(2, 3, 3, 2), "3x2", "(2, 3)", "4x5"));
        out.add(err("view past the right", () -> d(4, 5).view(0, 3, 2, 3), "2x3", "(0, 3)", "4x5"));
        out.add(err("view negative origin", () -> f(4, 5).view(-1, 0, 2, 2), "2x2", "(-1, 0)", "4x5"));
        out.add(err("view negative size", () -> d(4, 5).view(1, 1, 2, -1), "2x-1", "4x5"));
        out.add(err("view of a view", () -> f(10, 10).view(2, 2, 5, 5).view(1, 1, 5, 2), "5x2", "5x5"));
        out.add(err("rowsView", () -> d(4, 5).rowsView(3, 2), "2x5", "4x5"));
        out.add(err("of ragged", () -> FloatMatrix.of(new float[][] {{1, 2}, {3}}), "row 1", "1", "2"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"facadeErrors", "constructionErrors"})
    void rejectsWithAMessageNamingBothShapes(String name, ThrowingCallable call, String[] mentions) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(name).isInstanceOf(IllegalArgumentException.class);
        String message = thrown.getMessage();
        assertThat(message).as(name).contains(mentions).doesNotContain("\n").doesNotContain(". ");
    }

    @Test
    void elementAccessOutsideTheMatrixIsAnIndexError() {
        FloatMatrix m = new FloatMatrix(3, 4);
        assertThatThrownBy(() -> m.get(3, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("(3, 0)").hasMessageContaining("3x4");
        assertThatThrownBy(() -> m.set(0, -1, 1f)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("(0, -1)");
        DoubleMatrix v = new DoubleMatrix(5, 5).view(1, 1, 2, 2);
        assertThatThrownBy(() -> v.get(0, 2)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("2x2");
    }

    /** The failing checks must come before any write: C of a mismatched gemm stays as it was. */
    @Test
    void mismatchedGemmWritesNothing() {
        FloatMatrix c = new FloatMatrix(3, 6).fill(7f);
        assertThatThrownBy(() -> blas.gemm(Transpose.N, Transpose.N, 1f, f(3, 4), f(5, 6), 0f, c)).isInstanceOf(IllegalArgumentException.class);
        for (float[] row : c.toArray()) assertThat(row).containsOnly(7f);
    }
}
