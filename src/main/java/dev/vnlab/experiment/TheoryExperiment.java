package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.DEPTHS;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.report.Dash;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.spectrum.TheoryAlongDepth;
import dev.vnlab.spectrum.TheoryPrediction;
import dev.vnlab.theory.ActivationMoments;
import dev.vnlab.theory.CorrelationMap;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.JacobianDensity;
import dev.vnlab.theory.MeanField;
import dev.vnlab.theory.Predictions;
import dev.vnlab.theory.STransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The free-probability predictions alone (docs/theory.md section 4), instantly: for one activation
 * and initialisation, the fixed point q* of the variance map, chi = sigma_w^2 mu_1, mu_1, mu_2
 * and s_1, and at each depth and width the fixed-point (eq. 3.6) and finite-depth VNI with
 * m1 and m2/m1^2. Where the theory gives none (no fixed point, q_l overflowing) the numbers
 * are NaN with the reason.
 */
public final class TheoryExperiment {
    /** The command name. */
    public static final String COMMAND = "theory";

    /**
     * What to predict for.
     *
     * @param activation phi
     * @param init the weight distribution, sigma_w^2 and sigma_b^2 (sigma_w^2 already critical if {@code critical})
     * @param critical whether sigma_w^2 was set by {@link Criticality#forBias} for sigma_b^2, or
     *        both scales by {@link Criticality#forFixedPoint}
     * @param widths the widths N
     * @param depths the depths L
     * @param inputVariance q_x, the inputs' second moment, for the finite-depth form
     * @param qStar the fixed point both scales were chosen for ({@link #atFixedPoint}), or NaN
     */
    public record Settings(Activation activation, Init init, boolean critical, int[] widths, int[] depths, double inputVariance, double qStar) {
        /** Any width: the theory does not build the networks. */
        private static final Setting<int[]> WIDTHS = SharedSettings.WIDTHS.rechecked(Checks.ascendingDistinct("width"));
        /** q_x = 0 too: inputs at the origin. */
        private static final Setting<Double> INPUT_VARIANCE = SharedSettings.INPUT_VARIANCE.rechecked(Checks.nonNegative());

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(
                ModelSettings.recordingChoice(Settings::activation, Settings::init, Settings::critical, Settings::qStar),
                new Field<>(WIDTHS, Settings::widths), new Field<>(DEPTHS, Settings::depths), new Field<>(INPUT_VARIANCE, Settings::inputVariance)),
                v -> new Settings(v.get(ACTIVATION), ModelSettings.init(v), ModelSettings.critical(v), v.get(WIDTHS), v.get(DEPTHS), v.get(INPUT_VARIANCE),
                        ModelSettings.qStar(v)),
                defaults(), defaults());

        /** @throws IllegalArgumentException naming the option whose value is out of range */
        public Settings {
            ModelSettings.require(activation, init);
            widths = WIDTHS.check(widths);
            depths = DEPTHS.check(depths);
            INPUT_VARIANCE.check(inputVariance);
        }

