package dev.vnlab.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure-Java peer: EJML's single-threaded float GEMM on the same problem as
 * {@link GemmBench#sgemmScalarKernels}, so the scalar fallback is compared in the same sitting.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class EjmlPeerBench {
    @Param({"1024"})
    public int n;

    private FMatrixRMaj a, b, c;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        a = new FMatrixRMaj(n, n);
        b = new FMatrixRMaj(n, n);
        c = new FMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) {
            a.data[i] = (float) (r.nextDouble() * 2 - 1);
            b.data[i] = (float) (r.nextDouble() * 2 - 1);
        }
    }

    @Benchmark
    public FMatrixRMaj ejmlSgemm() {
        CommonOps_FDRM.mult(a, b, c);
        return c;
    }
}
