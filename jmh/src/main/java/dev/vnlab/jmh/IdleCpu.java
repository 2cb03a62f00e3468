package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU an embedded vnlab takes when the host application is not asking it for work, or asks
 * only now and then: after a warm-up of parallel GEMMs, the process's CPU time and its helper
 * threads' CPU time over a quiet spell, then while the host runs one 100 x 500 x 500 GEMM every
 * few milliseconds (each call leaves the helpers spinning, or parking, until the next). Run:
 * {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar dev.vnlab.jmh.IdleCpu [threads] [SPINNING|FORK_JOIN] [seconds]}.
 */
public final class IdleCpu {
    private IdleCpu() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Workers.Kind kind = args.length > 1 ? Workers.Kind.valueOf(args[1]) : Workers.Kind.SPINNING;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        try (Workers workers = Workers.of(threads, kind)) {
            Blas blas = Blas.on(workers);
            FloatMatrix a = new FloatMatrix(100, 500), b = new FloatMatrix(500, 500), c = new FloatMatrix(100, 500);
            Rng.seeded(1).fillGaussian(a, 0f, 1f, blas);
            Rng.seeded(2).fillGaussian(b, 0f, 1f, blas);
            for (int i = 0; i < 3000; i++) blas.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
            System.out.printf("%s, GEMM 100 x 500 x 500; CPU milliseconds per wall second (process / helper threads)%n", workers);
            report("idle", seconds, null);
            for (int periodMicros : new int[] {20_000, 5_000, 1_000, 200}) {
                report("one GEMM every " + periodMicros + " us", seconds, () -> {
                    blas.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
                    LockSupport.parkNanos(periodMicros * 1_000L);
                });
            }
        }
    }

    /**
     * Runs {@code step} over and over for {@code seconds} (or, for null, waits that long), then
     * prints the CPU the process and the helpers took per wall second.
     */
    private static void report(String what, double seconds, Runnable step) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long p0 = os.getProcessCpuTime(), h0 = helperCpu(), t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        int calls = 0;
        if (step == null) {
            LockSupport.parkNanos(end - t0);
        } else {
            while (System.nanoTime() < end) {
                step.run();
                calls++;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %-28s %7.1f / %7.1f   (%d calls)%n", what,
                (os.getProcessCpuTime() - p0) / 1e6 / wall, (helperCpu() - h0) / 1e6 / wall, calls);
    }

    /** CPU nanoseconds used so far by vnlab's helper threads. */
    private static long helperCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("vnlab-worker")) sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
        }
        return sum;
    }
}