        /** Fig. 3.1's networks: hard-tanh, scaled-Gaussian weights, sigma_w^2 = 1, zero biases, widths 200 and 500, depths 10 to 100, q_x = 0.1. */
        public static Settings defaults() {
            return new Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), false, new int[] {200, 500},
                    new int[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 0.1);
        }

        /** Settings whose scales were not chosen for a fixed point (qStar NaN). */
        public Settings(Activation activation, Init init, boolean critical, int[] widths, int[] depths, double inputVariance) {
            this(activation, init, critical, widths, depths, inputVariance, Double.NaN);
        }

        /**
         * Settings on the critical line with the fixed point q*: sigma_w^2 = 1/mu_1(q*) and the
         * sigma_b^2 that makes q* the fixed point ({@link Criticality#forFixedPoint}).
         *
         * @throws IllegalArgumentException if q* needs a negative sigma_b^2
         */
        public static Settings atFixedPoint(Activation phi, Init.Scheme scheme, double qStar, int[] widths, int[] depths, double inputVariance) {
            return new Settings(phi, Criticality.forFixedPoint(phi, qStar).init(scheme), true, widths, depths, inputVariance, qStar);
        }

        /**
         * Settings whose sigma_w^2 is the critical one for sigma_b^2 (sigma_w^2 mu_1(q*) = 1).
         *
         * @throws IllegalArgumentException if no critical point exists for sigma_b^2
         */
        public static Settings critical(Activation phi, Init.Scheme scheme, double sigmaB2, int[] widths, int[] depths, double inputVariance) {
            return new Settings(phi, Criticality.init(scheme, phi, sigmaB2), true, widths, depths, inputVariance);
        }
    }

    private final Settings s;

    /** Predictions for these settings. */
    public TheoryExperiment(Settings settings) {
        this.s = settings;
    }

    /** The configuration, as written to summary.json. */
    public Map<String, Object> config() {
        return Settings.SCHEMA.config(s);
    }

    /**
     * The per-configuration constants, NaN where the theory gives none; {@code everyQFixed} where
     * the variance map is the identity (q* is then one fixed point among all).
     */
    private record Constants(double qStar, double chi, double mu1, double mu2, double s1, boolean everyQFixed, CorrelationMap.Phase correlations, String failure) {}

    private Constants constants() {
        List<String> failures = new ArrayList<>();
        double q = attempt(() -> MeanField.fixedPoint(s.activation, s.init.sigmaW2(), s.init.sigmaB2()), failures);
        double mu1 = Double.isFinite(q) ? attempt(() -> ActivationMoments.mu1(s.activation, q), failures) : Double.NaN;
        double mu2 = Double.isFinite(q) ? attempt(() -> ActivationMoments.mu2(s.activation, q), failures) : Double.NaN;
        boolean identity = MeanField.isIdentity(s.activation, s.init.sigmaW2(), s.init.sigmaB2());
        CorrelationMap.Phase c = new CorrelationMap.Phase(q, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        if (q > 0 && Double.isFinite(q) && !identity) { // the correlation map needs inputs of nonzero variance at a unique q*
            try {
                c = CorrelationMap.phase(s.activation, s.init.sigmaW2(), s.init.sigmaB2());
            } catch (IllegalArgumentException | ArithmeticException e) {
                failures.add(e.getMessage());
            }
        }
        return new Constants(q, s.init.sigmaW2() * mu1, mu1, mu2, STransform.s1(s.init.scheme()), identity, c, failures.isEmpty() ? null : String.join("; ", failures));
    }

    private static double attempt(DoubleSupplier f, List<String> failures) {
        try {
            return f.getAsDouble();
        } catch (IllegalArgumentException | ArithmeticException e) {
            failures.add(e.getMessage());
            return Double.NaN;
        }
    }

    /**
     * Writes summary.json, theory.csv, theory.svg/png and report.md into {@code out}.
     *
     * @return what the command prints: the constants and the table
     */
    public String write(String version, OutputDir out) throws IOException {
        Constants k = constants();
        int maxDepth = s.depths[s.depths.length - 1];
        List<String> qFailure = new ArrayList<>();
        double[] q = new double[maxDepth];
        Arrays.fill(q, Double.NaN);
        try {
            q = MeanField.varianceSequence(s.activation, s.init.sigmaW2(), s.init.sigmaB2(), s.inputVariance, maxDepth);
        } catch (IllegalArgumentException e) {
            qFailure.add(e.getMessage());
        }
        Table csv = new Table("width", "depth", "fixed_point_vni", "finite_depth_vni", "fixed_point_m2_over_m1_squared", "finite_depth_m2_over_m1_squared",
                "fixed_point_m1", "finite_depth_m1", "q_depth", "q_star", "chi", "mu1", "mu2", "s1", "c_star", "chi_c", "xi_q", "xi_c", "theory_note");
        Table shown = new Table("N", "L", "eq. 3.6", "finite L", "m2/m1² (3.6)", "m2/m1² (finite)", "m1 (finite)", "q_L");
        List<TheoryAlongDepth> curves = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int n : s.widths) {
            TheoryAlongDepth t = TheoryAlongDepth.of(s.activation, s.init, s.depths, n, s.inputVariance);
            curves.add(t);
            for (int i = 0; i < s.depths.length; i++) {
                TheoryPrediction fp = t.fixedPoint().get(i), fd = t.finiteDepth().get(i);
                String note = t.note(i);
                if (note != null && !notes.contains(note)) notes.add(note);
                double qL = q[s.depths[i] - 1];
                csv.add(n, s.depths[i], fp.vni(), fd.vni(), fp.m2OverM1Squared(), fd.m2OverM1Squared(), fp.m1(), fd.m1(), qL,
                        k.qStar, k.chi, k.mu1, k.mu2, k.s1, k.correlations.cStar(), k.correlations.chiC(), k.correlations.xiQ(), k.correlations.xiC(), note);
                shown.add(n, s.depths[i], fp.vni(), fd.vni(), fp.m2OverM1Squared(), fd.m2OverM1Squared(), fd.m1(), qL);
            }
        }
        out.writeSummary(COMMAND, version, config(), csv.toRecords());
        out.writeCsv("theory.csv", csv);
        out.writeFigure("theory", plot(curves));
        LawCurves law = law();
        out.writeCsv("theory-density.csv", law.table());
        out.writeFigure("theory-density", law.plot());
        String constants = String.format(Locale.ROOT, "q* = %s, chi = sigma_w^2 mu_1 = %s, mu_1 = %s, mu_2 = %s, s_1 = %s",
                k.everyQFixed ? "any q (the variance map is the identity: every q is a fixed point)" : String.valueOf(k.qStar), k.chi, k.mu1, k.mu2, k.s1)
                + (Double.isNaN(k.correlations.cStar()) ? "" : String.format(Locale.ROOT, ", c* = %s, chi_c = %s, xi_q = %s, xi_c = %s",
                        k.correlations.cStar(), k.correlations.chiC(), k.correlations.xiQ(), k.correlations.xiC()));
        Report report = new Report("Predicted VNI against depth").paragraph(String.format(Locale.ROOT,
                        "%s activation, %s weights, sigma_w^2 = %s%s, sigma_b^2 = %s, inputs of second moment q_x = %s. %s.",
                        Names.of(s.activation), Names.of(s.init.scheme()), s.init.sigmaW2(), s.critical ? " (critical: sigma_w^2 mu_1(q*) = 1"
                                + (Double.isNaN(s.qStar) ? ")" : ", both scales chosen for the fixed point q* = " + s.qStar + ")") : "",
                        s.init.sigmaB2(), s.inputVariance, constants))
                .table(shown)
                .paragraph("eq. 3.6: VNI = 1/N + (L/N)(mu_2/mu_1^2 - 1 - s_1) with every layer at q*; finite L: each layer at its own q_l of the variance map "
                        + "from q_1 = sigma_w^2 q_x + sigma_b^2, m2/m1^2 = 1 + sum_l [mu_2(q_l)/mu_1(q_l)^2 - 1 - s_1]; m1 = prod_l sigma_w^2 mu_1(q_l). "
                        + "Both are first order in L/N: accurate for N >> L, and not bounded by 1 as a measured VNI is.")
                .figure("Predicted VNI against depth", "theory")
                .figure("The predicted law of J J^T's eigenvalues at each depth (free probability, each layer at its own q_l; the wide limit, the same at "
                        + "every width): fraction per decade" + (law.atom() > 0 ? ", with an atom at 0 of mass " + CellRecords.text(law.atom()) + " (saturated units)" : "")
                        + "; numbers in theory-density.csv", "theory-density")
                .section("Reading").paragraph(reading(k, q));
        List<String> all = new ArrayList<>(notes);
        all.addAll(qFailure);
        if (k.failure != null && all.stream().noneMatch(n -> n.contains(k.failure))) all.add(0, k.failure);
        if (!all.isEmpty()) report.paragraph("Where the theory gives no number: " + String.join(" ", all));
        report.section("Re-run").code("sh", rerun());
        out.writeReport(report);
        StringBuilder console = new StringBuilder(constants).append('\n').append(shown.toConsole());
        for (String n : all) console.append("theory: ").append(n).append('\n');
        return console.toString();
    }

    /** The predicted law per depth on one logarithmic grid (NaN where the theory gives none), and the atom at 0 of the deepest. */
    private record LawCurves(double[] lambda, int[] depths, List<double[]> perDecade, double atom, String title) {
        Table table() {
            List<String> header = new ArrayList<>(List.of("eigenvalue"));
            for (int d : depths) header.add("fraction_per_decade_depth_" + d);
            Table t = new Table(header);
            for (int i = 0; i < lambda.length; i++) {
                Object[] row = new Object[depths.length + 1];
                row[0] = lambda[i];
                for (int d = 0; d < depths.length; d++) row[d + 1] = perDecade.get(d)[i];
                t.add(row);
            }
            return t;
        }

        Plot plot() {
            Plot p = new Plot(title).xLabel("eigenvalue λ").yLabel("fraction per decade").xScale(dev.vnlab.report.Scale.LOG);
            for (int d = 0; d < depths.length; d++) p.add(Series.of("L = " + depths[d], lambda, perDecade.get(d)).color(Plot.PALETTE.get(d % Plot.PALETTE.size())));
            return p;
        }
    }

    /** At most this many grid points for the predicted law. */
    private static final int LAW_POINTS = 300;

    /**
     * The predicted law of J J^T's eigenvalues at each depth ({@link JacobianDensity#finiteDepth}
     * from the inputs' q_x), from 14 decades below the smallest depth's m1 to 4 decades above the
     * largest's.
     */
    private LawCurves law() {
        List<JacobianDensity> laws = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int depth : s.depths) {
            try {
                JacobianDensity d = JacobianDensity.finiteDepth(s.activation, s.init, depth, s.inputVariance);
                laws.add(d);
                if (d.m1() > 0 && Double.isFinite(d.m1())) {
                    lo = Math.min(lo, d.m1() * 1e-14);
                    hi = Math.max(hi, d.m1() * 1e4);
                }
            } catch (RuntimeException e) {
                laws.add(null);
            }
        }
        if (!(hi > lo)) {
            lo = 1e-14;
            hi = 1e4;
        }
        double decades = Math.log10(hi / lo);
        int n = (int) Math.min(LAW_POINTS, Math.ceil(decades * 10) + 1);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = lo * Math.pow(10, decades * i / (n - 1));
        List<double[]> curves = new ArrayList<>();
        double atom = 0;
        for (JacobianDensity d : laws) {
            double[] y = new double[n];
            Arrays.fill(y, Double.NaN);
            if (d != null) {
                try {
                    double[] rho = d.density(lambda);
                    for (int i = 0; i < n; i++) y[i] = rho[i] * lambda[i] * Math.log(10);
                    atom = d.atomAtZero();
                } catch (ArithmeticException e) { // the solver lost its branch: no curve
                    Arrays.fill(y, Double.NaN);
                }
            }
            curves.add(y);
        }
        return new LawCurves(lambda, s.depths.clone(), curves, atom, "Predicted eigenvalues of J J^T (" + Names.of(s.activation) + ", " + Names.of(s.init.scheme()) + ")");
    }

    private Plot plot(List<TheoryAlongDepth> curves) {
        double[] x = Arrays.stream(s.depths).asDoubleStream().toArray();
        Plot p = new Plot("Predicted VNI against depth (" + Names.of(s.activation) + ", " + Names.of(s.init.scheme()) + ")").xLabel("depth L").yLabel("predicted VNI");
        for (int w = 0; w < s.widths.length; w++) {
            java.awt.Color c = Plot.PALETTE.get(w % Plot.PALETTE.size());
            p.add(Series.of("N = " + s.widths[w] + ", fixed point (eq. 3.6)", x, curves.get(w).fixedPointVni()).dash(Dash.DASHED).color(c));
            p.add(Series.of("N = " + s.widths[w] + ", finite depth", x, curves.get(w).finiteDepthVni()).dash(Dash.DASH_DOT).color(c));
        }
        return p;
    }

    /**
     * What the constants and the finite-depth numbers say: what chi means at the fixed point,
     * and where the layers are not at it (q* = 0 is approached slowly), how q_L and m1 move
     * with depth, quoted from the table.
     *
     * @param q the variance sequence q_1..q_L of the deepest depth (NaN where it overflows)
     */
    private String reading(Constants k, double[] q) {
        StringBuilder r = new StringBuilder();
        if (Double.isFinite(k.chi)) {
            boolean critical = Math.abs(k.chi - 1) < 1e-9;
            if (critical) {
                r.append("chi = 1: the initialisation is critical: at the fixed point q* each layer multiplies the variance of forward signals and of "
                        + "back-propagated gradients by chi = 1, so there they keep their scale with depth. ");
                r.append(awayFromFixedPoint(k, q));
            } else {
                r.append(String.format(Locale.ROOT, "chi = %.4g %s 1: at the fixed point, signals and gradients %s by that factor per layer. ", k.chi,
                        k.chi < 1 ? "<" : ">", k.chi < 1 ? "shrink" : "grow"));
            }
            double slope = k.mu2 / (k.mu1 * k.mu1) - 1 - k.s1;
            if (Math.abs(slope) < 1e-12) {
                r.append("At the fixed point each layer adds mu_2/mu_1^2 - 1 - s_1 = 0 to m2/m1^2, so eq. 3.6 predicts a VNI of 1/N at every depth. ");
            } else {
                r.append(String.format(Locale.ROOT, "At the fixed point each layer adds mu_2/mu_1^2 - 1 - s_1 = %.4g to m2/m1^2, so the predicted VNI grows by %.4g/N per layer",
                        slope, slope));
                if (slope > 0) {
                    List<String> where = new ArrayList<>();
                    for (int n : s.widths) where.add(String.format(Locale.ROOT, "L = %.0f for N = %d", Math.ceil((n - 1) / slope), n));
                    r.append(" and passes 1, where the first-order formula has lost its meaning, at ").append(String.join(", ", where));
                }
                r.append(". ");
            }
        }
        CorrelationMap.Phase c = k.correlations;
        if (!Double.isNaN(c.cStar())) {
            r.append(String.format(Locale.ROOT, "Correlations between inputs (mean field): %s; deviations of q from q* decay over xi_q = %.4g layers",
                    c.cStar() == 1 ? (Double.isInfinite(c.xiC()) ? "the pre-activations of every pair of inputs end fully correlated (c* = 1)"
                                    : "the pre-activations of every pair of inputs end fully correlated (c* = 1, the ordered phase)")
                            : String.format(Locale.ROOT, "the pre-activations of pairs of inputs settle at correlation c* = %.4g (the chaotic phase)", c.cStar()), c.xiQ()));
            r.append(Double.isInfinite(c.xiC()) ? ", and of correlations from c* do not decay exponentially (chi_c = 1: the critical line, where the deepest networks train). "
                    : String.format(Locale.ROOT, ", and of correlations from c* over xi_c = %.4g layers (chi_c = %.4g). ", c.xiC(), c.chiC()));
        }
        r.append("The finite-depth form differs from eq. 3.6 where q_l has not reached q* (e.g. from inputs of variance far from q*).");
        return r.toString();
    }

    /**
     * At criticality: whether the finite-depth network is at the fixed point, with q_L and m1 at
     * the depths of the table (all of them, or the first and last of a long list).
     */
    private String awayFromFixedPoint(Constants k, double[] q) {
        if (Double.isNaN(q[0])) return "";
        double q1 = q[0];
        if (k.everyQFixed) {
            return String.format(Locale.ROOT, "With this activation and sigma_b^2 = 0 the variance map is the identity: every q is a fixed point, so "
                    + "q_l stays at q_1 = %s and m1 = %s at every depth. ", CellRecords.text(q1), CellRecords.text(finiteM1(s.depths[s.depths.length - 1])));
        }
        int[] shown = s.depths.length <= 4 ? s.depths : new int[] {s.depths[0], s.depths[s.depths.length - 1]};
        List<String> qs = new ArrayList<>(), m1s = new ArrayList<>(), at = new ArrayList<>();
        for (int l : shown) {
            qs.add(CellRecords.text(q[l - 1]));
            m1s.add(CellRecords.text(finiteM1(l)));
            at.add(String.valueOf(l));
        }
        double m1Deepest = finiteM1(shown[shown.length - 1]);
        String values = String.format(Locale.ROOT, "q_L = %s and m1 = %s at L = %s", String.join(", ", qs), String.join(", ", m1s), String.join(", ", at));
        if (k.qStar == 0) {
            return String.format(Locale.ROOT, "Here q* = 0 (sigma_b^2 = 0 and phi(0) = 0), which the variance map approaches only slowly, as a power law "
                            + "in l rather than exponentially: at finite depth the layers are not at the fixed point, their chi_l = sigma_w^2 mu_1(q_l) is not 1, "
                            + "and from q_1 = %s q_L and m1 still %s, slowly: %s. ", CellRecords.text(q1), m1Deepest < 1 ? "decay" : "grow", values);
        }
        if (Math.abs(m1Deepest - 1) <= 0.01) {
            return String.format(Locale.ROOT, "From q_1 = %s the layers reach q* = %s: %s. ", CellRecords.text(q1), CellRecords.text(k.qStar), values);
        }
        return String.format(Locale.ROOT, "From q_1 = %s the layers approach q* = %s, and until they are there chi_l = sigma_w^2 mu_1(q_l) is not 1: %s. ",
                CellRecords.text(q1), CellRecords.text(k.qStar), values);
    }

    /** The finite-depth m1 at depth L (it does not depend on the width), NaN where there is none. */
    private double finiteM1(int depth) {
        return TheoryAlongDepth.of(s.activation, s.init, new int[] {depth}, s.widths[0], s.inputVariance).finiteDepth().get(0).m1();
    }

    private String rerun() {
        return Settings.SCHEMA.rerun(COMMAND, s);
    }
}
