package dev.vnlab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.JacobianDensity;
import dev.vnlab.theory.MeanField;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The predicted law of J J^T's eigenvalues against the exact eigenvalues of a wide network
 * (N = 1000, L = 10; critical hard-tanh with sigma_b^2 = 0.05, and tanh in chaos), in the
 * Kolmogorov-Smirnov distance: the largest gap between the measured and predicted fractions of
 * eigenvalues below lambda, over lambda from 1e-8 of the largest up (below that, float32 J cannot
 * tell eigenvalues from rounding).
 */
class PredictedDensityAgainstEigenvaluesTest {
    /**
     * The stated distance (measured: 0.005 for hard-tanh, 0.004 for tanh). The eigenvalues of one
     * matrix are far more regular than independent samples, whose distance would be about
     * 1/sqrt(N) = 0.03.
     */
    static final double KS_BOUND = 0.02;

    @Test
    void wideNetworksFollowThePredictedLawWithinTheStatedDistance() {
        try (Workers workers = Workers.of(2)) {
            Blas blas = Blas.on(workers);
            Init[] inits = {Criticality.init(Init.Scheme.GAUSSIAN, Activation.HARD_TANH, 0.05), new Init(Init.Scheme.GAUSSIAN, 2, 0.05)};
            Activation[] phis = {Activation.HARD_TANH, Activation.TANH};
            for (int c = 0; c < 2; c++) {
                int n = 1000, depth = 10;
                Mlp net = Mlp.create(n, n, depth, 1, phis[c], inits[c], inits[c], Rng.seeded(40 + c), blas);
                double qx = 1;
                FloatMatrix x = new FloatMatrix(1, n);
                Rng.seeded(50 + c).fillGaussian(x, 0f, (float) Math.sqrt(qx), blas);
                double[] eig = JacobianSpectrum.at(HiddenJacobian.at(net, x, blas), 0).eigenvalues();
                Arrays.sort(eig);
                double top = eig[n - 1], floor = 1e-8 * top;
                JacobianDensity predicted = JacobianDensity.finiteDepth(phis[c], inits[c], depth, qx);
                double[] edges = new double[200];
                for (int i = 0; i < edges.length; i++) edges[i] = floor * Math.pow(top * 10 / floor, i / (edges.length - 1.0));
                double[] cdf = predicted.cdf(edges, 40);
                double ks = 0;
                for (int i = 0; i < edges.length; i++) {
                    double e = edges[i];
                    long below = Arrays.stream(eig).filter(v -> v <= e).count();
                    ks = Math.max(ks, Math.abs((double) below / n - cdf[i]));
                }
                assertThat(ks).as("%s: Kolmogorov-Smirnov distance", phis[c]).isLessThan(KS_BOUND);
                assertThat(MeanField.fixedPoint(phis[c], inits[c].sigmaW2(), inits[c].sigmaB2())).isPositive();
            }
        }
    }
}
