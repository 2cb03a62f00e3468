package dev.vnlab.random;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): the mixing function that seeds xoshiro generators and
 * derives independent stream keys from (parent key, index) pairs.
 */
public final class SplitMix64 {
    /** The golden-ratio increment of the SplitMix64 sequence. */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {}

    /** The SplitMix64 finaliser: a bijection of 64-bit values with strong avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Fills {@code out} with the SplitMix64 sequence started at {@code seed}: out[i] is
     * mix(seed + (i + 1) * GAMMA). Used for xoshiro states, as its authors recommend.
     */
    public static void fill(long seed, long[] out) {
        for (int i = 0; i < out.length; i++) out[i] = mix(seed + (i + 1) * GAMMA);
    }
}
