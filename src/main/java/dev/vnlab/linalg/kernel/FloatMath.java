package dev.vnlab.linalg.kernel;

/**
 * float32 exp, tanh, sigmoid, erf, log and sin/cos of a turn, defined by a fixed sequence of IEEE
 * operations (add, multiply, fused multiply-add, exact bit manipulation) so that the result is
 * the same bits in the interpreter, in C2, and in the Vector API twin
 * ({@code linalg.kernel.simd.VectorMath}), which performs the same operations lane by lane.
 * {@code Math.exp}/{@code tanh} rounded to float, and the Vector API's {@code lanewise(EXP)}, do
 * not have that property: the latter is SVML when compiled and per-lane {@code Math} when not.
 *
 * <p>Accuracy (measured against double {@code StrictMath} over dense samples in the tests):
 * exp and sigmoid within 2 ulp, tanh within 3 ulp, erf within 4 ulp, log within 2 ulp, sin/cos of a turn within
 * 3e-7 absolute. The polynomials are Cephes' single-precision ones (S. Moshier) or, for the
 * turn functions, Taylor series of {@code sin(pi f / 2)} truncated past float precision.
 */
public final class FloatMath {
    private FloatMath() {}

    /** Adding then subtracting 1.5 * 2^23 rounds a float below 2^22 to the nearest integer. */
    public static final float ROUND_MAGIC = 0x1.8p23f;
    public static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

    // exp: x = n ln2 + r, |r| <= ln2 / 2, exp(r) = 1 + r + r^2 P(r).
    public static final float EXP_LO = -104f, EXP_HI = 88.8f; // exp is 0 below, +inf above
    public static final float LOG2E = 1.44269504088896341f;
    public static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    public static final float EXP_P0 = 1.9875691500E-4f, EXP_P1 = 1.3981999507E-3f, EXP_P2 = 8.3334519073E-3f,
            EXP_P3 = 4.1665795894E-2f, EXP_P4 = 1.6666665459E-1f, EXP_P5 = 5.0000001201E-1f;

    // tanh: x + x^3 P(x^2) below TANH_SMALL, else 1 - 2 / (exp(2|x|) + 1) with x's sign.
    public static final float TANH_SMALL = 0.625f;
    public static final float TANH_P0 = -5.70498872745E-3f, TANH_P1 = 2.06390887954E-2f, TANH_P2 = -5.37397155531E-2f,
            TANH_P3 = 1.33314422036E-1f, TANH_P4 = -3.33332819422E-1f;

    // log: x = m 2^e, m in [sqrt(1/2), sqrt(2)), log(1 + f) = f - f^2/2 + f^3 P(f).
    public static final float SQRT_HALF = 0.707106781186547524f;
    public static final float LOG_P0 = 7.0376836292E-2f, LOG_P1 = -1.1514610310E-1f, LOG_P2 = 1.1676998740E-1f,
            LOG_P3 = -1.2420140846E-1f, LOG_P4 = 1.4249322787E-1f, LOG_P5 = -1.6668057665E-1f,
            LOG_P6 = 2.0000714765E-1f, LOG_P7 = -2.4999993993E-1f, LOG_P8 = 3.3333331174E-1f;

    // Turn functions: with t = 4u = q + f, |f| <= 1/2 (exact), sin(pi f/2) = f S(f^2), cos(pi f/2) = C(f^2).
    public static final float SIN_S0 = (float) (Math.PI / 2), SIN_S1 = (float) -(Math.pow(Math.PI / 2, 3) / 6),
            SIN_S2 = (float) (Math.pow(Math.PI / 2, 5) / 120), SIN_S3 = (float) -(Math.pow(Math.PI / 2, 7) / 5040),
            SIN_S4 = (float) (Math.pow(Math.PI / 2, 9) / 362880);
    public static final float COS_C1 = (float) -(Math.pow(Math.PI / 2, 2) / 2), COS_C2 = (float) (Math.pow(Math.PI / 2, 4) / 24),
            COS_C3 = (float) -(Math.pow(Math.PI / 2, 6) / 720), COS_C4 = (float) (Math.pow(Math.PI / 2, 8) / 40320),
            COS_C5 = (float) -(Math.pow(Math.PI / 2, 10) / 3628800);

    /** erf's Taylor series in x^2 (below {@link #ERF_SMALL}), truncated past float precision. */
    public static final float ERF_T0 = 1.1283791671f, ERF_T1 = -0.37612638903f, ERF_T2 = 0.11283791671f,
            ERF_T3 = -0.026866170645f, ERF_T4 = 5.2239776254e-3f, ERF_T5 = -8.5483270235e-4f, ERF_T6 = 1.2055332982e-4f,
            ERF_T7 = -1.4925650358e-5f, ERF_T8 = 1.6462114366e-6f, ERF_T9 = -1.6365844691e-7f, ERF_T10 = 1.4807192816e-8f;
    public static final float ERF_SMALL = 1f;
    /**
     * Above {@link #ERF_SMALL}: {@code erfc(a) = t exp(-a^2 + P(t))}, {@code t = 1 / (1 + a/2)},
     * the Chebyshev fit of Numerical Recipes (section 6.2), relative error below 1.2e-7.
     */
    public static final float ERFC_C0 = -1.26551223f, ERFC_C1 = 1.00002368f, ERFC_C2 = 0.37409196f, ERFC_C3 = 0.09678418f,
            ERFC_C4 = -0.18628806f, ERFC_C5 = 0.27886807f, ERFC_C6 = -1.13520398f, ERFC_C7 = 1.48851587f,
            ERFC_C8 = -0.82215223f, ERFC_C9 = 0.17087277f;

