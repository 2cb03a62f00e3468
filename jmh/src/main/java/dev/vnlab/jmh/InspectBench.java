package dev.vnlab.jmh;

import dev.vnlab.experiment.InspectExperiment;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.LayerDiagnostics;
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
 * What {@code ./vnlab inspect} computes of a network once the JVM is warm: a tanh MLP
 * 784 -> {@code depth} x {@code width} -> 10 (sigma_w^2 = 1.5, sigma_b^2 = 0.05) over
 * {@code inputs} Gaussian inputs. {@link #diagnostics} is the one observed pass and the per-layer
 * reading ({@link LayerDiagnostics}); {@link #inspection} adds the weights' statistics, the exact
 * Jacobian at 4 inputs and the theory, everything but the files. The numpy peer of the same work
 * is {@code bench/peers.py inspect}. Single calls: one takes seconds.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class InspectBench {
    @Param({"500"})
    public int width;
    @Param({"20"})
    public int depth;
    @Param({"10000"})
    public int inputs;
    @Param({"2"})
    public int threads;

    private Workers workers;
    private Blas blas;
    private Mlp net;
    private InspectExperiment inspection;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(threads);
        blas = Blas.on(workers);
        Init init = new Init(Init.Scheme.GAUSSIAN, 1.5, 0.05);
        net = Mlp.create(784, width, depth, 10, Activation.TANH, init, init, Rng.seeded(1), blas);
        inspection = new InspectExperiment(net, InspectExperiment.Inputs.gaussian(1, inputs, 784, 1, blas),
                new InspectExperiment.Settings("bench", 4, depth, new int[0], 1000));
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public LayerDiagnostics.Result diagnostics() {
        return LayerDiagnostics.measure(net, InspectExperiment.Inputs.gaussian(1, inputs, 784, 1, blas).rows(), 1000, depth, blas);
    }

    @Benchmark
    public InspectExperiment.Measured inspection() {
        return inspection.measure(blas);
    }
}
