package dev.vnlab.linalg.kernel.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.kernel.FloatMath;
import dev.vnlab.linalg.kernel.KernelProvider;
import java.util.Random;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/**
 * VectorMath lane by lane against FloatMath: the same bits for every input, special values
 * included, over enough calls that C2 compiles the vector code (the early calls run interpreted).
 */
class VectorMathTest {
    private static final int L = SimdFloat.L;

    @BeforeEach void vectorApiPresent() {
        Assumptions.assumeTrue(KernelProvider.simd().isPresent(), "jdk.incubator.vector is not in this JVM");
    }

    static float[] inputs(float lo, float hi, long seed) {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -1e-30f, 0.625f, -0.625f, 88.72f, -87.3f, -104f, 1f, 0.5f, 0.25f, 0.75f};
        int n = 64 * 1024;
        float[] x = new float[n + special.length];
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * rnd.nextFloat();
        System.arraycopy(special, 0, x, n, special.length);
        return x;
    }

    static void assertLanewiseEqual(String what, float[] x, UnaryOperator<FloatVector> vec, UnaryOperator<Float> scalar, boolean positiveOnly) {
        int n = x.length / L * L;
        float[] got = new float[L];
        for (int rep = 0; rep < 4; rep++) {
            for (int i = 0; i < n; i += L) {
                vec.apply(FloatVector.fromArray(SimdFloat.S, x, i)).intoArray(got, 0);
                for (int l = 0; l < L; l++) {
                    float xi = x[i + l];
                    if (positiveOnly && !(xi >= Float.MIN_NORMAL && xi <= Float.MAX_VALUE)) continue;
                    float want = scalar.apply(xi);
                    if (Float.floatToIntBits(got[l]) != Float.floatToIntBits(want)) {
                        throw new AssertionError(what + "(" + xi + "): vector " + got[l] + " but scalar " + want + " (pass " + rep + ")");
                    }
                }
            }
        }
        assertThat(n).isPositive();
    }

    @Test void exp() { assertLanewiseEqual("exp", inputs(-110, 95, 1), VectorMath::exp, FloatMath::exp, false); }

    @Test void tanh() { assertLanewiseEqual("tanh", inputs(-12, 12, 2), VectorMath::tanh, FloatMath::tanh, false); }

    @Test void sigmoid() { assertLanewiseEqual("sigmoid", inputs(-100, 100, 3), VectorMath::sigmoid, FloatMath::sigmoid, false); }

    /** Box-Muller's radius: the scalar sqrt(-2 ln u) to the bit, in place, lane by lane. */
    @Test void radius() {
        float[] u = inputs(0, 1, 8);
        for (int i = 0; i < u.length; i++) if (!(u[i] > 0 && u[i] <= 1)) u[i] = 0.75f; // domain (0, 1]
        Random rnd = new Random(9);
        // Normal floats of every binade below 1 (the log's exponent and mantissa split), and 1 itself.
        for (int i = 0; i < u.length / 2; i++) u[i] = Math.scalb(1f + rnd.nextFloat(), -1 - rnd.nextInt(126));
        u[u.length / 2] = 1f;
        float[] a = u.clone();
        for (int i = 0; i + L <= a.length; i += L) VectorMath.storeRadius(a, i);
        for (int i = 0; i + L <= a.length; i++) {
            float want = (float) Math.sqrt(-2f * FloatMath.logPositiveNormal(u[i]));
            assertThat(Float.floatToIntBits(a[i])).as("radius(%s)", u[i]).isEqualTo(Float.floatToIntBits(want));
        }
    }

    @Test void rotationIsCosAndSinOfATurn() {
        float[] u = inputs(0, 1, 6);
        for (int i = 0; i < u.length; i++) if (!(u[i] >= 0 && u[i] <= 1)) u[i] = 0.5f; // domain [0, 1]
        float[] r = inputs(0, 9, 7), out = new float[2 * L];
        float sd = 1.5f, mean = -0.25f;
        for (int rep = 0; rep < 4; rep++) {
            for (int i = 0; i + L <= u.length; i += L) {
                System.arraycopy(r, i, out, 0, L);
                System.arraycopy(u, i, out, L, L);
                VectorMath.storeRotated(out, 0, L, sd, mean);
                for (int l = 0; l < L; l++) {
                    float c = Math.fma(sd, r[i + l] * FloatMath.cosTurn(u[i + l]), mean);
                    float s = Math.fma(sd, r[i + l] * FloatMath.sinTurn(u[i + l]), mean);
                    if (Float.floatToIntBits(out[l]) != Float.floatToIntBits(c) || Float.floatToIntBits(out[L + l]) != Float.floatToIntBits(s)) {
                        throw new AssertionError("rotation(" + r[i + l] + ", " + u[i + l] + "): vector " + out[l] + ", " + out[L + l]
                                + " but scalar " + c + ", " + s);
                    }
                }
            }
        }
        assertThat(u.length).isGreaterThan(L);
    }
}
