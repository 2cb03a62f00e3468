package dev.vnlab.jmh;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.CovarianceAccumulator;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
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
 * The VNI of an M x N activation matrix (float32, i.i.d. Gaussian, as peers.py vni draws it;
 * numpy's {@code np.cov} then {@code sum(C^2) / tr(C)^2}). {@link #vni}: the steady state of a
 * monitor that measures again and again, one accumulator cleared and reused, its statistics read
 * without forming a matrix of its own (nothing of size N^2 is allocated per call);
 * {@link #vniFreshAccumulator}: a new accumulator and the whole covariance every call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class VniBench {
    @Param({"1000"})
    public int m;
    @Param({"500"})
    public int n;
    @Param({"1", "2"})
    public int threads;

    private Workers workers;
    private Blas blas;
    private FloatMatrix x;
    private CovarianceAccumulator accumulator;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(threads);
        blas = Blas.on(workers);
        x = new FloatMatrix(m, n);
        Rng.seeded(1).fillGaussian(x, 0f, 1f, blas);
        accumulator = new CovarianceAccumulator(n, blas);
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public double vni() {
        accumulator.clear();
        accumulator.add(x);
        return accumulator.statistics().vni();
    }

    @Benchmark
    public double vniFreshAccumulator() {
        CovarianceAccumulator acc = new CovarianceAccumulator(n, blas);
        acc.add(x);
        return acc.covariance().vni();
    }

    /**
     * Issue 5's memory bound: the VNI of every hidden layer of a depth-20, width-500 tanh network
     * over 60,000 streamed inputs of width 784, in a 256 MB heap.
     */
    @State(Scope.Benchmark)
    public static class Network {
        @Param({"2"})
        public int threads;
        Workers workers;
        Blas blas;
        Mlp net;
        RowSource inputs;

        @Setup(Level.Trial)
        public void setup() {
            workers = Workers.of(threads);
            blas = Blas.on(workers);
            Init init = new Init(Init.Scheme.GAUSSIAN, 1.0, 0.05);
            net = Mlp.create(784, 500, 20, 10, Activation.TANH, init, init, Rng.seeded(3), blas);
            inputs = RowSource.gaussian(Rng.seeded(4), 60_000, 784, 1.0, blas);
        }

        @TearDown(Level.Trial)
        public void tearDown() { workers.close(); }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx256m"})
    public LayerMetrics.Layer[] layerVni60k(Network s) {
        return LayerMetrics.measure(s.net, s.inputs, 500, false, s.blas);
    }
}
