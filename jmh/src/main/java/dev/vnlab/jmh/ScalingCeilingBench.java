package dev.vnlab.jmh;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Transpose;
import dev.vnlab.parallel.Workers;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What a second core can give on this machine, whatever the code: an SGEMM shape cut in two the
 * way vnlab's 2-thread GEMM cuts it (half the rows when C is taller than one row block, else half
 * the columns), each half an independent 1-thread GEMM on its own copies of the operands, so the
 * two threads share nothing but the machine. {@code whole} is the shape on one thread,
 * {@code halfAlone} one half on one thread, {@code halvesAtOnce} both halves on two threads at
 * the same time (JMH's threads, one half each). The 2-thread speed-up no split of this shape can
 * beat here is {@code whole / halvesAtOnce}; {@code halvesAtOnce / halfAlone} is what the two
 * cores cost each other (shared cache, memory and clock). {@code halvesInStep} makes the two
 * threads meet after every call, as one parallel GEMM must: its call lasts as long as the slower
 * half, so {@code whole / halvesInStep} is the ceiling for a GEMM split in two. Median call times.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ScalingCeilingBench {
    /** The shapes of the 2-thread acceptance bars, m x k x n. */
    @State(Scope.Thread)
    public static class Operands {
        @Param({"100x500x500", "1000x784x500", "1024x1024x1024"})
        public String shape;

        private Workers workers;
        private Blas blas;
        private FloatMatrix a, b, c;
        private long calls; // this thread's calls so far, for halvesInStep

        /** The whole shape (for {@code whole}) or this JMH thread's half of it. */
        void setup(boolean half, int part) {
            String[] d = shape.split("x");
            int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            if (half) {
                // vnlab's own split: rows when C is taller than one row block (144 rows), else columns
                if (m > 144) m = part == 0 ? m / 2 : m - m / 2;
                else n = part == 0 ? n / 2 : n - n / 2;
            }
            workers = Workers.of(1);
            blas = Blas.on(workers);
            SplittableRandom r = new SplittableRandom(7 + part);
            a = Fill.gaussian(new FloatMatrix(m, k), r);
            b = Fill.gaussian(new FloatMatrix(k, n), r);
            c = new FloatMatrix(m, n);
        }

        FloatMatrix gemm() {
            blas.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
            return c;
        }

        @TearDown(Level.Trial)
        public void tearDown() { workers.close(); }
    }

    /** The whole shape. */
    public static class Whole extends Operands {
        @Setup(Level.Trial)
        public void setup() { setup(false, 0); }
    }

    /** One half per JMH thread: thread 0 the first, thread 1 the second. */
    public static class Half extends Operands {
        @Setup(Level.Trial)
        public void setup(ThreadParams t) { setup(true, t.getThreadIndex() % 2); }
    }

    /** Where the two threads of {@code halvesInStep} meet after every call. */
    @State(Scope.Group)
    public static class Meeting {
        private final AtomicLong arrivals = new AtomicLong();

        /** Waits, spinning, until the other thread has made as many calls (or the iteration ends). */
        void await(Operands s, Control control) {
            long target = 2 * ++s.calls;
            arrivals.incrementAndGet();
            while (arrivals.get() < target && !control.stopMeasurement) Thread.onSpinWait();
        }
    }

    @Benchmark
    @Threads(1)
    public FloatMatrix whole(Whole s) {
        return s.gemm();
    }

    @Benchmark
    @Threads(1)
    public FloatMatrix halfAlone(Half s) {
        return s.gemm();
    }

    @Benchmark
    @Threads(2)
    public FloatMatrix halvesAtOnce(Half s) {
        return s.gemm();
    }

    /**
     * As {@code halvesAtOnce}, but the threads meet after every call, as the two halves of one
     * parallel GEMM must: each call then lasts as long as the slower half, plus the meeting.
     */
    @Benchmark
    @Group("halvesInStep")
    @GroupThreads(2)
    public FloatMatrix halvesInStep(Half s, Meeting meeting, Control control) {
        FloatMatrix c = s.gemm();
        meeting.await(s, control);
        return c;
    }
}
