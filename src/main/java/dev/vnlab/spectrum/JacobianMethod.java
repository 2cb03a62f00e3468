package dev.vnlab.spectrum;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedPass;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * How the Jacobian moments of a network are measured over the first inputs of a set: exactly
 * (J formed, {@link JacobianSpectrum#moments}: L GEMMs of N x N x n0 per input) or by
 * {@link StochasticMoments} (2 L GEMMs of P x N x N per input, never forming J). Immutable.
 */
public final class JacobianMethod {
    private final int inputs, probes;
    private final Rng rng;

    private JacobianMethod(int inputs, int probes, Rng rng) {
        if (inputs < 1) throw new IllegalArgumentException("Jacobian over " + inputs + " inputs requested; expected at least 1");
        this.inputs = inputs;
        this.probes = probes;
        this.rng = rng;
    }

    /**
     * The exact moments at each of the first {@code inputs} inputs.
     *
     * @throws IllegalArgumentException if inputs &lt; 1
     */
    public static JacobianMethod exact(int inputs) { return new JacobianMethod(inputs, 0, null); }

    /**
     * Estimates from {@code probes} Gaussian probes at each of the first {@code inputs} inputs;
     * input row s is probed from {@code rng.child(s)}, so the numbers depend on neither the
     * thread count nor the other inputs.
     *
     * @throws IllegalArgumentException if inputs &lt; 1 or probes &lt; 2
     */
    public static JacobianMethod stochastic(int inputs, int probes, Rng rng) {
        if (probes < 2) throw new IllegalArgumentException(probes + " probes per input requested; expected at least 2, for a standard error");
        return new JacobianMethod(inputs, probes, java.util.Objects.requireNonNull(rng, "rng"));
    }

    /** True for the exact route. */
    public boolean isExact() { return probes == 0; }

    /** The number of inputs measured: the first rows of the input set. */
    public int inputs() { return inputs; }

    /** Probes per input (0 for the exact route). */
    public int probes() { return probes; }

    /**
     * The moments of {@code net}'s hidden-stack Jacobian at each of the first {@link #inputs()}
     * rows of {@code source}, {@code batch} inputs per forward pass (the stochastic route sends
     * batch x P probe rows through each GEMM). The network is not modified.
     *
     * @return one entry per input, in order (exact ones have standard errors 0)
     * @throws IllegalArgumentException if the source is narrower or wider than the network's
     *         input, has fewer rows than {@link #inputs()}, or batch &lt; 1
     */
    public List<JacobianMoments> measure(Layers net, RowSource source, int batch, Blas blas) {
        return measure(net, source, batch, new int[] {net.depth()}, blas).get(0);
    }

    /**
     * The moments of the Jacobian of the first d hidden layers of {@code net}
     * ({@link HiddenJacobian#prefix}) for each depth d in {@code depths} (1..L, numbered as
     * {@link Layers} defines), at each of the first {@link #inputs()} rows of {@code source}:
     * what {@link #measure(Layers, RowSource, int, Blas)} gives for the network made of the first
     * d hidden layers, bit for bit, but with one observed forward pass for all depths. The exact
     * route carries J itself through that pass, as the forward tangents of the n_0 unit vectors
     * at each input (one GEMM of (batch n_0) x n_l x n_{l-1} per layer), and takes the moments
     * of J at each depth as the pass reaches it. The stochastic route probes every depth from the same
     * streams (input s from {@code rng.child(s)}), so the estimates at different depths are
     * correlated (common random numbers: their differences are less noisy than each alone).
     * The network is not modified.
     *
     * @return for each depth, in the order given, one entry per input
     * @throws IllegalArgumentException if a depth is not in [1, hidden layers], or as
     *         {@link #measure(Layers, RowSource, int, Blas)}
     */
    public List<List<JacobianMoments>> measure(Layers net, RowSource source, int batch, int[] depths, Blas blas) {
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        if (source.columns() != net.width(0)) {
            throw new IllegalArgumentException("inputs have " + source.columns() + " columns; the network expects " + net.width(0));
        }
        if (source.rows() < inputs) {
            throw new IllegalArgumentException("the Jacobian over " + inputs + " inputs needs that many rows; the input set has " + source.rows());
        }
        int deepest = 1;
        for (int d : depths) {
            if (d < 1 || d > net.depth()) {
                throw new IllegalArgumentException("Jacobian depth " + d + " is invalid; expected 1 to " + net.depth() + ", the network's hidden layers");
            }
            deepest = Math.max(deepest, d);
        }
        List<List<JacobianMoments>> out = new ArrayList<>(depths.length);
        for (int k = 0; k < depths.length; k++) out.add(new ArrayList<>(inputs));
        if (isExact()) {
            exact(net, source.head(inputs), batch, depths, out, blas);
            return out;
        }
        List<HiddenJacobian> batches = HiddenJacobian.atBatches(net, source.head(inputs), batch, deepest, blas);
        for (int b = 0, start = 0; b < batches.size(); start += batches.get(b).points(), b++) {
            HiddenJacobian full = batches.get(b);
            for (int k = 0; k < depths.length; k++) {
                HiddenJacobian j = depths[k] == full.depth() ? full : full.prefix(depths[k]);
                out.get(k).addAll(StochasticMoments.estimateDrawn(j, probes, rng, start));
            }
        }
        return out;
    }

    /**
     * The exact moments at every depth, in input order into {@code out}: the tangents of the unit
     * vectors e_1..e_{n_0} at an input are the rows of J^T, so each depth's observer transposes
     * them into J and takes its moments.
     */
    private static void exact(Layers net, RowSource inputs, int batch, int[] depths, List<List<JacobianMoments>> out, Blas blas) {
        int n0 = net.width(0);
        ObservedPass pass = new ObservedPass(net, blas).withTangents(unitVectors(inputs.rows(), n0), n0);
        for (int k = 0; k < depths.length; k++) {
            List<JacobianMoments> at = out.get(k);
            FloatMatrix j = new FloatMatrix(net.width(depths[k]), n0);
            pass.observe(depths[k], layer -> {
                FloatMatrix t = layer.tangents();
                for (int i = 0; i < layer.rows(); i++) {
                    for (int c = 0; c < n0; c++) {
                        for (int r = 0; r < j.rows(); r++) j.set(r, c, t.get(i * n0 + c, r));
                    }
                    at.add(JacobianSpectrum.moments(j, blas));
                }
            });
        }
        pass.run(inputs, batch);
    }

    /** e_1, ..., e_n (the rows of I_n) once for each of {@code copies} inputs: (copies n) x n. */
    private static RowSource unitVectors(long copies, int n) {
        long rows = Math.multiplyExact(copies, n);
        return new RowSource() {
            @Override public long rows() { return rows; }
            @Override public int columns() { return n; }
            @Override public void read(long start, FloatMatrix dst) {
                RowSource.checkRead(this, start, dst);
                dst.fill(0f);
                for (int r = 0; r < dst.rows(); r++) dst.set(r, (int) ((start + r) % n), 1f);
            }
        };
    }

    @Override public String toString() {
        return isExact() ? "exact at " + inputs + " inputs" : probes + " probes at each of " + inputs + " inputs";
    }
}
