package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.kernel.UnaryOp;
import dev.vnlab.parallel.Workers;
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
 * Element-wise activation maps on one thread over a 100 x 500 batch (the MLP's hidden layer),
 * every op in the same JVM as a network would use them. Run with {@code -prof gc}: a map that
 * allocates has a vector boxed across a call C2 did not inline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class MapBench {
    @Param({"TANH", "EXP", "SIGMOID", "RELU", "CLAMP"})
    public UnaryOp op;

    private Workers workers;
    private Blas blas;
    private float[] x, y;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(1);
        blas = Blas.on(workers);
        x = new float[100 * 500];
        y = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) (3 * Math.sin(i));
        // Warm every op first, as a network mixes them: one compiled switch must serve all.
        for (int r = 0; r < 2000; r++) for (UnaryOp o : UnaryOp.values()) blas.map(o, 1f, x, y);
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public float[] map() {
        blas.map(op, 1f, x, y);
        return y;
    }
}
