package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.BinaryOp;
import dev.vnlab.linalg.kernel.UnaryOp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Reference.Call;
import dev.vnlab.linalg.Reference.Layout;
import dev.vnlab.linalg.Reference.Mat;
import dev.vnlab.linalg.Reference.Prec;
import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results must be bit-identical for 1, 2, 3 and 4 threads. Sizes are chosen so the parallel
 * paths are really taken: GEMM/SYRK above GemmDriver's 2^18 multiply-adds (with several row
 * blocks and column chunks), memory-bound operations above Blas's 2^16 elements.
 */
@Tag("kernels")
class ThreadDeterminismTest {
    private static final int[] THREADS = {1, 2, 3, 4};
    /**
     * The kernels the facade uses in this JVM: SIMD in the main run, scalar in the
     * scalar-fallback run (which checks the scalar kernels' determinism in full).
     */
    private static final List<Kernels> KERNELS = List.of(KernelProvider.kernels());
    private static final List<Workers> WORKERS = new ArrayList<>();

    @BeforeAll static void start() {
        for (int t : THREADS) WORKERS.add(Workers.of(t, Workers.Kind.SPINNING));
        // The same loops on an owned ForkJoinPool's workers hand tasks out differently.
        for (int t : new int[] {2, 4}) WORKERS.add(Workers.of(t, Workers.Kind.FORK_JOIN));
    }

    @AfterAll static void stop() {
        WORKERS.forEach(Workers::close);
        WORKERS.clear();
    }

    /**
     * Runs {@code op} (which must build fresh inputs from a fixed seed each time) on every
     * thread count and asserts the outputs' bits equal those of one thread.
     */
    private static void assertSameBitsForAllThreadCounts(String what, Kernels k, Function<Blas, double[]> op) {
        double[] one = null;
        for (Workers w : WORKERS) {
            assertThat(w.threads()).isPositive();
            double[] got = op.apply(Blas.on(w, k));
            if (one == null) one = got;
            else Reference.assertBitsEqual(what + ", " + w + " vs 1 thread", got, one);
        }
        assertThat(one).as("%s produced output", what).isNotNull();
    }

