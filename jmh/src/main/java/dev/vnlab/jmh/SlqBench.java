package dev.vnlab.jmh;

import dev.vnlab.nn.Activation;
import dev.vnlab.random.Rng;
import dev.vnlab.spectrum.JacobianSpectrum;
import dev.vnlab.spectrum.SpectralQuadrature;
import dev.vnlab.spectrum.StochasticLanczos;
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
 * The whole spectrum of J J^T at one input of a critical hard-tanh network (sigma_w^2 = 1, inputs
 * of variance 0.1; the weights held), two ways: {@link #exact} forms J (L GEMMs of N^3) and takes
 * J J^T's N eigenvalues in double; {@link #slq} runs stochastic Lanczos quadrature with
 * {@code vectors} start vectors of {@code steps} steps (every moment, the extremes and the
 * density, never forming J). Single calls: a call at width 2000 takes seconds. The heap must hold
 * the network, L N^2 floats (800 MB at width 2000, depth 50).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
@State(Scope.Benchmark)
public class SlqBench {
    @Param({"500", "1000", "2000"})
    public int width;
    @Param({"50"})
    public int depth;
    @Param({"8"})
    public int vectors;
    @Param({"40"})
    public int steps;
    @Param({"2"})
    public int threads;

    private NetworkAtOneInput fixture;

    @Setup(Level.Trial)
    public void setup() {
        fixture = new NetworkAtOneInput(Activation.HARD_TANH, width, width, depth, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() { fixture.close(); }

    @Benchmark
    public JacobianSpectrum exact() {
        return JacobianSpectrum.at(fixture.jacobian(), 0);
    }

    @Benchmark
    public SpectralQuadrature slq() {
        return StochasticLanczos.ofGram(fixture.jacobian(), vectors, steps, Rng.seeded(3));
    }
}
