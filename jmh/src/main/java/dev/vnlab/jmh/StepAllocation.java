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
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by every thread of the JVM during each phase of a warmed-up training step
 * (TrainStepBench's network), read from the JVM's per-thread allocation counters. JMH's
 * {@code -prof gc} divides all allocation in the JVM, its own harness threads included, by the
 * operation count, so a slow operation shows the harness's few hundred bytes per second as
 * bytes per step; this reads the step alone. Run:
 * {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar dev.vnlab.jmh.StepAllocation [threads] [depth]}.
 */
public final class StepAllocation {
    private StepAllocation() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Workers workers = Workers.of(threads)) {
            Blas blas = Blas.on(workers);
            Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
            Mlp net = Mlp.create(784, 500, depth, 10, Activation.TANH, init, init, Rng.seeded(1), blas);
            Pass pass = new Pass(net, 100, blas);
            Optimizer sgd = new Sgd(net.parameters()).on(blas);
            FloatMatrix inputs = new FloatMatrix(100, 784);
            Rng.seeded(2).fillGaussian(inputs, 0f, 1f, blas);
            int[] labels = new int[100];
            for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
            long[] phase = new long[3];
            int warm = 200, measured = 100;
            for (int step = 0; step < warm + measured; step++) {
                long a0 = mx.getTotalThreadAllocatedBytes();
                pass.forward(inputs);
                long a1 = mx.getTotalThreadAllocatedBytes();
                pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, labels);
                long a2 = mx.getTotalThreadAllocatedBytes();
                sgd.step(1e-3);
                long a3 = mx.getTotalThreadAllocatedBytes();
                if (step >= warm) {
                    phase[0] += a1 - a0;
                    phase[1] += a2 - a1;
                    phase[2] += a3 - a2;
                }
            }
            System.out.printf("threads=%d depth=%d steps=%d bytes per step: forward=%.1f backward=%.1f optimizer=%.1f%n",
                    threads, depth, measured, (double) phase[0] / measured, (double) phase[1] / measured, (double) phase[2] / measured);
        }
    }
}