    static Stream<Arguments> gemmCases() {
        List<Arguments> out = new ArrayList<>();
        // m x n x k. Bands of rows: {300, 257, 290}, {520, 70, 530} (a short last k-block) and
        // {150, 4150, 20} (two column blocks); bands of columns: {97, 700, 513}, {20, 4200, 300}
        // and {20, 9000, 100} (two column blocks in one band on 2 threads).
        int[][] shapes = {{300, 257, 290}, {97, 700, 513}, {20, 4200, 300}, {520, 70, 530}, {150, 4150, 20}, {20, 9000, 100}};
        for (Kernels k : KERNELS) {
            for (Prec p : Prec.values()) {
                for (int[] s : shapes) {
                    for (Transpose ta : Transpose.values()) {
                        for (Transpose tb : Transpose.values()) out.add(Arguments.of(k.name(), k, p, ta, tb, s[0], s[1], s[2]));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} gemm {3}{4} m={5} n={6} k={7}")
    @MethodSource("gemmCases")
    void gemm(String name, Kernels k, Prec p, Transpose ta, Transpose tb, int m, int n, int kk) {
        boolean t = ta == Transpose.T, u = tb == Transpose.T;
        assertSameBitsForAllThreadCounts(name + " " + p + " gemm " + ta + tb, k, blas -> {
            Random rnd = new Random(42);
            Mat a = Reference.randomMat(p, Layout.VIEW, t ? kk : m, t ? m : kk, rnd);
            Mat b = Reference.randomMat(p, Layout.PLAIN, u ? n : kk, u ? kk : n, rnd);
            Mat c = Reference.randomMat(p, Layout.WRAPPED, m, n, rnd);
            Call.gemm(blas, ta, tb, 1.5, a, b, -0.5, c);
            return c.flat();
        });
    }

    static Stream<Arguments> kernelsAndPrecisions() {
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : KERNELS) for (Prec p : Prec.values()) out.add(Arguments.of(k.name(), k, p));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("kernelsAndPrecisions")
    void syrk(String name, Kernels k, Prec p) {
        for (int[] s : new int[][] {{290, 300}, {513, 97}}) {
            assertSameBitsForAllThreadCounts(name + " " + p + " syrk A " + s[0] + "x" + s[1], k, blas -> {
                Random rnd = new Random(43);
                Mat a = Reference.randomMat(p, Layout.VIEW, s[0], s[1], rnd);
                Mat c = Reference.randomMat(p, Layout.PLAIN, s[1], s[1], rnd);
                Call.syrk(blas, -0.75, a, 0.5, c);
                return c.flat();
            });
        }
    }

    static Stream<Arguments> gemvCases() {
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : KERNELS) {
            for (Prec p : Prec.values()) for (Transpose ta : Transpose.values()) out.add(Arguments.of(k.name(), k, p, ta));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} gemv {3}")
    @MethodSource("gemvCases")
    void gemv(String name, Kernels k, Prec p, Transpose ta) {
        assertSameBitsForAllThreadCounts(name + " " + p + " gemv " + ta, k, blas -> {
            Random rnd = new Random(44);
            Mat a = Reference.randomMat(p, Layout.VIEW, 300, 700, rnd);
            double[] x = Reference.randomVector(p, ta == Transpose.T ? 300 : 700, rnd, -1, 1);
            double[] y = Reference.randomVector(p, ta == Transpose.T ? 700 : 300, rnd, -1, 1);
            return Call.gemv(blas, ta, 0.5, a, x, 1.5, y);
        });
    }

    static Stream<Arguments> mapCases() {
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : KERNELS) {
            for (Prec p : Prec.values()) for (UnaryOp op : UnaryOp.values()) out.add(Arguments.of(k.name(), k, p, op));
        }
        return out.stream();
    }

    /** Matrix map works row by row, so every thread count makes the same kernel calls. */
    @ParameterizedTest(name = "{0} {2} map {3}")
    @MethodSource("mapCases")
    void mapMatrix(String name, Kernels k, Prec p, UnaryOp op) {
        assertSameBitsForAllThreadCounts(name + " " + p + " map " + op, k, blas -> {
            Random rnd = new Random(45);
            Mat x = Reference.mat(p, Layout.VIEW, 300, 300, rnd).random(rnd, -4, 4);
            Mat y = Reference.mat(p, Layout.PLAIN, 300, 300, rnd);
            Call.map(blas, op, Reference.paramFor(op), x, y);
            return y.flat();
        });
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("kernelsAndPrecisions")
    void memoryBoundMatrixOps(String name, Kernels k, Prec p) {
        for (BinaryOp op : BinaryOp.values()) {
            assertSameBitsForAllThreadCounts(name + " " + p + " zip " + op, k, blas -> {
                Random rnd = new Random(46);
                Mat x = Reference.randomMat(p, Layout.VIEW, 300, 300, rnd), y = Reference.randomMat(p, Layout.PLAIN, 300, 300, rnd);
                Call.zip(blas, op, x, y, x);
                return x.flat();
            });
        }
        assertSameBitsForAllThreadCounts(name + " " + p + " axpy", k, blas -> {
            Random rnd = new Random(47);
            Mat x = Reference.randomMat(p, Layout.VIEW, 300, 300, rnd), y = Reference.randomMat(p, Layout.WRAPPED, 300, 300, rnd);
            Call.axpy(blas, 0.3, x, y);
            return y.flat();
        });
        assertSameBitsForAllThreadCounts(name + " " + p + " colSums", k,
                blas -> Call.colSums(blas, Reference.randomMat(p, Layout.VIEW, 1000, 300, new Random(48))));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("kernelsAndPrecisions")
    void rowSumsAndFrobeniusNorm(String name, Kernels k, Prec p) {
        assertSameBitsForAllThreadCounts(name + " " + p + " rowSums", k,
                blas -> Call.rowSums(blas, Reference.randomMat(p, Layout.VIEW, 300, 1000, new Random(49))));
        assertSameBitsForAllThreadCounts(name + " " + p + " frobeniusNorm", k,
                blas -> new double[] {Call.frobeniusNorm(blas, Reference.randomMat(p, Layout.VIEW, 300, 300, new Random(50)))});
    }

    static Stream<Arguments> vectorMapCases() {
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : KERNELS) {
            for (Prec p : Prec.values()) {
                for (UnaryOp op : UnaryOp.values()) out.add(Arguments.of(k.name(), k, p, op));
            }
        }
        return out.stream();
    }

    /** Vector map/axpy are split into chunks whose boundaries depend on the thread count. */
    @ParameterizedTest(name = "{0} {2} vector map {3}")
    @MethodSource("vectorMapCases")
    void vectorMapAndAxpy(String name, Kernels k, Prec p, UnaryOp op) {
        double[] x = Reference.randomVector(p, 100_003, new Random(51), -4, 4);
        assertSameBitsForAllThreadCounts(name + " " + p + " vector map " + op, k,
                blas -> Call.map(blas, op, Reference.paramFor(op), p, x, false));
        double[] y = Reference.randomVector(p, 100_003, new Random(52), -4, 4);
        assertSameBitsForAllThreadCounts(name + " " + p + " vector axpy", k, blas -> Call.axpy(blas, -0.7, p, x, y));
    }

    /**
     * Blas.map over at least 2^16 elements splits the array at thread-count-dependent chunk
     * boundaries, so vector bodies and scalar tails meet at different elements: both must give
     * the same bits for every element, before and after C2 compiles the loop.
     */
    @ParameterizedTest(name = "{0} vector map {1}")
    @MethodSource("approximateOps")
    void vectorMapOfTranscendentalsIsBitIdenticalAcrossThreadCounts(Prec p, UnaryOp op) {
        Kernels simd = KernelProvider.simd().orElse(null);
        Assumptions.assumeTrue(simd != null, "no SIMD kernels in this JVM");
        double[] x = Reference.randomVector(p, 100_003, new Random(53), -4, 4);
        for (int rep = 0; rep < 30; rep++) { // long enough for C2 to compile the SIMD loop
            assertSameBitsForAllThreadCounts("simd " + p + " vector map " + op, simd, blas -> Call.map(blas, op, 0, p, x, false));
        }
    }

    /**
     * The same call on the same input gives the same bits before and after C2 compiles the
     * kernels: reductions end in a fixed-order lane sum (not {@code reduceLanes(ADD)}, whose order
     * differs between the interpreter and the intrinsic), and transcendentals are FloatMath's
     * (not SVML). Meaningful when it runs first in a fresh JVM, as the scalar-fallback and
     * the main runs both allow; it never fails spuriously once compiled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelsAndPrecisions")
    void resultsDoNotDependOnJitState(String name, Kernels k, Prec p) {
        Mat a = Reference.randomMat(p, Layout.PLAIN, 300, 1000, new Random(54));
        Blas blas = Blas.on(WORKERS.get(0), k);
        double[] first = Call.rowSums(blas, a);
        double[] x = Reference.randomVector(p, 4099, new Random(55), -4, 4);
        double[] firstExp = Call.map(blas, UnaryOp.EXP, 0, p, x, false);
        for (int rep = 0; rep < 200; rep++) {
            Reference.assertBitsEqual(name + " " + p + " rowSums call " + rep + " vs first", Call.rowSums(blas, a), first);
            Reference.assertBitsEqual(name + " " + p + " map EXP call " + rep + " vs first", Call.map(blas, UnaryOp.EXP, 0, p, x, false), firstExp);
        }
    }

    static Stream<Arguments> approximateOps() {
        List<Arguments> out = new ArrayList<>();
        for (Prec p : Prec.values()) for (UnaryOp op : UnaryOp.values()) if (Reference.approximate(op)) out.add(Arguments.of(p, op));
        return out.stream();
    }
}
