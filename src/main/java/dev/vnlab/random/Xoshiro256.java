package dev.vnlab.random;

import java.util.random.RandomGenerator;

/**
 * xoshiro256** (Blackman and Vigna, 2018), a fast 64-bit generator with a 2^256 - 1 period,
 * seeded through SplitMix64. Sequential and not thread-safe: for parallel work, give each task
 * its own {@link Rng} child. Inherits {@code nextGaussian}, {@code nextInt(bound)}, etc. from
 * {@link RandomGenerator}.
 */
public final class Xoshiro256 implements RandomGenerator {
    private long s0, s1, s2, s3;

    /** A generator whose 256-bit state is the SplitMix64 sequence from {@code seed}. */
    public Xoshiro256(long seed) {
        long[] s = new long[4];
        SplitMix64.fill(seed, s);
        s0 = s[0];
        s1 = s[1];
        s2 = s[2];
        s3 = s[3];
    }

    @Override public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }
}
