package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
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
 * Random fills, one thread, against numpy's Generator.standard_normal (peers.py rng, 10^7
 * float32 samples). Samples per second = count / time per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RngBench {
    @Param({"10000000"})
    public int count;

    private Workers workers;
    private Blas blas;
    private Rng rng;
    private float[] floats;
    private double[] doubles;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(1);
        blas = Blas.on(workers);
        rng = Rng.seeded(1);
        floats = new float[count];
        doubles = new double[count];
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public float[] gaussianFloat() {
        rng.fillGaussian(floats, 0, count, 0f, 1f, blas);
        return floats;
    }

    @Benchmark
    public float[] uniformFloat() {
        rng.fillUniform(floats, 0, count, 0f, 1f, blas);
        return floats;
    }

    @Benchmark
    public double[] gaussianDouble() {
        rng.fillGaussian(doubles, 0, count, 0.0, 1.0, blas);
        return doubles;
    }
}
