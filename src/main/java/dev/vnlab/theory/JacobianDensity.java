package dev.vnlab.theory;

import dev.vnlab.linalg.kernel.Erf;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * The predicted spectral density of {@code J J^T} for a wide network (docs/theory.md section 4,
 * the whole spectrum), by free multiplicative convolution (Pennington, Schoenholz and Ganguli
 * 2017, 2018): {@code J J^T} is the free product of each layer's {@code W_l W_l^T} and
 * {@code D_l^2 = diag(phi'(h_l)^2)}, so its S-transform is the product of theirs.
 *
 * <p>With {@code psi(x) = E[x t / (1 - x t)]} the moment generating function of a law and
 * {@code chi = psi^{-1}}, {@code S(z) = chi(z) (1 + z) / z}. For the Jacobian
 * {@code chi_{JJ}(y) = y / (1 + y) prod_l S_{W_l}(y) S_{D_l}(y)}, with {@code S_W(y) =
 * 1 / (sigma_w^2 (1 + y))} for i.i.d. weights (Marchenko-Pastur, square) and {@code 1 / sigma_w^2}
 * for orthogonal ones, and {@code S_{D_l}(y) = w_l (1 + y) / y} where {@code psi_{D_l}(w_l) = y}.
 * At {@code zeta = lambda (1 + i eta)} the solver finds y = psi_{JJ}(1 / zeta) by Newton's method
 * on {@code chi_{JJ}(y) = 1 / zeta} (each w_l by an inner Newton), continued from above the
 * spectrum down a logarithmic grid; then {@code G(zeta) = (1 + y) / zeta} and the density is
 * {@code -Im G / pi}.
 *
 * <p>The law of D_l^2 is taken as atoms: two for piecewise-linear phi (phi'^2 is 0 or 1, or
 * a^2 or 1 for leaky ReLU, with normal probabilities: closed form), or a
 * {@value #SLOPE_NODES}-point Gauss-Hermite rule of phi'(sqrt(q_l) z)^2 for smooth phi. An atom
 * at 0 of mass p_l makes J J^T's law carry an atom at 0 of mass max_l p_l (free products keep the
 * largest kernel), which the density leaves out. Immutable.
 */
public final class JacobianDensity {
    /** Gauss-Hermite points of a smooth phi's slope law. */
    static final int SLOPE_NODES = 64;
    /** The imaginary offset of zeta, relative to lambda: the density is smoothed over about this fraction of lambda. */
    public static final double ETA = 1e-7;
    private static final int NEWTON_ITERATIONS = 200, MAX_HALVINGS = 40;
    /** A Newton step this small, relative to its variable, ends the iteration. */
    private static final double CONVERGED = 1e-11;
    /** The longest continuation step in ln lambda. */
    private static final double MAX_STEP = 1;

    /** A law as atoms: values with probabilities summing to 1. */
    record Law(double[] values, double[] weights) {
        double mean() {
            double s = 0;
            for (int i = 0; i < values.length; i++) s += weights[i] * values[i];
            return s;
        }

        double max() {
            double m = 0;
            for (int i = 0; i < values.length; i++) if (weights[i] > 0) m = Math.max(m, values[i]);
            return m;
        }

        double massAtZero() {
            double s = 0;
            for (int i = 0; i < values.length; i++) if (values[i] == 0) s += weights[i];
            return s;
        }

        /** psi(w), psi'(w) and 1 + psi(w) = E[1 / (1 - w t)], the last summed as such (no cancellation where psi is near -1). */
        Complex[] psi(Complex w) {
            Complex f = Complex.ZERO, d = Complex.ZERO, one = Complex.ZERO;
            for (int i = 0; i < values.length; i++) {
                if (weights[i] == 0) continue;
                Complex inv = Complex.ONE.minus(w.times(values[i])).inverse();
                one = one.plus(inv.times(weights[i]));
                if (values[i] == 0) continue;
                f = f.plus(w.times(values[i] * weights[i]).times(inv));
                d = d.plus(inv.times(inv).times(values[i] * weights[i]));
            }
            return new Complex[] {f, d, one};
        }
    }

    private final List<Law> laws; // distinct laws
    private final int[] counts; // layers per law
    private final boolean orthogonal;
    private final double sigmaW2;

    private JacobianDensity(List<Law> laws, int[] counts, Init.Scheme scheme, double sigmaW2) {
        this.laws = List.copyOf(laws);
        this.counts = counts.clone();
        this.orthogonal = scheme == Init.Scheme.ORTHOGONAL;
        this.sigmaW2 = sigmaW2;
    }

    /**
     * The density at the variance fixed point: every layer's pre-activations of variance q*.
     *
     * @throws IllegalArgumentException if depth &lt; 1
     * @throws NoFixedPointException if the variance map has no finite fixed point
     */
    public static JacobianDensity atFixedPoint(Activation phi, Init init, int depth) {
        MeanField.checkDepth(depth);
        double q = MeanField.fixedPoint(phi, init.sigmaW2(), init.sigmaB2());
        return new JacobianDensity(List.of(slopeSquares(phi, q)), new int[] {depth}, init.scheme(), init.sigmaW2());
    }

    /**
     * The density layer by layer: layer l's pre-activations of variance q_l
     * ({@link MeanField#varianceSequence}) for inputs of mean square qx.
     *
     * @throws IllegalArgumentException if depth &lt; 1 or qx is negative or not finite
     */
    public static JacobianDensity finiteDepth(Activation phi, Init init, int depth, double qx) {
        double[] q = MeanField.varianceSequence(phi, init.sigmaW2(), init.sigmaB2(), qx, depth);
        List<Law> laws = new ArrayList<>();
        int[] counts = new int[depth];
        for (int l = 0; l < depth; l++) {
            laws.add(slopeSquares(phi, q[l]));
            counts[l] = 1;
        }
        return new JacobianDensity(laws, counts, init.scheme(), init.sigmaW2());
    }

    /** Depth layers of one slope law (tests: a linear stack is the law {1}). */
    static JacobianDensity of(Law law, int depth, Init.Scheme scheme, double sigmaW2) {
        return new JacobianDensity(List.of(law), new int[] {depth}, scheme, sigmaW2);
    }

    /** The law of phi'(h)^2, h ~ N(0, q). */
    static Law slopeSquares(Activation phi, double q) {
        NormalExpectation.checkVariance(q);
        double s = Math.sqrt(q);
        switch (phi) {
            case LINEAR -> { return new Law(new double[] {1}, new double[] {1}); }
            case RELU -> { return new Law(new double[] {0, 1}, new double[] {0.5, 0.5}); }
            case LEAKY_RELU -> {
                double a = Activation.LEAKY_SLOPE;
                return new Law(new double[] {a * a, 1}, new double[] {0.5, 0.5});
            }
            case HARD_TANH -> {
                double inside = q == 0 ? 1 : Erf.erf(1 / (s * Math.sqrt(2)));
                return new Law(new double[] {0, 1}, new double[] {1 - inside, inside});
            }
            default -> {
                GaussHermite rule = GaussHermite.of(SLOPE_NODES);
                double[] x = rule.nodes(), w = rule.weights(), v = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    double d = phi.slope(s * x[i]);
                    v[i] = d * d;
                }
                return new Law(v, w);
            }
        }
    }

    /** m1 = prod_l sigma_w^2 E[phi'^2]: the first moment, exactly. */
    public double m1() {
        double m = 1;
        for (int g = 0; g < laws.size(); g++) m *= Math.pow(sigmaW2 * laws.get(g).mean(), counts[g]);
        return m;
    }

    /** The mass of J J^T's atom at 0: the largest of the layers' (an i.i.d. square W has none). */
    public double atomAtZero() {
        double m = 0;
        for (Law l : laws) m = Math.max(m, l.massAtZero());
        return m;
    }

    /** An upper bound of the spectrum: the product of the factors' norms (4 sigma_w^2 for i.i.d. W, sigma_w^2 for orthogonal). */
    double spectralBound() {
        double b = 1;
        for (int g = 0; g < laws.size(); g++) b *= Math.pow((orthogonal ? 1 : 4) * sigmaW2 * laws.get(g).max(), counts[g]);
        return b;
    }

    /**
     * The density of J J^T's eigenvalues (per unit lambda, the continuous part) at each point of
     * {@code lambdas}, which must be positive.
     *
     * @throws IllegalArgumentException if a lambda is not positive and finite
     * @throws ArithmeticException if the solver loses the branch (it never has on the tested laws)
     */
    public double[] density(double[] lambdas) {
        for (double l : lambdas) if (!(l > 0) || !Double.isFinite(l)) throw new IllegalArgumentException("eigenvalue " + l + " is invalid; expected a positive finite value");
        Integer[] order = new Integer[lambdas.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lambdas[b], lambdas[a])); // descending
        double[] out = new double[lambdas.length];
        double start = Math.max(spectralBound(), lambdas.length == 0 ? 1 : lambdas[order[0]]) * 2;
        State s = new State(start, this);
        for (int i : order) {
            s = s.walkTo(lambdas[i], this);
            out[i] = Math.max(0, -s.root.y().im() / (Math.PI * lambdas[i]));
        }
        return out;
    }

    /**
     * The predicted fraction of eigenvalues at or below each lambda (the distribution function,
     * atom at 0 included): 1 less the density's integral above lambda, by the trapezoid rule in
     * log lambda over {@code perDecade} points a decade (from the whole law's top down, so the
     * decades of small eigenvalues below lambda need not be resolved).
     *
     * @throws IllegalArgumentException if a lambda is not positive and finite, or perDecade &lt; 1
     */
    public double[] cdf(double[] lambdas, int perDecade) {
        if (perDecade < 1) throw new IllegalArgumentException(perDecade + " points a decade; expected at least 1");
        double lo = Double.POSITIVE_INFINITY;
        for (double l : lambdas) {
            if (!(l > 0) || !Double.isFinite(l)) throw new IllegalArgumentException("eigenvalue " + l + " is invalid; expected a positive finite value");
            lo = Math.min(lo, l);
        }
        if (lambdas.length == 0) return new double[0];
        double top = Math.log10(spectralBound() * 2), bottom = Math.log10(lo);
        int n = Math.max(2, (int) Math.ceil((top - bottom) * perDecade) + 1);
        java.util.TreeSet<Double> grid = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) grid.add(Math.pow(10, bottom + (top - bottom) * i / (n - 1)));
        for (double l : lambdas) grid.add(l);
        double[] x = grid.stream().mapToDouble(Double::doubleValue).toArray(), rho = density(x);
        java.util.Map<Double, Double> above = new java.util.HashMap<>();
        double s = 0;
        above.put(x[x.length - 1], 0.0);
        for (int i = x.length - 2; i >= 0; i--) {
            s += 0.5 * (rho[i] * x[i] + rho[i + 1] * x[i + 1]) * Math.log(x[i + 1] / x[i]);
            above.put(x[i], s);
        }
        double[] out = new double[lambdas.length];
        for (int i = 0; i < out.length; i++) out[i] = 1 - above.get(lambdas[i]);
        return out;
    }

    /** The solver's point: lambda, y and each law's w. */
    private record State(double lambda, Root root, Complex[] w) {
        /** Above the spectrum: y = psi(1 / lambda) ~ m1 / lambda, solved from there. */
        State(double lambda, JacobianDensity d) {
            this(lambda, Root.ofY(d.initialY(lambda)), d.initialW(Complex.real(d.m1() / lambda)));
        }

        /**
         * The state at target lambda, by continuation in log lambda: steps of at most
         * {@link #MAX_STEP} in ln lambda, halved where the solver cannot take them, doubled again
         * after each success.
         */
        State walkTo(double target, JacobianDensity d) {
            State s = this;
            double step = MAX_STEP;
            int failures = 0;
            while (s.lambda != target) {
                double remaining = Math.log(target / s.lambda), h = Math.min(step, Math.abs(remaining));
                double next = h == Math.abs(remaining) ? target : s.lambda * Math.exp(Math.copySign(h, remaining));
                State t = d.solve(next, s);
                if (t == null) {
                    if (++failures > MAX_HALVINGS) throw new ArithmeticException("the density solver lost its branch at lambda = " + next);
                    step /= 2;
                    continue;
                }
                s = t;
                failures = 0;
                step = Math.min(MAX_STEP, step * 2);
            }
            return s;
        }
    }

    private Complex initialY(double lambda) {
        return Complex.real(m1() / lambda);
    }

    private Complex[] initialW(Complex y) {
        Complex[] w = new Complex[laws.size()];
        for (int g = 0; g < w.length; g++) w[g] = y.times(1 / laws.get(g).mean());
        return w;
    }

    /**
     * y together with u = 1 + y, the variable Newton's method moves being whichever is small (so
     * it keeps its relative precision): y above the spectrum (y ~ m1 / lambda), u near 0, where y
     * tends to -1 + (the atom at 0) and 1 + y carries the density of the small eigenvalues.
     */
    record Root(Complex y, Complex u) {
        static Root ofY(Complex y) { return new Root(y, y.plus(1)); }

        static Root ofU(Complex u) { return new Root(u.plus(-1), u); }

        /** The one to move: u where |u| &lt; 1/2, else y. */
        boolean movesU() { return u.abs() < 0.5; }

        Root step(Complex s) { return movesU() ? ofU(u.minus(s)) : ofY(y.minus(s)); }

        double scale() { return movesU() ? u.abs() : y.abs(); }
    }

    /** Newton's method for y at zeta = lambda (1 + i eta), from the state before; null if it does not converge or leaves the branch. */
    private State solve(double lambda, State from) {
        Complex target = new Complex(lambda, lambda * ETA).inverse();
        Complex[] w = from.w.clone();
        Root r = solveRoot(target, from.root, w);
        if (r == null || r.y().im() > 1e-12 * r.y().abs()) return null; // G must have Im G <= 0 above the axis
        return new State(lambda, r, w);
    }

    /** psi_{JJ}(x) for complex x (the moment generating function), from a starting guess; w updated in place. */
    Complex solveY(Complex x, Complex y0, Complex[] w) {
        Root r = solveRoot(x, Root.ofY(y0), w);
        return r == null ? null : r.y();
    }

    private Root solveRoot(Complex x, Root start, Complex[] w) {
        Root root = start;
        for (int it = 0; it < NEWTON_ITERATIONS; it++) {
            Complex y = root.y(), u = root.u();
            Complex p = y.over(u), dlog = y.inverse().minus(u.inverse());
            for (int g = 0; g < laws.size(); g++) {
                Complex[] wd = innerW(laws.get(g), root, w[g]);
                if (wd == null) return null;
                w[g] = wd[0];
                Complex t = (orthogonal ? u : Complex.ONE).times(1 / sigmaW2).times(wd[0]).over(y);
                p = p.times(t.pow(counts[g]));
                Complex term = wd[1].over(wd[0]).minus(y.inverse());
                if (orthogonal) term = term.plus(u.inverse());
                dlog = dlog.plus(term.times(counts[g]));
            }
            Complex step = p.minus(x).over(p.times(dlog));
            if (!step.isFinite()) return null;
            double cap = 0.5 * root.scale();
            if (step.abs() > cap) step = step.times(cap / step.abs());
            root = root.step(step);
            if (step.abs() <= CONVERGED * root.scale()) return root; // Newton is quadratic: the next step would be at rounding
        }
        return null;
    }

    /**
     * w with psi_law(w) = y (as 1 + psi_law(w) = u where the root moves u), and dw/dy =
     * 1 / psi'(w), by Newton's method from w0; null if it does not converge.
     */
    private static Complex[] innerW(Law law, Root root, Complex w0) {
        Complex w = w0;
        boolean near = root.movesU();
        for (int it = 0; it < NEWTON_ITERATIONS; it++) {
            Complex[] f = law.psi(w);
            Complex step = (near ? f[2].minus(root.u()) : f[0].minus(root.y())).over(f[1]);
            if (!step.isFinite()) return null;
            double cap = 0.5 * w.abs();
            if (step.abs() > cap) step = step.times(cap / step.abs());
            w = w.minus(step);
            if (step.abs() <= CONVERGED * w.abs()) return new Complex[] {w, law.psi(w)[1].inverse()};
        }
        return null;
    }

    /**
     * The moments m_1..m_kMax of J J^T's law from its moment generating function on the circle
     * {@code |x| = r}, which must lie inside the radius of convergence 1 / lambda_max, by the
     * trapezoid rule over {@code points} points (geometric convergence): a check of the solver's
     * equations against closed-form moments, independent of the density's integration.
     */
    double[] momentsByContour(int kMax, double r, int points) {
        Complex y = Complex.real(m1() * r);
        Complex[] w = initialW(y);
        Complex[] values = new Complex[points];
        for (int j = 0; j < points; j++) {
            y = solveY(Complex.polar(r, 2 * Math.PI * j / points), y, w);
            if (y == null) throw new ArithmeticException("the solver failed on the contour at point " + j);
            values[j] = y;
        }
        double[] m = new double[kMax];
        for (int k = 1; k <= kMax; k++) {
            double s = 0;
            for (int j = 0; j < points; j++) s += values[j].times(Complex.polar(Math.pow(r, -k), -2 * Math.PI * k * j / points)).re();
            m[k - 1] = s / points;
        }
        return m;
    }
}
