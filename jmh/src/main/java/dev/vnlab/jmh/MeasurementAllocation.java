package dev.vnlab.jmh;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.decomp.HouseholderQr;
import dev.vnlab.linalg.decomp.SymmetricEigen;
import dev.vnlab.metrics.CovarianceAccumulator;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.ObservedPass;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.spectrum.HiddenJacobian;
import dev.vnlab.spectrum.StochasticMoments;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Bytes allocated by every thread of the JVM per call of each measurement path, once warm, read
 * from the JVM's per-thread allocation counters (as {@link StepAllocation} does for training):
 * the VNI of a reused accumulator, a forward-only pass, the covariance statistics of a depth
 * sweep over a network drawn on demand, the stochastic Jacobian probes, eigenvalues and QR (new
 * factors per call, as numpy makes them, and refactored into reused outputs).
 * Each line also gives the median time per call, for orientation only (JMH measures time).
 * Run: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar
 * dev.vnlab.jmh.MeasurementAllocation [threads]}.
 */
public final class MeasurementAllocation {
    private static final int M = 1000, N = 500, DEPTH = 100;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private MeasurementAllocation() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (Workers workers = Workers.of(threads)) {
            Blas blas = Blas.on(workers);
            System.out.printf("threads=%d; bytes allocated per call, warm (median time per call)%n", threads);

            FloatMatrix x = new FloatMatrix(M, N);
            Rng.seeded(1).fillGaussian(x, 0f, 1f, blas);
            CovarianceAccumulator acc = new CovarianceAccumulator(N, blas);
            report("VNI of 1000 x 500, accumulator reused", 200, 50, () -> {
                acc.clear();
                acc.add(x);
                return acc.statistics().vni();
            });
            report("VNI of 1000 x 500, new accumulator per call", 200, 50, () -> {
                CovarianceAccumulator fresh = new CovarianceAccumulator(N, blas);
                fresh.add(x);
                return fresh.covariance().vni();
            });

            // The main job's cell: hard-tanh, sigma_w^2 = 1, 1000 synthetic inputs of variance 0.1.
            Init init = new Init(Init.Scheme.GAUSSIAN, 1, 0);
            DrawnNetwork net = DrawnNetwork.of(N, N, DEPTH, 1, Activation.HARD_TANH, init, init, Rng.seeded(2), blas);
            RowSource inputs = RowSource.gaussian(Rng.seeded(3), M, N, 0.1, blas);
            double[] sink = new double[1];
            report("forward-only pass, depth 100, 1000 inputs", 10, 5, () -> {
                ObservedPass pass = new ObservedPass(net, blas);
                pass.observe(DEPTH, layer -> sink[0] += layer.outputs().get(0, 0));
                pass.run(inputs, M);
                return sink[0];
            });
            int[] depths = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
            report("covariance statistics at 10 depths, depth 100", 5, 5, () -> LayerMetrics.statistics(net, depths, inputs, M, blas));

            DrawnNetwork shallow = DrawnNetwork.of(N, N, 20, 1, Activation.HARD_TANH, init, init, Rng.seeded(4), blas);
            FloatMatrix points = new FloatMatrix(4, N);
            inputs.read(0, points);
            report("stochastic Jacobian, 4 inputs x 16 probes, depth 20", 10, 10,
                    () -> StochasticMoments.estimate(HiddenJacobian.at(shallow, points, blas), 16, Rng.seeded(5)));

            DoubleMatrix symmetric = new DoubleMatrix(1000, 1000), general = new DoubleMatrix(1000, 1000);
            SplittableRandom r = new SplittableRandom(6);
            for (int i = 0; i < 1000; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = r.nextGaussian();
                    symmetric.set(i, j, v);
                    symmetric.set(j, i, v);
                    general.set(i, j, r.nextGaussian());
                    general.set(j, i, r.nextGaussian());
                }
            }
            report("eigenvalues, n = 1000", 10, 10, () -> SymmetricEigen.values(symmetric, blas));
            report("QR with explicit Q and R, n = 1000, new factors", 10, 10, () -> {
                HouseholderQr<DoubleMatrix> qr = HouseholderQr.factor(general, blas);
                return new DoubleMatrix[] {qr.q(), qr.r()};
            });
            HouseholderQr<DoubleMatrix> reused = HouseholderQr.factor(general, blas);
            DoubleMatrix q = new DoubleMatrix(1000, 1000), r2 = new DoubleMatrix(1000, 1000);
            report("QR with explicit Q and R, n = 1000, refactored into reused outputs", 10, 10, () -> {
                reused.refactor(general);
                return new DoubleMatrix[] {reused.q(q), reused.r(r2)};
            });
        }
    }

    /** Runs {@code call} {@code warm} times, then {@code measured} times counting the bytes every thread allocates. */
    private static void report(String what, int warm, int measured, Supplier<Object> call) {
        Object keep = null;
        for (int i = 0; i < warm; i++) keep = call.get();
        long[] nanos = new long[measured];
        long before = THREADS.getTotalThreadAllocatedBytes();
        for (int i = 0; i < measured; i++) {
            long t = System.nanoTime();
            keep = call.get();
            nanos[i] = System.nanoTime() - t;
        }
        long bytes = THREADS.getTotalThreadAllocatedBytes() - before;
        java.util.Arrays.sort(nanos);
        System.out.printf("  %-55s %,14.0f bytes  (%.2f ms)%s%n", what, (double) bytes / measured, nanos[measured / 2] / 1e6, keep == null ? "?" : "");
    }
}
