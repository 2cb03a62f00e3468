package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.parallel.Workers;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square SGEMM and DGEMM, {@code C = A B}, at 1 and 2 threads. Time per call; GFLOP/s is
 * {@code 2 n^3 / time}. Each call returns C so that nothing can be optimised away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class GemmBench {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    /** The kind of helper threads (a one-thread Workers has none): measured side by side. */
    @Param({"SPINNING", "FORK_JOIN"})
    public Workers.Kind pool;

    private Workers workers;
    private Blas blas;
    private FloatMatrix fa, fb, fc;
    private DoubleMatrix da, db, dc;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(threads, pool);
        blas = Blas.on(workers);
        SplittableRandom r = new SplittableRandom(42);
        fa = Fill.gaussian(new FloatMatrix(n, n), r);
        fb = Fill.gaussian(new FloatMatrix(n, n), r);
        fc = new FloatMatrix(n, n);
        da = fa.toDouble();
        db = fb.toDouble();
        dc = new DoubleMatrix(n, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public FloatMatrix sgemm() {
        blas.gemm(Transpose.N, Transpose.N, 1f, fa, fb, 0f, fc);
        return fc;
    }

    @Benchmark
    public DoubleMatrix dgemm() {
        blas.gemm(Transpose.N, Transpose.N, 1.0, da, db, 0.0, dc);
        return dc;
    }

    /** The scalar fallback kernels on the same problem, one thread (n = 1024 only, it is slow). */
    @State(Scope.Benchmark)
    public static class Scalar {
        @Param({"1024"})
        public int n;
        private Blas blas;
        private FloatMatrix a, b, c;

        @Setup(Level.Trial)
        public void setup() {
            blas = Blas.on(Workers.of(1), KernelProvider.scalar());
            SplittableRandom r = new SplittableRandom(42);
            a = Fill.gaussian(new FloatMatrix(n, n), r);
            b = Fill.gaussian(new FloatMatrix(n, n), r);
            c = new FloatMatrix(n, n);
        }
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public FloatMatrix sgemmScalarKernels(Scalar s) {
        s.blas.gemm(Transpose.N, Transpose.N, 1f, s.a, s.b, 0f, s.c);
        return s.c;
    }
}
