package dev.vnlab.spectrum;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.ObservedPass;
import dev.vnlab.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the Jacobian moments of a network are measured over the first inputs of a set: exactly
 * (J formed, {@link JacobianSpectrum#moments}: L GEMMs of N x N x n0 per input), by
 * {@link StochasticMoments} (2 L GEMMs of P x N x N per input, never forming J), or by
 * {@link StochasticLanczos} (m steps of 2 L GEMMs of (P + 1) x N x N per input, never forming
 * J, and the whole spectral measure besides the moments). Immutable; a Lanczos method may hand
 * each measure it takes to a consumer.
 */
public final class JacobianMethod {
    private final int inputs, probes, steps;
    private final Rng rng;
    private final Consumer<? super SpectralQuadrature> spectra;

    private JacobianMethod(int inputs, int probes, int steps, Rng rng, Consumer<? super SpectralQuadrature> spectra) {
        if (inputs < 1) throw new IllegalArgumentException("Jacobian over " + inputs + " inputs requested; expected at least 1");
        this.inputs = inputs;
        this.probes = probes;
        this.steps = steps;
        this.rng = rng;
        this.spectra = spectra;
    }

    /**
     * The exact moments at each of the first {@code inputs} inputs.
     *
     * @throws IllegalArgumentException if inputs &lt; 1
     */
    public static JacobianMethod exact(int inputs) { return new JacobianMethod(inputs, 0, 0, null, null); }

    /**
     * Estimates from {@code probes} Gaussian probes at each of the first {@code inputs} inputs;
     * input row s is probed from {@code rng.child(s)}, so the numbers depend on neither the
     * thread count nor the other inputs.
     *
     * @throws IllegalArgumentException if inputs &lt; 1 or probes &lt; 2
     */
    public static JacobianMethod stochastic(int inputs, int probes, Rng rng) {
        if (probes < 2) throw new IllegalArgumentException(probes + " probes per input requested; expected at least 2, for a standard error");
        return new JacobianMethod(inputs, probes, 0, Objects.requireNonNull(rng, "rng"), null);
    }

    /**
     * Stochastic Lanczos quadrature ({@link StochasticLanczos#ofGram}) from {@code probes} start
     * vectors of {@code steps} steps at each of the first {@code inputs} inputs, all in one block
     * per batch: m1 and m2 per input from the start vectors' trace estimates, with standard
     * errors over them. Input s's vectors come from {@code rng.child(s)}, so the numbers depend on
     * neither the thread count nor the batches.
     *
     * @throws IllegalArgumentException if inputs &lt; 1, probes &lt; 2 or steps &lt; 1
     */
    public static JacobianMethod lanczos(int inputs, int probes, int steps, Rng rng) {
        if (probes < 2) throw new IllegalArgumentException(probes + " start vectors per input requested; expected at least 2, for a standard error");
        if (steps < 1) throw new IllegalArgumentException(steps + " Lanczos steps requested; expected at least 1");
        return new JacobianMethod(inputs, probes, steps, Objects.requireNonNull(rng, "rng"), null);
    }

    /**
     * This Lanczos method, handing {@code sink} every measure it takes (one per batch of inputs
     * and depth, in the order measured; group i of a measure is the batch's input i).
     *
     * @throws IllegalStateException if this is not a Lanczos method
     */
    public JacobianMethod reportingSpectra(Consumer<? super SpectralQuadrature> sink) {
        if (!isLanczos()) throw new IllegalStateException("only the Lanczos route takes spectral measures; this is " + this);
        return new JacobianMethod(inputs, probes, steps, rng, Objects.requireNonNull(sink, "sink"));
    }

    /** True for the exact route. */
    public boolean isExact() { return probes == 0; }

    /** True for the stochastic Lanczos route. */
    public boolean isLanczos() { return steps > 0; }

    /** The number of inputs measured: the first rows of the input set. */
    public int inputs() { return inputs; }

    /** Probes (start vectors of the Lanczos route) per input; 0 for the exact route. */
    public int probes() { return probes; }

    /** Lanczos steps per start vector; 0 unless {@link #isLanczos()}. */
    public int steps() { return steps; }

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
                out.get(k).addAll(isLanczos() ? lanczosMoments(j, start) : StochasticMoments.estimateDrawn(j, probes, rng, start));
            }
        }
        return out;
    }

    /** SLQ of one batch's Jacobian, input s's vectors from {@code rng.child(s)}: each input's moments, the measure to the sink. */
    private List<JacobianMoments> lanczosMoments(HiddenJacobian j, int start) {
        SpectralQuadrature q = StochasticLanczos.ofGram(j, probes, steps, rng, start);
        if (spectra != null) spectra.accept(q);
        List<JacobianMoments> out = new ArrayList<>(j.points());
        int n = j.width();
        for (int g = 0; g < j.points(); g++) {
            double[] t1 = q.traces(g, 1), t2 = q.traces(g, 2);
            if (t1.length > 0) {
                out.add(StochasticMoments.fromProbes(n, t1, t2));
                continue;
            }
            double s1 = 0, s2 = 0; // every eigenvalue found (n <= the steps): exact
            for (double e : q.groups().get(g).deflated()) {
                s1 += e;
                s2 += e * e;
            }
            out.add(new JacobianMoments(n, Estimate.exact(s1 / n), Estimate.exact(s2 / n), Estimate.exact(s1 == 0 ? Double.NaN : s2 / (s1 * s1))));
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
        if (isExact()) return "exact at " + inputs + " inputs";
        return isLanczos() ? "Lanczos quadrature from " + probes + " start vectors of " + steps + " steps at each of " + inputs + " inputs"
                : probes + " probes at each of " + inputs + " inputs";
    }
}
