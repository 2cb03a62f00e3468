package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
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
 * SGEMM at the shapes an MLP of the paper runs: a batch of 100 through a 500-wide layer
 * (100x500 * 500x500) and the MNIST training set through the first layer (1000x784 * 784x500).
 * GFLOP/s is {@code 2 m k n / time}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class MlpShapeGemmBench {
    /** m x k x n. */
    @Param({"100x500x500", "1000x784x500"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** The kind of helper threads (a one-thread Workers has none): measured side by side. */
    @Param({"SPINNING", "FORK_JOIN"})
    public Workers.Kind pool;

    private Workers workers;
    private Blas blas;
    private FloatMatrix a, b, c;

    @Setup(Level.Trial)
    public void setup() {
        String[] d = shape.split("x");
        int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
        workers = Workers.of(threads, pool);
        blas = Blas.on(workers);
        SplittableRandom r = new SplittableRandom(7);
        a = Fill.gaussian(new FloatMatrix(m, k), r);
        b = Fill.gaussian(new FloatMatrix(k, n), r);
        c = new FloatMatrix(m, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public FloatMatrix sgemm() {
        blas.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
        return c;
    }
}
