package dev.vnlab.testing;

/**
 * What an independent reference decoder makes of a fuzz case's file: what it decodes, or null
 * and why it refuses the file. The fuzz tests hold what the reader under test does against it.
 */
public record Verdict<T>(T decoded, String why) {
    /** A reference's decoding of one file, which throws an {@code E} to refuse it. */
    @FunctionalInterface
    public interface Decoding<T, E extends Exception> {
        T run() throws E;
    }

    /** The verdict of {@code decoding}, whose {@code refusal} exception says why it refuses a file. */
    public static <T, E extends Exception> Verdict<T> of(Class<E> refusal, Decoding<T, E> decoding) {
        try {
            return new Verdict<>(decoding.run(), null);
        } catch (RuntimeException e) {
            throw e; // a fault in the reference, not a refusal
        } catch (Exception e) { // run throws no other checked exception
            return new Verdict<>(null, refusal.cast(e).getMessage());
        }
    }
}
