package dev.vnlab.spectrum;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.linalg.Precision;
import dev.vnlab.linalg.Workspace;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Estimates of m1, m2 and the VNI of {@code J J^T} that never form J (docs/theory.md section 3): for
 * Gaussian probes {@code v ~ N(0, I_N)}, {@code a = ||J^T v||^2} has mean {@code tr(J J^T)}
 * and {@code b = ||J J^T v||^2} has mean {@code tr((J J^T)^2)}. Each probe costs one
 * vector-Jacobian product ({@link HiddenJacobian#applyTranspose}) and one Jacobian-vector
 * product ({@link HiddenJacobian#apply}) of the same J^T v; all probes of all inputs go through
 * each layer as one GEMM, in float32. Each squared norm is summed in float lanes combined in
 * double ({@code Kernels.sumSquares}, about 1e-7 relative), the statistics over probes in double,
 * in probe order.
 *
 * <p>Per input, with P probes, means {@code a-bar}, {@code b-bar} and sample (co)variances
 * {@code s_a^2, s_b^2, s_ab} (divisor P - 1):
 * {@code m1 = a-bar / N} and {@code m2 = b-bar / N}, standard errors {@code s / (N sqrt(P))};
 * {@code VNI = b-bar / a-bar^2}, standard error by the delta method on the same probes,
 * {@code VNI sqrt((s_b^2 / b-bar^2 + 4 s_a^2 / a-bar^2 - 4 s_ab / (a-bar b-bar)) / P)}. m1 and
 * m2 are unbiased; the VNI, a ratio, is biased by O(1/P), of the order of its squared relative
 * standard error, and the delta method holds once that error is small (tens of probes).
 */
public final class StochasticMoments {
    private StochasticMoments() {}

    /**
     * The estimates at every input of {@code jacobian}, input i probed by P Gaussian vectors
     * drawn from {@code rng.child(i)}: the same numbers for any thread count.
     *
     * @return one entry per input, in order
     * @throws IllegalArgumentException if probes &lt; 2
     */
    public static List<JacobianMoments> estimate(HiddenJacobian jacobian, int probes, Rng rng) {
        checkProbes(probes);
        return estimateDrawn(jacobian, probes, rng, 0);
    }

    /**
     * The estimates from (K P) x N standard Gaussian probes, input i's P rows drawn from
     * {@code rng.child(firstStream + i)}, on scratch from the thread's workspace.
     */
    static List<JacobianMoments> estimateDrawn(HiddenJacobian jacobian, int probes, Rng rng, long firstStream) {
        int rows = Math.multiplyExact(jacobian.points(), probes), n = jacobian.width();
        float[] storage = Workspace.acquire(Precision.FLOAT, Math.multiplyExact(rows, n));
        try {
            FloatMatrix v = FloatMatrix.wrap(storage, 0, rows, n, n);
            for (int i = 0; i < jacobian.points(); i++) {
                rng.child(firstStream + i).fillGaussian(v.rowsView(i * probes, probes), 0f, 1f, jacobian.blas());
            }
            return estimate(jacobian, v);
        } finally {
            Workspace.release(storage);
        }
    }

    /**
     * The estimates from given probe vectors: {@code probes} is (K P) x N, rows
     * {@code [i P, (i+1) P)} the P &gt;= 2 probes of input i, each meant to be N(0, I_N) (not
     * modified).
     *
     * @return one entry per input, in order
     * @throws IllegalArgumentException if probes is not (K P) x N with P &gt;= 2
     */
    public static List<JacobianMoments> estimate(HiddenJacobian jacobian, FloatMatrix probes) {
        int k = jacobian.points(), n = jacobian.width(), n0 = jacobian.inputWidth();
        if (probes.cols() != n || probes.rows() % k != 0) {
            throw new IllegalArgumentException("probes are " + probes.rows() + "x" + probes.cols() + "; expected a multiple of "
                    + k + " rows (the inputs) by " + n + " columns (the width)");
        }
        int p = probes.rows() / k;
        checkProbes(p);
        int rows = probes.rows();
        float[] jtvStorage = Workspace.acquire(Precision.FLOAT, Math.multiplyExact(rows, n0));
        float[] jjtvStorage = Workspace.acquire(Precision.FLOAT, Math.multiplyExact(rows, n));
        try {
            FloatMatrix jtv = FloatMatrix.wrap(jtvStorage, 0, rows, n0, n0), jjtv = FloatMatrix.wrap(jjtvStorage, 0, rows, n, n);
            jacobian.applyTranspose(probes, jtv);
            jacobian.apply(jtv, jjtv);
            Kernels kern = jacobian.blas().kernels();
            double[] a = new double[p], b = new double[p];
            List<JacobianMoments> out = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                for (int r = 0; r < p; r++) {
                    a[r] = kern.sumSquares(n0, jtv.data(), jtv.index(i * p + r, 0));
                    b[r] = kern.sumSquares(n, jjtv.data(), jjtv.index(i * p + r, 0));
                }
                out.add(fromProbes(n, a, b));
            }
            return out;
        } finally {
            Workspace.release(jjtvStorage);
            Workspace.release(jtvStorage);
        }
    }

    /** The estimates from the probe values a_r = ||J^T v_r||^2, b_r = ||J J^T v_r||^2 (P of each). */
    static JacobianMoments fromProbes(int n, double[] a, double[] b) {
        int p = a.length;
        double ma = 0, mb = 0;
        for (int r = 0; r < p; r++) {
            ma += a[r];
            mb += b[r];
        }
        ma /= p;
        mb /= p;
        double saa = 0, sbb = 0, sab = 0;
        for (int r = 0; r < p; r++) {
            double da = a[r] - ma, db = b[r] - mb;
            saa += da * da;
            sbb += db * db;
            sab += da * db;
        }
        saa /= p - 1;
        sbb /= p - 1;
        sab /= p - 1;
        Estimate m1 = new Estimate(ma / n, Math.sqrt(saa / p) / n);
        Estimate m2 = new Estimate(mb / n, Math.sqrt(sbb / p) / n);
        if (ma == 0) return new JacobianMoments(n, m1, m2, new Estimate(Double.NaN, Double.NaN));
        double vni = mb / (ma * ma);
        double rel2 = mb == 0 ? 4 * saa / (ma * ma) : sbb / (mb * mb) + 4 * saa / (ma * ma) - 4 * sab / (ma * mb);
        return new JacobianMoments(n, m1, m2, new Estimate(vni, vni * Math.sqrt(Math.max(0, rel2) / p)));
    }

    private static void checkProbes(int probes) {
        if (probes < 2) throw new IllegalArgumentException(probes + " probes per input requested; expected at least 2, for a standard error");
    }
}
