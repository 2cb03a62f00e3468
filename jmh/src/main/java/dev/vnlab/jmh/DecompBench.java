package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.decomp.HouseholderQr;
import dev.vnlab.linalg.decomp.SymmetricEigen;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
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
 * The decompositions against LAPACK's (peers.py qr / eig): Householder QR with the explicit Q
 * (numpy.linalg.qr's work) and eigenvalues only of a symmetric matrix (scipy eigvalsh's).
 * Time per call; each returns what it computed. {@link #qrWithExplicitQ} makes new factors every
 * call, as numpy does; {@link #qrReusingOutputs} refactors one factorization and writes Q and R
 * into reused matrices, the steady state of a caller that factors matrix after matrix. Warm-up:
 * 20 s: C2 compiled GEMM's packing of B only about 4 s into a run here, and under JMH the
 * slower phase before it lasted about 12 s.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class DecompBench {
    @Param({"1000"})
    public int n;

    @Param({"1"})
    public int threads;

    private Workers workers;
    private Blas blas;
    private DoubleMatrix general, symmetric, q, r;
    private HouseholderQr<DoubleMatrix> reused;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(threads);
        blas = Blas.on(workers);
        general = new DoubleMatrix(n, n);
        Rng.seeded(1).fillGaussian(general, 0.0, 1.0, blas);
        symmetric = new DoubleMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0.5 * (general.get(i, j) + general.get(j, i)); // (X + X^T) / 2, as peers.py
                symmetric.set(i, j, v);
                symmetric.set(j, i, v);
            }
        }
        reused = HouseholderQr.factor(general, blas);
        q = new DoubleMatrix(n, n);
        r = new DoubleMatrix(n, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    /** QR with explicit Q and R, as numpy.linalg.qr (mode 'reduced'). */
    @Benchmark
    public Object qrWithExplicitQ() {
        HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(general, blas);
        return new DoubleMatrix[] {qr.q(), qr.r()};
    }

    /** QR with explicit Q and R into reused matrices, the factorization reused too. */
    @Benchmark
    public Object qrReusingOutputs() {
        reused.refactor(general);
        return new DoubleMatrix[] {reused.q(q), reused.r(r)};
    }

    /** Eigenvalues only, as scipy.linalg.eigvalsh. */
    @Benchmark
    public double[] eigenvalues() {
        return SymmetricEigen.values(symmetric, blas);
    }
}
