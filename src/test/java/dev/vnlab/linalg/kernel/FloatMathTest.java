package dev.vnlab.linalg.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** FloatMath against StrictMath in double, rounded to float, over dense samples of each domain. */
@Tag("kernels")
class FloatMathTest {

    /** Evenly spaced points of [lo, hi] plus random ones, as floats. */
    static float[] samples(double lo, double hi, int n, long seed) {
        float[] x = new float[2 * n];
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * i / (n - 1));
            x[n + i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return x;
    }

    /** Largest error in units of the float spacing at the exact value; results below FLT_MIN count absolute spacing. */
    static double maxUlps(float[] xs, java.util.function.Function<Float, Float> f, DoubleUnaryOperator exact) {
        double worst = 0;
        for (float x : xs) {
            double want = exact.applyAsDouble(x);
            float got = f.apply(x);
            if (Double.isInfinite(want) || Math.abs(want) > Float.MAX_VALUE) {
                assertThat(got).as("f(%s) overflows", x).isEqualTo((float) want);
                continue;
            }
            double ulp = Math.max(Math.ulp((float) want), Float.MIN_VALUE);
            worst = Math.max(worst, Math.abs(got - want) / ulp);
        }
        return worst;
    }

    @Test
    void expIsWithinTwoUlpsIncludingSubnormalAndOverflowingResults() {
        float[] xs = samples(-105, 89, 200_000, 1);
        assertThat(maxUlps(xs, FloatMath::exp, StrictMath::exp)).isLessThanOrEqualTo(2.0);
        assertThat(maxUlps(samples(-1, 1, 100_000, 2), FloatMath::exp, StrictMath::exp)).isLessThanOrEqualTo(1.0);
        assertThat(FloatMath.exp(0f)).isEqualTo(1f);
        assertThat(FloatMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatMath.exp(-200f)).isEqualTo(0f);
        assertThat(FloatMath.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatMath.exp(88.8f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatMath.exp(88.72f)).isEqualTo((float) Math.exp(88.72f)); // largest finite range
        assertThat(FloatMath.exp(Float.NaN)).isNaN();
    }

    @Test
    void erfIsWithinFourUlpsOddAndSaturates() {
        float[] xs = samples(-5, 5, 200_000, 11);
        assertThat(maxUlps(xs, FloatMath::erf, Erf::erf)).isLessThanOrEqualTo(4.0);
        float[] small = samples(-1e-3, 1e-3, 50_000, 12);
        assertThat(maxUlps(small, FloatMath::erf, Erf::erf)).as("relative accuracy near 0").isLessThanOrEqualTo(2.5);
        for (float x : samples(0, 5, 1000, 13)) assertThat(FloatMath.erf(-x)).isEqualTo(-FloatMath.erf(x));
        assertThat(FloatMath.erf(0f)).isEqualTo(0f);
        assertThat(FloatMath.erf(10f)).isEqualTo(1f);
        assertThat(FloatMath.erf(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(FloatMath.erf(Float.NaN)).isNaN();
    }

    @Test
    void tanhIsWithinThreeUlpsAndOdd() {
        float[] xs = samples(-12, 12, 200_000, 3);
        assertThat(maxUlps(xs, FloatMath::tanh, StrictMath::tanh)).isLessThanOrEqualTo(3.0);
        float[] small = samples(-1e-3, 1e-3, 50_000, 4);
        assertThat(maxUlps(small, FloatMath::tanh, StrictMath::tanh)).as("relative accuracy near 0").isLessThanOrEqualTo(1.0);
        for (float x : xs) assertThat(FloatMath.tanh(-x)).isEqualTo(-FloatMath.tanh(x));
        assertThat(FloatMath.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(FloatMath.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(FloatMath.tanh(1e-30f)).isEqualTo(1e-30f);
        assertThat(FloatMath.tanh(Float.NaN)).isNaN();
    }

    @Test
    void sigmoidIsWithinThreeUlps() {
        float[] xs = samples(-110, 40, 200_000, 5);
        assertThat(maxUlps(xs, FloatMath::sigmoid, x -> 1 / (1 + StrictMath.exp(-x)))).isLessThanOrEqualTo(3.0);
        for (float x : xs) assertThat(FloatMath.sigmoid(x) + FloatMath.sigmoid(-x)).as("sigmoid(%s) + sigmoid(-x)", x).isCloseTo(1f, org.assertj.core.api.Assertions.within(1.2e-7f));
        assertThat(FloatMath.sigmoid(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatMath.sigmoid(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(FloatMath.sigmoid(0f)).isEqualTo(0.5f);
    }

    @Test
    void logIsWithinTwoUlpsOverEveryBinade() {
        float[] xs = new float[300_000];
        Random rnd = new Random(6);
        for (int i = 0; i < xs.length; i++) {
            // every exponent from FLT_MIN to FLT_MAX, random mantissa
            xs[i] = Math.scalb(1f + rnd.nextFloat(), rnd.nextInt(254) - 126);
        }
        assertThat(maxUlps(xs, FloatMath::logPositiveNormal, StrictMath::log)).isLessThanOrEqualTo(2.0);
        assertThat(maxUlps(samples(0.5, 2, 100_000, 7), FloatMath::logPositiveNormal, StrictMath::log)).isLessThanOrEqualTo(2.0);
        assertThat(FloatMath.logPositiveNormal(1f)).isEqualTo(0f);
        assertThat(FloatMath.logPositiveNormal(0x1p-32f)).isCloseTo((float) (-32 * Math.log(2)), org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test
    void turnFunctionsAreAccurateOverTheWholeTurn() {
        float[] us = samples(0, 1, 400_001, 8);
        double worstSin = 0, worstCos = 0;
        for (float u : us) {
            worstSin = Math.max(worstSin, Math.abs(FloatMath.sinTurn(u) - StrictMath.sin(2 * Math.PI * u)));
            worstCos = Math.max(worstCos, Math.abs(FloatMath.cosTurn(u) - StrictMath.cos(2 * Math.PI * u)));
        }
        assertThat(worstSin).isLessThan(3e-7);
        assertThat(worstCos).isLessThan(3e-7);
        assertThat(FloatMath.sinTurn(0f)).isEqualTo(0f);
        assertThat(FloatMath.cosTurn(0f)).isEqualTo(1f);
        assertThat(FloatMath.sinTurn(0.25f)).isEqualTo(1f);
        assertThat(FloatMath.cosTurn(0.5f)).isEqualTo(-1f);
        assertThat(FloatMath.sinTurn(0.75f)).isEqualTo(-1f);
        assertThat(FloatMath.cosTurn(1f)).isEqualTo(1f);
    }

    @Test
    void doubleTurnFunctionsOfTheGaussianFillAreAccurateToDoublePrecision() {
        java.util.Random rnd = new java.util.Random(9);
        double worst = 0;
        for (int i = 0; i <= 400_000; i++) {
            double u = i % 2 == 0 ? i / 400_000.0 : rnd.nextDouble();
            worst = Math.max(worst, Math.abs(RandomLanes.sinTurn(u) - StrictMath.sin(2 * Math.PI * u)));
            worst = Math.max(worst, Math.abs(RandomLanes.cosTurn(u) - StrictMath.cos(2 * Math.PI * u)));
        }
        // StrictMath's own argument 2 pi u carries a rounding of about 2^-53 * 2 pi.
        assertThat(worst).isLessThan(1e-15);
        assertThat(RandomLanes.sinTurn(0.25)).isEqualTo(1.0);
        assertThat(RandomLanes.cosTurn(0.5)).isEqualTo(-1.0);
        assertThat(RandomLanes.cosTurn(0.0)).isEqualTo(1.0);
    }
}
