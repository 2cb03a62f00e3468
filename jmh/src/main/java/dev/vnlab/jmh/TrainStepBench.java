package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Loss;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;
import dev.vnlab.optim.Optimizer;
import dev.vnlab.optim.Sgd;
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
 * One training step (forward, softmax cross-entropy, backward, SGD update) of the paper's
 * Section 3.2 network: 784 inputs, depth 100, width 500, tanh, 10 classes, batch 100; against
 * PyTorch's (peers.py mlp). Run with {@code -prof gc}: a step should allocate nothing.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class TrainStepBench {
    @Param({"100"})
    public int depth;
    @Param({"500"})
    public int width;
    @Param({"100"})
    public int batch;
    @Param({"1", "2"})
    public int threads;

    /** The kind of helper threads (a one-thread Workers has none): measured side by side. */
    @Param({"SPINNING", "FORK_JOIN"})
    public Workers.Kind pool;

    private Workers workers;
    private Pass pass;
    private Optimizer sgd;
    private FloatMatrix inputs;
    private int[] labels;

    @Setup(Level.Trial)
    public void setup() {
        workers = Workers.of(threads, pool);
        Blas blas = Blas.on(workers);
        Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
        Mlp net = Mlp.create(784, width, depth, 10, Activation.TANH, init, init, Rng.seeded(1), blas);
        pass = new Pass(net, batch, blas);
        sgd = new Sgd(net.parameters()).on(blas);
        inputs = new FloatMatrix(batch, 784);
        Rng.seeded(2).fillGaussian(inputs, 0f, 1f, blas);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
    }

    @TearDown(Level.Trial)
    public void tearDown() { workers.close(); }

    @Benchmark
    public double trainStep() {
        pass.forward(inputs);
        double loss = pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, labels);
        sgd.step(1e-3);
        return loss;
    }
}
