package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.HaarOrthogonal;
import dev.vnlab.random.Rng;

/**
 * How a layer's weights W (fan_out x fan_in, so that h = W x) and biases are drawn: the
 * paper's three schemes at weight scale {@code sigma_w^2} (eq. 3.1), with biases N(0, sigma_b^2).
 * Each draw uses only the stream it is given, so a layer's weights depend on its seed alone.
 *
 * @param scheme the distribution of the weights
 * @param sigmaW2 the weight scale sigma_w^2 (variance sigma_w^2 / fan_in per entry)
 * @param sigmaB2 the bias variance sigma_b^2 (the paper uses 0)
 */
public record Init(Scheme scheme, double sigmaW2, double sigmaB2) {
    /** The weight distributions. */
    public enum Scheme {
        /** N(0, sigma_w^2 / fan_in). */
        GAUSSIAN,
        /** U(-a, a) with a = sigma_w sqrt(3 / fan_in): the same variance. */
        UNIFORM,
        /**
         * sigma_w times a Haar-random (semi-)orthogonal matrix: orthonormal rows when fan_out &lt;= fan_in,
         * orthonormal columns otherwise, so W W^T (or W^T W) = sigma_w^2 I.
         */
        ORTHOGONAL
    }

    /**
     * @throws IllegalArgumentException if a variance is negative or not finite
     */
    public Init {
        if (!(sigmaW2 >= 0) || Double.isInfinite(sigmaW2)) throw new IllegalArgumentException("sigma_w^2 " + sigmaW2 + " is invalid; expected a finite value >= 0");
        if (!(sigmaB2 >= 0) || Double.isInfinite(sigmaB2)) throw new IllegalArgumentException("sigma_b^2 " + sigmaB2 + " is invalid; expected a finite value >= 0");
    }

    /** He et al.: Gaussian with sigma_w^2 = 2 (for ReLU), zero biases. */
    public static Init he() { return new Init(Scheme.GAUSSIAN, 2, 0); }

    /**
     * Glorot and Bengio's uniform scheme for a layer: variance 2 / (fan_in + fan_out), i.e.
     * sigma_w^2 = 2 fan_in / (fan_in + fan_out), zero biases.
     */
    public static Init glorot(int fanIn, int fanOut) { return new Init(Scheme.UNIFORM, 2.0 * fanIn / (fanIn + fanOut), 0); }

    /**
     * Fills {@code w} (fan_out x fan_in) from {@code rng}.
     *
     * @throws IllegalArgumentException if w is empty
     */
    public void weights(FloatMatrix w, Rng rng, Blas blas) {
        int fanOut = w.rows(), fanIn = w.cols();
        if (fanOut < 1 || fanIn < 1) throw new IllegalArgumentException("weight matrix " + fanOut + "x" + fanIn + " is empty; expected at least 1x1");
        double sd = Math.sqrt(sigmaW2 / fanIn);
        switch (scheme) {
            case GAUSSIAN -> rng.fillGaussian(w, 0f, (float) sd, blas);
            case UNIFORM -> {
                float a = (float) (sd * Math.sqrt(3));
                rng.fillUniform(w, -a, a, blas);
            }
            case ORTHOGONAL -> {
                w.copyFrom(HaarOrthogonal.sampleFloat(rng, fanOut, fanIn, blas));
                blas.scale((float) Math.sqrt(sigmaW2), w);
            }
        }
    }

    /** Fills {@code b} with N(0, sigma_b^2) draws from {@code rng} (zeros when sigma_b^2 = 0). */
    public void biases(float[] b, Rng rng, Blas blas) {
        if (sigmaB2 == 0) java.util.Arrays.fill(b, 0f);
        else rng.fillGaussian(b, 0, b.length, 0f, (float) Math.sqrt(sigmaB2), blas);
    }
}
