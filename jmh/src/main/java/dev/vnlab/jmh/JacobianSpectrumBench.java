package dev.vnlab.jmh;

import dev.vnlab.nn.Activation;
import dev.vnlab.random.Rng;
import dev.vnlab.spectrum.JacobianMoments;
import dev.vnlab.spectrum.JacobianSpectrum;
import dev.vnlab.spectrum.StochasticMoments;
import java.util.List;
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
 * The Jacobian spectrum of one input through the paper's depth-100, width-500 critical tanh
 * network (inputs of variance 0.1): {@link #exact} forms J (the forward pass, then 99 GEMMs of
 * 500 x 500 x 500), J J^T in double and its 500 eigenvalues, m1 and m2; {@link #stochastic}
 * estimates m1, m2 and the VNI from {@code probes} probes without forming J.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class JacobianSpectrumBench {
    @Param({"100"})
    public int depth;
    @Param({"500"})
    public int width;
    @Param({"500"})
    public int inputs;
    @Param({"32"})
    public int probes;
    @Param({"1", "2"})
    public int threads;

    private NetworkAtOneInput fixture;

    @Setup(Level.Trial)
    public void setup() {
        fixture = new NetworkAtOneInput(Activation.TANH, inputs, width, depth, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() { fixture.close(); }

    @Benchmark
    public JacobianSpectrum exact() {
        return JacobianSpectrum.at(fixture.jacobian(), 0);
    }

    @Benchmark
    public List<JacobianMoments> stochastic() {
        return StochasticMoments.estimate(fixture.jacobian(), probes, Rng.seeded(3));
    }
}
