package dev.vnlab.linalg.kernel;

/**
 * The layout shared by every implementation of the random-fill kernels, and its scalar
 * reference. A state holds {@link #LANES} independent xoshiro256** generators (Blackman and
 * Vigna, 2018), word w of lane l at {@code state[w * LANES + l]}. One <em>step</em> advances all
 * lanes once and yields 8 longs, read as 16 ints in little-endian order (int 2l is the low half
 * of lane l). Every implementation produces exactly these bits: float Gaussians through
 * {@link FloatMath}'s log and turn functions (whose vector twin the SIMD kernels use), double
 * Gaussians here, for every implementation ({@link StrictMath#log} and the turn functions
 * below).
 *
 * <ul>
 *   <li>Uniform float: each int x gives {@code ((x >>> 8) + 0.5) * 2^-24}, in (0, 1); 16 per step.</li>
 *   <li>Uniform double: each long x gives {@code ((x >>> 11) + 0.5) * 2^-53}, in (0, 1); 8 per step.</li>
 *   <li>Gaussian float (Box-Muller): two steps give u1 (ints of the first, as
 *       {@code (x >>> 1) * 2^-31 + 2^-32}, in (0, 1]) and angles {@code 2 pi u2} (ints of the
 *       second, as uniform floats); output j &lt; 16 is {@code r_j cos(2 pi u2_j)}, output 16 + j is
 *       {@code r_j sin(2 pi u2_j)}, with {@code r = sqrt(-2 ln u1)}. The smallest u1 is 2^-32, so |z| never
 *       exceeds 6.66: a truncation of probability 3e-11.</li>
 *   <li>Gaussian double: the same with longs, 8 radii and 8 angles per two steps, 16 outputs;
 *       u1 as a uniform double, so |z| stays below 8.6.</li>
 * </ul>
 * Every output is then {@code mean + sd * z}. A fill whose length is not a whole number of
 * blocks uses the first elements of its last block and discards the rest.
 */
public final class RandomLanes {
    /** Generators per state. */
    public static final int LANES = 8;
    /** Length of a state array. */
    public static final int STATE_LENGTH = 4 * LANES;
    /** Outputs per Gaussian block (two steps): 32 floats. */
    public static final int FLOAT_GAUSSIAN_BLOCK = 32;
    /** Outputs per Gaussian block (two steps): 16 doubles. */
    public static final int DOUBLE_GAUSSIAN_BLOCK = 16;

    private RandomLanes() {}

    /** One step of lane l: returns its output and advances its state. */
    public static long step(long[] s, int l) {
        long s0 = s[l], s1 = s[LANES + l], s2 = s[2 * LANES + l], s3 = s[3 * LANES + l];
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        s[l] = s0;
        s[LANES + l] = s1;
        s[2 * LANES + l] = s2;
        s[3 * LANES + l] = s3;
        return result;
    }

    /** Uniform float in (0, 1) from 32 random bits. */
    public static float uniformFloat(int x) { return ((x >>> 8) + 0.5f) * 0x1p-24f; }

    /** Uniform double in (0, 1) from 64 random bits. */
    public static double uniformDouble(long x) { return ((x >>> 11) + 0.5) * 0x1p-53; }

    /** Box-Muller's u1 in (0, 1] from 32 random bits, resolving down to 2^-32. */
    public static float radiusUniform(int x) { return Math.fma((float) (x >>> 1), 0x1p-31f, 0x1p-32f); }

    /** Scalar reference of the uniform float fill. */
    static void uniform(long[] s, float[] out, int off, int n, float lo, float hi) {
        float width = hi - lo;
        for (int i = 0; i < n; i += 2 * LANES) {
            for (int l = 0; l < LANES; l++) {
                long v = step(s, l);
                put(out, off, n, i + 2 * l, Math.fma(width, uniformFloat((int) v), lo));
                put(out, off, n, i + 2 * l + 1, Math.fma(width, uniformFloat((int) (v >>> 32)), lo));
            }
        }
    }

    /** Scalar reference of the uniform double fill. */
    static void uniform(long[] s, double[] out, int off, int n, double lo, double hi) {
        double width = hi - lo;
        for (int i = 0; i < n; i += LANES) {
            for (int l = 0; l < LANES; l++) {
                int j = i + l;
                double u = Math.fma(width, uniformDouble(step(s, l)), lo);
                if (j < n) out[off + j] = u;
            }
        }
    }

