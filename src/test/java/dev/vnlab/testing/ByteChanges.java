package dev.vnlab.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Changes to a file's bytes that more than one fuzz test makes: each draws from the case's random
 * source and notes what it did in the case's log, so that a failing case says what was done.
 */
public final class ByteChanges {
    private ByteChanges() {}

    /** {@code f} cut to a random length shorter than its own (empty stays empty). */
    public static byte[] truncated(Random rnd, byte[] f, List<String> log) {
        int n = f.length == 0 ? 0 : rnd.nextInt(f.length);
        log.add("truncated to " + n + " of " + f.length + " bytes");
        return Arrays.copyOf(f, n);
    }

    /** A copy of {@code f} with 2 to 7 random bits flipped (a bit may flip back). */
    public static byte[] bitsFlipped(Random rnd, byte[] f, List<String> log) {
        byte[] b = f.clone();
        for (int k = 2 + rnd.nextInt(6); k > 0 && b.length > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        log.add("several bits flipped");
        return b;
    }
}
