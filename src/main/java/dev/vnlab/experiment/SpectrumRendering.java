package dev.vnlab.experiment;

import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.experiment.SpectrumExperiment.Settings;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import dev.vnlab.settings.Names;
import dev.vnlab.theory.JacobianDensity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The outputs of the spectrum experiment, made from its cells' records alone: spectrum.csv (one
 * row per width and depth), per width the eigenvalue histograms (exact) or Lanczos densities as
 * a figure and a CSV, the moments and VNI figures, report.md with a reading of them, and the
 * console table.
 */
record SpectrumRendering(Settings settings) {
    /**
     * Writes {@code spectrum.csv} (one row per width and depth), the figures
     * {@code spectrum-histogram-width-N} (exact widths) or {@code spectrum-density-width-N}
     * (Lanczos widths), each with a CSV of its curves, {@code spectrum-moments} and
     * {@code spectrum-vni} (SVG and PNG) and {@code report.md} from every cell's record (in any
     * order; as {@link SpectrumExperiment#run} returns them or as read back from JSON).
     *
     * @throws IllegalArgumentException if a cell's record is missing or malformed
     */
    public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        List<List<SpectrumPoint>> byWidth = SpectrumPoint.of(settings, records);
        Table csv = new Table("width", "depth", "nets", "collapsed", "method", "m1_mean", "m1_sd", "m1_probe_se", "m1_fixed_point", "m1_finite_depth", "m2_mean", "m2_sd",
                "m2_over_m1_squared_mean", "m2_over_m1_squared_sd", "m2_over_m1_squared_probe_se", "m2_over_m1_squared_fixed_point",
                "m2_over_m1_squared_finite_depth", "jacobian_vni_mean", "jacobian_vni_sd", "jacobian_vni_probe_se", "covariance_vni_mean", "covariance_vni_sd",
                "vni_fixed_point", "vni_finite_depth", "largest_mean", "largest_sd", "fraction_below_plot", "predicted_fraction_below_plot",
                "distance_to_predicted_law", "theory_note");
        Table shown = new Table("N", "L", "collapsed", "m1", "m1 theory", "m2/m1²", "±", "eq. 3.6", "finite L", "Jac VNI", "cov VNI", "VNI eq. 3.6", "VNI finite L");
        List<String> notes = new ArrayList<>();
        Map<Integer, SpectrumCurves> curves = new LinkedHashMap<>();
        for (List<SpectrumPoint> width : byWidth) {
            int n = width.get(0).width();
            SpectrumCurves c = settings.exact(n) ? SpectrumCurves.histograms(width, settings.bins()) : SpectrumCurves.lanczos(width, settings.bins());
            curves.put(n, c.withPrediction(predicted(c.centres())));
        }
        Map<SpectrumPoint, LawCheck> checks = new java.util.IdentityHashMap<>(); // each solves the predicted law over a grid: once per point
        for (List<SpectrumPoint> width : byWidth) {
            SpectrumCurves h = curves.get(width.get(0).width());
            for (SpectrumPoint p : width) checks.put(p, new LawCheck(predictedBelow(p, h), h.lanczos() ? Double.NaN : distance(p, h.edges())));
        }
        for (List<SpectrumPoint> width : byWidth) {
            SpectrumCurves h = curves.get(width.get(0).width());
            for (int d = 0; d < width.size(); d++) {
                SpectrumPoint p = width.get(d);
                if (p.note() != null && !notes.contains(p.note())) notes.add(p.note());
                csv.add(p.width(), p.depth(), p.nets(), p.collapsed(), settings.exact(p.width()) ? "exact" : "lanczos", p.m1().mean(), p.m1().sd(), p.m1ProbeSe(),
                        p.fixedM1(), p.finiteM1(), p.m2().mean(), p.m2().sd(), p.ratio().mean(), p.ratio().sd(), p.ratioProbeSe(), p.fixedRatio(), p.finiteRatio(),
                        p.jacobianVni().mean(), p.jacobianVni().sd(), p.vniProbeSe(), p.covarianceVni().mean(), p.covarianceVni().sd(), p.fixedVni(), p.finiteVni(), p.largest().mean(), p.largest().sd(), h.below()[d],
                        checks.get(p).below(), h.lanczos() ? null : (Object) checks.get(p).distance(), p.note());
                shown.add(p.width(), p.depth(), p.collapsed(), p.m1().mean(), p.finiteM1(), p.ratio().mean(), SpectrumPoint.bar(p.ratio(), p.ratioProbeSe()), p.fixedRatio(), p.finiteRatio(), p.jacobianVni().mean(),
                        p.covarianceVni().mean(), p.fixedVni(), p.finiteVni());
            }
        }
        out.writeCsv("spectrum.csv", csv);
        Report report = new Report("Jacobian spectrum against the theory")
                .paragraph(setup())
                .table(shown)
                .paragraph("Columns: N width; L depth; collapsed: how many of the point's networks have collapsed at the last hidden layer ("
                        + Collapse.MEANING + "; J is then 0), counted apart from the ratios; m1, the mean eigenvalue of J J^T, beside its finite-depth prediction (the fixed point's is "
                        + "(σ_w² μ_1)^L, in spectrum.csv); m2/m1² = N × Jacobian VNI, its mean and ± its sd over the networks (where one network is measured, "
                        + "the standard error its start vectors leave), beside eq. 3.6's "
                        + "L(μ_2/μ_1² + 1/L − 1 − s_1) and the finite-depth form; Jac VNI, the mean over inputs and networks of m2/(N m1²); cov VNI, the "
                        + "covariance VNI of the last hidden layer over the " + settings.inputs() + " inputs; the two VNI predictions. Every number exactly in spectrum.csv.");
        for (Map.Entry<Integer, SpectrumCurves> e : curves.entrySet()) {
            boolean lanczos = e.getValue().lanczos();
            String base = (lanczos ? "spectrum-density-width-" : "spectrum-histogram-width-") + e.getKey();
            out.writeFigure(base, e.getValue().plot(e.getKey(), settings.depths()));
            out.writeCsv(base + ".csv", e.getValue().table(settings.depths()));
            report.figure(lanczos
                    ? "Spectral density of J J^T, width " + e.getKey() + ", by Lanczos quadrature: " + settings.probes() + " start vectors of " + settings.lanczosSteps()
                            + " steps at each of " + settings.jacobianInputs() + " inputs of " + networks(settings.netsAt(e.getKey())) + ", the measure smoothed by a Gaussian of "
                            + text(SpectrumCurves.BANDWIDTH_BINS) + " bins in log10 λ; fraction per decade above the resolution floor (" + base + ".csv)"
                    : "Eigenvalues of J J^T, width " + e.getKey() + ": pooled over " + networks(settings.netsAt(e.getKey())) + " × " + settings.jacobianInputs()
                            + " inputs, fraction of all eigenvalues per decade, down to 14 decades below the largest (" + base + ".csv)", base);
        }
        out.writeFigure("spectrum-moments", momentsPlot(byWidth));
        out.writeFigure("spectrum-vni", vniPlot(byWidth));
        report.figure("m2/m1² against depth: mean ± sd over networks, eq. 3.6 (dashed), finite-depth theory (solid)", "spectrum-moments")
                .figure("Jacobian and covariance VNI against depth: mean ± sd over networks, eq. 3.6 (dashed), finite-depth theory (solid)", "spectrum-vni")
                .section("Reading")
                .paragraph(reading(byWidth, curves, checks));
        if (!notes.isEmpty()) report.paragraph("Theory: " + String.join(" ", notes));
        out.writeReport(report);
        StringBuilder console = new StringBuilder(shown.toConsole());
        for (String note : notes) console.append("theory: ").append(note).append('\n');
        return new Rendering(report, csv, console.toString());
    }

    /**
     * The predicted law's fraction per decade at each depth ({@link JacobianDensity#finiteDepth}
     * for inputs of the settings' variance: the wide-network limit, the same at every width);
     * NaN where the theory gives none.
     */
    private List<double[]> predicted(double[] centres) {
        List<double[]> out = new ArrayList<>();
        for (int depth : settings.depths()) {
            double[] y = new double[centres.length];
            try {
                double[] rho = JacobianDensity.finiteDepth(settings.activation(), settings.init(), depth, settings.inputVariance()).density(centres);
                for (int b = 0; b < y.length; b++) y[b] = rho[b] * centres[b] * Math.log(10);
            } catch (RuntimeException e) { // no variance fixed point, or the solver lost its branch: no curve
                Arrays.fill(y, Double.NaN);
            }
            out.add(y);
        }
        return out;
    }

    /**
     * The Kolmogorov-Smirnov distance between the pooled eigenvalues of one point and the
     * predicted law, over the histogram's edges (the eigenvalues below the lowest edge count as
     * below every edge, as the law's mass there does); NaN where the theory gives none.
     */
    private double distance(SpectrumPoint p, double[] edges) {
        double[] eig = p.eigenvalues().clone();
        if (eig.length == 0) return Double.NaN;
        Arrays.sort(eig);
        try {
            double[] cdf = JacobianDensity.finiteDepth(settings.activation(), settings.init(), p.depth(), settings.inputVariance()).cdf(edges, 40);
            double d = 0;
            for (int i = 0; i < edges.length; i++) {
                int below = upperBound(eig, edges[i]);
                d = Math.max(d, Math.abs((double) below / eig.length - cdf[i]));
            }
            return d;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The predicted fraction of eigenvalues below the lowest edge of the plot (exact) or at or
     * below the point's resolution floor (Lanczos): what the measured {@code below} estimates.
     */
    private double predictedBelow(SpectrumPoint p, SpectrumCurves h) {
        double at = h.lanczos() ? Math.max(p.floor(), h.edges()[0]) : h.edges()[0];
        try {
            return JacobianDensity.finiteDepth(settings.activation(), settings.init(), p.depth(), settings.inputVariance()).cdf(new double[] {at}, 40)[0];
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The number of sorted values at or below x. */
    private static int upperBound(double[] sorted, double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private Plot momentsPlot(List<List<SpectrumPoint>> byWidth) {
        ComparisonPlot plot = new ComparisonPlot("m2 / m1² of J J^T against depth", "depth L", "m2 / m1²", false, "fixed point (eq. 3.6)",
                "finite-depth theory");
        double[] x = Arrays.stream(settings.depths()).asDoubleStream().toArray();
        for (List<SpectrumPoint> width : byWidth) {
            plot.group("N = " + width.get(0).width() + (settings.exact(width.get(0).width()) ? "" : " (Lanczos)"), x,
                    values(width, p -> p.ratio().mean()), values(width, p -> p.ratio().mean() - SpectrumPoint.bar(p.ratio(), p.ratioProbeSe())),
                    values(width, p -> p.ratio().mean() + SpectrumPoint.bar(p.ratio(), p.ratioProbeSe())),
                    values(width, SpectrumPoint::fixedRatio), values(width, SpectrumPoint::finiteRatio));
        }
        return plot.plot();
    }

    private Plot vniPlot(List<List<SpectrumPoint>> byWidth) {
        ComparisonPlot plot = new ComparisonPlot("Jacobian and covariance VNI against depth", "depth L", "VNI", false, "fixed point (eq. 3.6)",
                "finite-depth theory");
        double[] x = Arrays.stream(settings.depths()).asDoubleStream().toArray(), none = new double[x.length];
        Arrays.fill(none, Double.NaN);
        for (List<SpectrumPoint> width : byWidth) {
            int n = width.get(0).width();
            plot.group("N = " + n + ": Jacobian VNI", x, values(width, p -> p.jacobianVni().mean()), values(width, p -> p.jacobianVni().mean() - SpectrumPoint.bar(p.jacobianVni(), p.vniProbeSe())),
                    values(width, p -> p.jacobianVni().mean() + SpectrumPoint.bar(p.jacobianVni(), p.vniProbeSe())), values(width, SpectrumPoint::fixedVni), values(width, SpectrumPoint::finiteVni));
            plot.group("N = " + n + ": covariance VNI", x, values(width, p -> p.covarianceVni().mean()),
                    values(width, p -> p.covarianceVni().mean() - p.covarianceVni().sd()), values(width, p -> p.covarianceVni().mean() + p.covarianceVni().sd()), none, none);
        }
        return plot.plot();
    }

    private static double[] values(List<SpectrumPoint> width, ToDoubleFunction<SpectrumPoint> f) {
        return width.stream().mapToDouble(f).toArray();
    }

    private String setup() {
        List<String> exact = new ArrayList<>(), stochastic = new ArrayList<>();
        for (int n : settings.widths()) (settings.exact(n) ? exact : stochastic).add(String.valueOf(n));
        String method = (exact.isEmpty() ? "" : "exactly (J formed, the eigenvalues of J J^T computed) at width " + String.join(", ", exact))
                + (exact.isEmpty() || stochastic.isEmpty() ? "" : " and ")
                + (stochastic.isEmpty() ? "" : "by stochastic Lanczos quadrature (never forming J: " + settings.probes() + " Gaussian start vectors of "
                        + settings.lanczosSteps() + " steps per input, the largest eigenpairs deflated) at width " + String.join(", ", stochastic));
        int first = exact.isEmpty() ? settings.lanczosNets() : settings.nets();
        String nets = (first == 1 ? "1 random network" : first + " random networks") + " per point"
                + (exact.isEmpty() || stochastic.isEmpty() || settings.nets() == settings.lanczosNets() ? "" : " (" + settings.lanczosNets() + " at the Lanczos widths)");
        return String.format(Locale.ROOT, "%s activation, %s weights (variance σ_w²/fan_in) with σ_w² = %s and σ_b² = %s%s; widths %s, depths %s; %s. "
                        + "Inputs: %d i.i.d. Gaussian points of variance %s and width N (one set per width); the Jacobian of the hidden "
                        + "stack is taken at the first %d of them, %s; the covariance VNI over all of them. The depth-L network is the first L layers of "
                        + "one draw of the deepest. Seed %d.",
                Names.of(settings.activation()), Names.of(settings.init().scheme()), text(settings.init().sigmaW2()), text(settings.init().sigmaB2()),
                InitText.criticalNote(settings.activation(), settings.init()), CellRecords.list(settings.widths()), CellRecords.list(settings.depths()), nets, settings.inputs(), text(settings.inputVariance()),
                settings.jacobianInputs(), method, settings.seed());
    }

    /**
     * The measured m1 (the mean eigenvalue of J J^T, the mean squared gain of the hidden stack)
     * against both predictions: the finite-depth one depth by depth, and the fixed point's
     * (σ_w² μ_1(q*))^L, which is 1 at every depth at criticality although the finite-depth m1
     * falls wherever q_l has not reached q*.
     */
    private String m1Reading(List<SpectrumPoint> width) {
        List<String> within = new ArrayList<>(), off = new ArrayList<>();
        for (SpectrumPoint p : width) {
            double rel = p.finiteM1() / p.m1().mean() - 1;
            if (!Double.isFinite(rel)) continue;
            if (Math.abs(rel) <= 0.1) within.add("L = " + p.depth());
            else off.add("L = " + p.depth() + " (" + text(p.finiteM1()) + " against " + text(p.m1().mean()) + ", " + CellRecords.signedPercent(rel) + ")");
        }
        SpectrumPoint a = width.get(0), b = width.get(width.size() - 1);
        StringBuilder s = new StringBuilder(width.size() == 1
                ? String.format(Locale.ROOT, " The measured m1 is %s; the fixed point's (σ_w² μ_1)^L is %s and the finite-depth prediction %s",
                        withBar(a.m1().mean(), SpectrumPoint.bar(a.m1(), a.m1ProbeSe())), text(a.fixedM1()), text(a.finiteM1()))
                : String.format(Locale.ROOT, " The measured m1 goes from %s at L = %d to %s at L = %d; the fixed point's (σ_w² μ_1)^L from %s to %s and the "
                        + "finite-depth prediction from %s to %s", text(a.m1().mean()), a.depth(), text(b.m1().mean()), b.depth(), text(a.fixedM1()), text(b.fixedM1()),
                        text(a.finiteM1()), text(b.finiteM1())));
        if (within.isEmpty() && off.isEmpty()) return s.append(".").toString();
        s.append(within.isEmpty() ? "; the finite-depth m1 is more than 10% off at every depth: " + String.join("; ", off)
                : "; the finite-depth m1 is within 10% of the measurement at " + String.join(", ", within) + (off.isEmpty() ? "" : " and off at " + String.join("; ", off)));
        double fixedRel = b.fixedM1() / b.m1().mean() - 1;
        if (Double.isFinite(fixedRel) && Math.abs(fixedRel) > 0.1) {
            boolean finiteHolds = Math.abs(b.finiteM1() / b.m1().mean() - 1) <= 0.1;
            s.append(String.format(Locale.ROOT, "; the fixed point's is %s off at L = %d%s", CellRecords.signedPercent(fixedRel), b.depth(),
                    finiteHolds ? ": the layers have not reached q*, and the finite-depth form follows their q_l" : ""));
        }
        return s.append(".").toString();
    }

    /**
     * Measured against the predicted law (free probability, the wide limit): the
     * Kolmogorov-Smirnov distance of the exact eigenvalues, or the Lanczos mass below its floor
     * against the law's; and why they part.
     */
    /** One point against the predicted law: its fraction below the plot (or floor), and the Kolmogorov-Smirnov distance (exact widths; NaN otherwise). */
    private record LawCheck(double below, double distance) {}

    private String lawReading(List<SpectrumPoint> width, SpectrumCurves h, Map<SpectrumPoint, LawCheck> checks) {
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < width.size(); d++) {
            SpectrumPoint p = width.get(d);
            double predicted = checks.get(p).below();
            if (h.lanczos()) {
                if (Double.isFinite(predicted)) {
                    parts.add(String.format(Locale.ROOT, "L = %d: %s below the floor, the law %s", p.depth(), text(100 * h.below()[d]) + "%", text(100 * predicted) + "%"));
                }
            } else {
                double ks = checks.get(p).distance();
                if (Double.isFinite(ks)) parts.add(String.format(Locale.ROOT, "%s at L = %d", text(ks), p.depth()));
            }
        }
        if (parts.isEmpty()) return "";
        int n = width.get(0).width();
        return h.lanczos()
                ? " Against the predicted law (dashed; free probability at infinite width): " + String.join("; ", parts) + "."
                : " Against the predicted law (dashed; free probability at infinite width) the Kolmogorov-Smirnov distance of the pooled eigenvalues is "
                        + String.join(", ", parts) + " (the scale of finite-width scatter is 1/√N = " + text(1 / Math.sqrt(n)) + "; a distance well above it "
                        + "would be the wide-limit law parting from a network this narrow or this deep).";
    }

    /**
     * Beside a histogram: the Lanczos estimate of the same networks against their exact
     * eigenvalues, its mass at or below its resolution floor against the eigenvalues' fraction
     * there.
     */
    private String estimateReading(List<SpectrumPoint> width, SpectrumCurves h) {
        if (h.estimated().isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (SpectrumPoint p : width) {
            double[] eig = p.eigenvalues();
            if (eig.length == 0 || !(p.floor() > 0)) continue;
            long at = Arrays.stream(eig).filter(v -> v <= p.floor()).count();
            parts.add(String.format(Locale.ROOT, "L = %d: %s at or below λ = %s, the eigenvalues %s", p.depth(), text(100 * p.measure().massAtOrBelow(p.floor())) + "%",
                    text(p.floor()), text(100.0 * at / eig.length) + "%"));
        }
        return parts.isEmpty() ? "" : " The Lanczos estimate of the same networks (dotted; " + settings.probes() + " vectors of " + settings.lanczosSteps()
                + " steps per input, what wider networks get) against their eigenvalues: " + String.join("; ", parts) + ". Where the two part, the quadrature's "
                + "few nodes among the small eigenvalues each carry the mass of the decades around them (Gauss nodes crowd at the ends of a linear scale), so "
                + "the dotted curve shows peaks where the eigenvalues spread evenly.";
    }

    /** A value with its error bar, or alone where it has none (one network's covariance VNI). */
    private static String withBar(double value, double bar) {
        return Double.isFinite(bar) ? text(value) + " ± " + text(bar) : text(value);
    }

    private static String networks(int k) {
        return k == 1 ? "1 network" : k + " networks";
    }

    /** What the numbers show per width, whichever way they go. */
    private String reading(List<List<SpectrumPoint>> byWidth, Map<Integer, SpectrumCurves> curves, Map<SpectrumPoint, LawCheck> checks) {
        StringBuilder s = new StringBuilder();
        for (List<SpectrumPoint> width : byWidth) {
            int n = width.get(0).width();
            List<String> within = new ArrayList<>(), off = new ArrayList<>();
            for (SpectrumPoint p : width) {
                double rel = p.finiteRatio() / p.ratio().mean() - 1;
                if (Double.isNaN(rel)) continue; // no prediction, or every network collapsed
                if (Math.abs(rel) <= 0.1) within.add("L = " + p.depth());
                else off.add("L = " + p.depth() + " (" + text(p.finiteRatio()) + " against " + text(p.ratio().mean()) + ", " + CellRecords.signedPercent(rel) + ")");
            }
            s.append(String.format(Locale.ROOT, "Width %d: the finite-depth prediction of m2/m1² is within 10%% of the measured mean at %s", n,
                    within.isEmpty() ? "no depth" : String.join(", ", within)));
            s.append(off.isEmpty() ? "." : " and off at " + String.join("; ", off) + ".");
            s.append(m1Reading(width));
            SpectrumPoint deepest = width.get(width.size() - 1);
            s.append(String.format(Locale.ROOT, " At L = %d (L/N = %s) the Jacobian VNI is %s, the covariance VNI %s (%s), eq. 3.6 %s.",
                    deepest.depth(), text((double) deepest.depth() / n), withBar(deepest.jacobianVni().mean(), SpectrumPoint.bar(deepest.jacobianVni(), deepest.vniProbeSe())),
                    withBar(deepest.covarianceVni().mean(), deepest.covarianceVni().sd()),
                    CellRecords.signedPercent(deepest.covarianceVni().mean() / deepest.jacobianVni().mean() - 1) + " of the Jacobian VNI", text(deepest.fixedVni())));
            List<String> collapsed = new ArrayList<>();
            for (SpectrumPoint p : width) if (p.collapsed() > 0) collapsed.add(p.collapsed() + " of " + networks(p.nets()) + " collapsed at L = " + p.depth());
            if (!collapsed.isEmpty()) {
                s.append(' ').append(Collapse.sentence(String.join(", ", collapsed),
                        "they are counted apart, not averaged into m2/m1² or the VNIs (m1 and m2, defined for them, are averaged over every network)"));
            }
            SpectrumCurves h = curves.get(n);
            List<String> below = new ArrayList<>();
            for (int d = 0; d < width.size(); d++) below.add(text(100.0 * h.below()[d]) + "% at L = " + width.get(d).depth());
            if (h.lanczos()) {
                s.append(" Of the estimated spectral mass, ").append(String.join(", ", below)).append(" sits at or below the Lanczos resolution floor (the highest "
                        + "second-smallest Ritz value of a start vector), where a quadrature of " + settings.lanczosSteps() + " nodes holds the "
                        + "mass but not its shape; the density is drawn above it only. Deep Jacobians spread that mass over many decades down to 0 (the exact "
                        + "histograms at width ≤ " + settings.exactWidthLimit() + " show it).");
            } else {
                s.append(" Of the eigenvalues, ").append(String.join(", ", below)).append(" lie more than 14 decades below the largest ("
                        + "zero where saturated units zero J's rows, or too small for a float32 J to tell from rounding) and are left out of the histogram.");
            }
            if (h.lanczos()) {
                s.append(String.format(Locale.ROOT, " The largest eigenvalue found at L = %d is %s (a Lanczos lower bound; m1 is %s).", deepest.depth(),
                        text(deepest.largest().mean()), text(deepest.m1().mean())));
            }
            s.append(lawReading(width, h, checks));
            s.append(estimateReading(width, h));
            s.append(' ');
        }
        s.append("The theory is first order in L/N: it is expected to track the Jacobian while L/N is small and to over-predict beyond, where a VNI "
                + "cannot exceed 1. The covariance VNI equals the Jacobian VNI only where x_L − mean ≈ J x_0 holds (docs/theory.md section 5); over M = "
                + settings.inputs() + " inputs it is biased upward by about 1/M = " + text(1.0 / settings.inputs()) + ".");
        return s.toString();
    }
}
