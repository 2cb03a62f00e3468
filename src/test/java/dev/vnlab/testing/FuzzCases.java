package dev.vnlab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the cases of a seeded fuzz test and judges the run. {@code -Dvnlab.fuzz.seed=S} repeats a
 * run, {@code -Dvnlab.fuzz.case=I} runs only its case I, {@code -Dvnlab.fuzz.cases=N} sets how
 * many cases a run has (each test has its own defaults). Case I draws from a random source made
 * from the seed and I alone, so that it repeats by itself. A failure says what the case did, its
 * index and the seed to repeat it; a case that takes far too long counts as a hang.
 */
public final class FuzzCases {
    /** Far more than any case takes: a case past it is a hang. */
    private static final Duration CASE_TIME = Duration.ofSeconds(30);
    /** Failures past this many add little: the run stops there. */
    private static final int MAX_FAILURES = 10;

    private FuzzCases() {}

    /** One case of a run. */
    @FunctionalInterface
    public interface Case {
        /**
         * Runs case {@code index}, drawing only from {@code rnd} and noting in {@code log} what
         * it does to its files; returns its outcome, a short phrase the run counts, or throws.
         */
        String run(int index, Random rnd, List<String> log) throws Exception;
    }

    /**
     * A run without failures: how many cases it had, whether all of them ran (not only the one
     * {@code -Dvnlab.fuzz.case} picks), and how many cases ended in each outcome.
     */
    public record Run(int cases, boolean all, Map<String, Integer> outcomes) {
        /** How many cases ended in {@code outcome}. */
        public int count(String outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

    /**
     * Runs the cases of the fuzz test called {@code name}, one at a time, prints the seed, the
     * time taken and the outcomes, and asserts that no case failed.
     */
    public static Run run(String name, long defaultSeed, int defaultCases, Case fuzzCase) throws InterruptedException {
        long seed = Long.getLong("vnlab.fuzz.seed", defaultSeed);
        int cases = Integer.getInteger("vnlab.fuzz.cases", defaultCases);
        Integer only = Integer.getInteger("vnlab.fuzz.case");
        // One thread apart from the test's, so that a case that hangs can be given up on.
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-fuzz-case");
            t.setDaemon(true); // a stuck case (a blocking open, say) must not keep the JVM alive
            return t;
        });
        List<String> failures = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < cases && failures.size() < MAX_FAILURES; i++) {
                if (only != null && i != only) continue;
                int index = i;
                Future<String> result = runner.submit(() -> attempt(fuzzCase, index, seed));
                try {
                    outcomes.merge(result.get(CASE_TIME.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
                } catch (ExecutionException e) {
                    failures.add("case " + i + ": " + e.getCause().getMessage());
                } catch (TimeoutException e) {
                    failures.add("case " + i + ": no result within " + CASE_TIME.toSeconds() + " s (it hangs)");
                    break; // the runner's one thread is stuck in it
                }
            }
        } finally {
            runner.shutdownNow();
        }
        System.out.printf("%s fuzz: seed %d (-Dvnlab.fuzz.seed), %d cases in %.1f s: %s%n", name, seed, only == null ? cases : 1,
                (System.nanoTime() - start) / 1e9, outcomes);
        assertThat(failures).as("failures with seed %d (repeat one with -Dvnlab.fuzz.seed=%d -Dvnlab.fuzz.case=I)", seed, seed).isEmpty();
        return new Run(cases, only == null, outcomes);
    }

    /** Case {@code index} of the run with {@code seed}: its outcome, or an AssertionError saying what was done and what went wrong. */
    private static String attempt(Case fuzzCase, int index, long seed) {
        List<String> log = new ArrayList<>();
        try {
            return fuzzCase.run(index, new Random(seed * 0x9E3779B97F4A7C15L + index), log);
        } catch (Throwable t) {
            StringBuilder s = new StringBuilder(String.join("; ", log)).append(": ").append(t);
            if (!(t instanceof AssertionError)) { // not a check that failed: where the exception came from matters
                for (StackTraceElement e : t.getStackTrace()) s.append("\n\tat ").append(e);
            }
            throw new AssertionError(s.toString(), t);
        }
    }
}