    /** e^x; 0 below -104, +inf above 88.72, NaN for NaN. */
    public static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(c, LOG2E, ROUND_MAGIC);          // round(x log2 e) + magic, one rounding
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(EXP_P0, r, EXP_P1);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P4);
        p = Math.fma(p, r, EXP_P5);
        float y = Math.fma(p, r * r, r) + 1f;
        // 2^n in two exact factors, both normal for n in [-150, 128]: subnormal and overflowing
        // results round once, in the last multiply.
        int ni = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        int h = ni >> 1;
        return y * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((ni - h + 127) << 23);
    }

    /** tanh(x). */
    public static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SMALL) {
            float z = x * x;
            float p = Math.fma(TANH_P0, z, TANH_P1);
            p = Math.fma(p, z, TANH_P2);
            p = Math.fma(p, z, TANH_P3);
            p = Math.fma(p, z, TANH_P4);
            return Math.fma(p * z, x, x);
        }
        float m = 1f - 2f / (exp(a + a) + 1f);
        return x < 0 ? -m : m;
    }

    /** erf(x), odd, within 4 ulp; ±1 beyond |x| = 3.9. */
    public static float erf(float x) {
        float a = Math.abs(x);
        if (a < ERF_SMALL) {
            float z = x * x;
            float p = Math.fma(ERF_T10, z, ERF_T9);
            p = Math.fma(p, z, ERF_T8);
            p = Math.fma(p, z, ERF_T7);
            p = Math.fma(p, z, ERF_T6);
            p = Math.fma(p, z, ERF_T5);
            p = Math.fma(p, z, ERF_T4);
            p = Math.fma(p, z, ERF_T3);
            p = Math.fma(p, z, ERF_T2);
            p = Math.fma(p, z, ERF_T1);
            p = Math.fma(p, z, ERF_T0);
            return x * p;
        }
        float t = 1f / Math.fma(0.5f, a, 1f);
        float q = Math.fma(ERFC_C9, t, ERFC_C8);
        q = Math.fma(q, t, ERFC_C7);
        q = Math.fma(q, t, ERFC_C6);
        q = Math.fma(q, t, ERFC_C5);
        q = Math.fma(q, t, ERFC_C4);
        q = Math.fma(q, t, ERFC_C3);
        q = Math.fma(q, t, ERFC_C2);
        q = Math.fma(q, t, ERFC_C1);
        q = Math.fma(q, t, ERFC_C0);
        float m = 1f - t * exp(Math.fma(-a, a, q));
        return x < 0 ? -m : m;
    }

    /** 1 / (1 + e^-x), as {@code e / (1 + e)} with {@code e = exp(-|x|)} and numerator 1 for x >= 0: no overflow, and tiny results keep their precision. */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0 ? e : 1f) / (1f + e);
    }

    /** Natural logarithm of a positive normal float (the only inputs it is used for). */
    public static float logPositiveNormal(float x) {
        int bits = Float.floatToRawIntBits(x);
        int e = (bits >>> 23) - 126;
        float m = Float.intBitsToFloat((bits & 0x007f_ffff) | 0x3f00_0000); // [1/2, 1)
        boolean low = m < SQRT_HALF;
        float f = low ? m + m - 1f : m - 1f;
        float fe = low ? e - 1 : e;
        float z = f * f;
        float p = Math.fma(LOG_P0, f, LOG_P1);
        p = Math.fma(p, f, LOG_P2);
        p = Math.fma(p, f, LOG_P3);
        p = Math.fma(p, f, LOG_P4);
        p = Math.fma(p, f, LOG_P5);
        p = Math.fma(p, f, LOG_P6);
        p = Math.fma(p, f, LOG_P7);
        p = Math.fma(p, f, LOG_P8);
        float y = p * f * z;
        y = Math.fma(fe, LN2_LO, y);
        y = Math.fma(-0.5f, z, y);
        return Math.fma(fe, LN2_HI, f + y);
    }

    /** sin(2 pi u) for u in [0, 1]. */
    public static float sinTurn(float u) {
        float f = quarterFraction(u);
        int q = quarter(u);
        float v = (q & 1) != 0 ? cosQuarter(f) : sinQuarter(f);
        return (q & 2) != 0 ? -v : v;
    }

    /** cos(2 pi u) for u in [0, 1]. */
    public static float cosTurn(float u) {
        float f = quarterFraction(u);
        int q = quarter(u);
        float v = (q & 1) != 0 ? sinQuarter(f) : cosQuarter(f);
        return ((q + 1) & 2) != 0 ? -v : v;
    }

    /** The nearest quarter turn q to u: 4u = q + f, exactly. */
    private static int quarter(float u) {
        return Float.floatToRawIntBits(u * 4f + ROUND_MAGIC) - ROUND_MAGIC_BITS;
    }

    /** f = 4u - q, |f| <= 1/2: exact, as 4u and q are both multiples of 4u's ulp. */
    private static float quarterFraction(float u) {
        float t = u * 4f;
        return t - ((t + ROUND_MAGIC) - ROUND_MAGIC);
    }

    /** sin(pi f / 2) for |f| <= 1/2. */
    static float sinQuarter(float f) {
        float z = f * f;
        float p = Math.fma(SIN_S4, z, SIN_S3);
        p = Math.fma(p, z, SIN_S2);
        p = Math.fma(p, z, SIN_S1);
        p = Math.fma(p, z, SIN_S0);
        return p * f;
    }

    /** cos(pi f / 2) for |f| <= 1/2. */
    static float cosQuarter(float f) {
        float z = f * f;
        float p = Math.fma(COS_C5, z, COS_C4);
        p = Math.fma(p, z, COS_C3);
        p = Math.fma(p, z, COS_C2);
        p = Math.fma(p, z, COS_C1);
        return Math.fma(p, z, 1f);
    }
}