    /** Scalar reference of the Gaussian float fill. */
    static void gaussian(long[] s, float[] out, int off, int n, float mean, float sd) {
        float[] r = new float[2 * LANES];
        for (int i = 0; i < n; i += FLOAT_GAUSSIAN_BLOCK) {
            for (int l = 0; l < LANES; l++) {
                long v = step(s, l);
                r[2 * l] = radius(radiusUniform((int) v));
                r[2 * l + 1] = radius(radiusUniform((int) (v >>> 32)));
            }
            for (int l = 0; l < LANES; l++) {
                long v = step(s, l);
                for (int h = 0; h < 2; h++) {
                    int j = 2 * l + h;
                    float u2 = uniformFloat((int) (v >>> (32 * h)));
                    put(out, off, n, i + j, Math.fma(sd, r[j] * FloatMath.cosTurn(u2), mean));
                    put(out, off, n, i + 2 * LANES + j, Math.fma(sd, r[j] * FloatMath.sinTurn(u2), mean));
                }
            }
        }
    }

    /** The Gaussian double fill, for every implementation (StrictMath keeps it deterministic). */
    public static void gaussian(long[] s, double[] out, int off, int n, double mean, double sd) {
        double[] r = new double[LANES];
        for (int i = 0; i < n; i += DOUBLE_GAUSSIAN_BLOCK) {
            for (int l = 0; l < LANES; l++) r[l] = Math.sqrt(-2 * StrictMath.log(uniformDouble(step(s, l))));
            for (int l = 0; l < LANES; l++) {
                double u2 = uniformDouble(step(s, l));
                if (i + l < n) out[off + i + l] = Math.fma(sd, r[l] * cosTurn(u2), mean);
                if (i + LANES + l < n) out[off + i + LANES + l] = Math.fma(sd, r[l] * sinTurn(u2), mean);
            }
        }
    }

    /** Taylor coefficients of sin(pi f / 2) (odd powers) and cos(pi f / 2) (even), to double precision for |f| <= 1/2. */
    private static final double[] SIN_QUARTER = new double[9], COS_QUARTER = new double[10];
    static {
        double h = Math.PI / 2, term = 1;
        for (int k = 0; k < 19; k++) { // term = (pi/2)^k / k!, alternating in sign by pairs
            if (k % 2 == 1) SIN_QUARTER[k / 2] = (k / 2 % 2 == 0 ? 1 : -1) * term;
            else COS_QUARTER[k / 2] = (k / 2 % 2 == 0 ? 1 : -1) * term;
            term *= h / (k + 1);
        }
    }

    /**
     * sin(2 pi u) for u in [0, 1], the float64 Box-Muller angle: 4u = q + f exactly, |f| <= 1/2,
     * then a polynomial in f (truncation below 5e-17). StrictMath.sin would allocate a
     * double[2] per call for its argument reduction, which this one does not need.
     */
    static double sinTurn(double u) {
        double t = u * 4, q = Math.rint(t), f = t - q;
        int qi = (int) q;
        double v = (qi & 1) != 0 ? quarterCos(f) : quarterSin(f);
        return (qi & 2) != 0 ? -v : v;
    }

    /** cos(2 pi u) for u in [0, 1], as {@link #sinTurn(double)}. */
    static double cosTurn(double u) {
        double t = u * 4, q = Math.rint(t), f = t - q;
        int qi = (int) q;
        double v = (qi & 1) != 0 ? quarterSin(f) : quarterCos(f);
        return ((qi + 1) & 2) != 0 ? -v : v;
    }

    private static double quarterSin(double f) {
        double z = f * f, p = SIN_QUARTER[8];
        for (int k = 7; k >= 0; k--) p = Math.fma(p, z, SIN_QUARTER[k]);
        return p * f;
    }

    private static double quarterCos(double f) {
        double z = f * f, p = COS_QUARTER[9];
        for (int k = 8; k >= 0; k--) p = Math.fma(p, z, COS_QUARTER[k]);
        return p;
    }

    /** Box-Muller's radius {@code sqrt(-2 ln u1)} in float. */
    static float radius(float u1) { return (float) Math.sqrt(-2f * FloatMath.logPositiveNormal(u1)); }

    private static void put(float[] out, int off, int n, int j, float v) {
        if (j < n) out[off + j] = v;
    }
}
