package dev.vnlab.experiment;

import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.experiment.PhaseExperiment.Settings;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Heatmap;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.settings.Names;
import dev.vnlab.theory.CorrelationMap;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of the phase experiment, from its cells' records alone: phase.csv (one row per
 * grid point), the diagram (log10 xi_c as a heatmap, the critical line chi_1 = 1 and contours of
 * the predicted VNI over it), the probes' measured cosines against the correlation map
 * (phase-pairs, with its CSV), report.md with a reading, and the console table.
 */
record PhaseRendering(PhaseExperiment experiment) {
    /** How many VNI contours are drawn: at evenly spaced quantiles of the grid's predicted VNI. */
    static final int VNI_CONTOURS = 4;
    /** The colour scale's top: xi_c of 10^3 layers and beyond (the critical line) share the brightest colour. */
    static final double LOG_XI_MAX = 3;

    private Settings settings() { return experiment.settings(); }

    /** The grid's fields, [row][column], row 0 the lowest sigma_b^2. */
    private record Grid(double[] sigmaW2, double[] sigmaB2, double[] critical, Map<String, double[][]> fields) {
        double[][] field(String name) { return fields.get(name); }
    }

    private static final List<String> FIELDS = List.of("q_star", "chi_1", "c_star", "chi_c", "xi_q", "xi_c", "vni");

    /**
     * Writes phase.csv, phase-pairs.csv, the figures phase-diagram and phase-pairs (SVG and PNG)
     * and report.md from every cell's record (in any order).
     *
     * @throws IllegalArgumentException if a cell's record is missing or malformed
     */
    Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        Settings s = settings();
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            String key = r.containsKey("row") ? new PhaseExperiment.Row(ConfigFields.int32(r, "row")).key()
                    : new PhaseExperiment.Probe(ConfigFields.int32(r, "point"), ConfigFields.int32(r, "net")).key();
            byKey.put(key, r);
        }
        Grid grid = grid(byKey);
        Table csv = new Table("sigma_w2", "sigma_b2", "q_star", "chi_1", "c_star", "chi_c", "xi_q", "xi_c", "vni_depth_" + s.depth() + "_width_" + s.width());
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < s.columns(); j++) {
                Object[] row = new Object[FIELDS.size() + 2];
                row[0] = grid.sigmaW2[j];
                row[1] = grid.sigmaB2[i];
                for (int f = 0; f < FIELDS.size(); f++) row[f + 2] = grid.field(FIELDS.get(f))[i][j];
                csv.add(row);
            }
        }
        out.writeCsv("phase.csv", csv);
        out.writeFigure("phase-diagram", diagram(grid));

        ProbeCurves probes = probes(byKey);
        out.writeCsv("phase-pairs.csv", probes.table);
        out.writeFigure("phase-pairs", probes.plot.plot());

        Report report = new Report("Order-to-chaos phase diagram")
                .paragraph(setup())
                .figure("log10 ξ_c over (σ_w², σ_b²), the correlation depth scale (brightest: " + text(Math.pow(10, LOG_XI_MAX))
                        + " layers or more, the critical line); white: χ_1 = 1; dashed: contours of the fixed-point VNI at depth " + s.depth() + " and width "
                        + s.width() + " (levels labelled); grey: no variance fixed point q* > 0", "phase-diagram")
                .figure("The cosine of pairs of hidden representations against depth: mean ± sd over " + s.nets() + " networks of " + s.pairs()
                        + " pairs each (points), the correlation map layer by layer (solid) and its fixed point (dashed)", "phase-pairs")
                .table(probes.shown)
                .section("Reading")
                .paragraph(reading(grid, probes));
        out.writeReport(report);
        return new Rendering(report, csv, probes.shown.toConsole());
    }

    private Grid grid(Map<String, Map<String, Object>> byKey) {
        Settings s = settings();
        int rows = s.rows(), cols = s.columns();
        double[] w2 = new double[cols], b2 = new double[rows], critical = new double[rows];
        for (int j = 0; j < cols; j++) w2[j] = s.sigmaW2(j);
        Map<String, double[][]> fields = new LinkedHashMap<>();
        for (String f : FIELDS) fields.put(f, new double[rows][]);
        for (int i = 0; i < rows; i++) {
            String key = new PhaseExperiment.Row(i).key();
            Map<String, Object> r = byKey.get(key);
            if (r == null) throw new IllegalArgumentException("no record for cell " + key + "; expected one record per cell");
            b2[i] = ConfigFields.real(r, "sigma_b2");
            critical[i] = ConfigFields.real(r, "critical_sigma_w2");
            for (String f : FIELDS) {
                double[] v = ConfigFields.reals(r, f);
                if (v.length != cols) throw new IllegalArgumentException("cell " + key + " has " + v.length + " values of " + f + "; expected " + cols);
                fields.get(f)[i] = v;
            }
        }
        return new Grid(w2, b2, critical, fields);
    }

    /** The heatmap, highest sigma_b^2 at the top, with the critical line and the VNI contours over it. */
    private Heatmap diagram(Grid g) {
        Settings s = settings();
        int rows = s.rows(), cols = s.columns();
        double[][] xi = g.field("xi_c"), shown = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = xi[i][j];
                shown[rows - 1 - i][j] = Double.isNaN(v) ? Double.NaN : v == Double.POSITIVE_INFINITY ? LOG_XI_MAX : Math.log10(Math.max(1e-3, v));
            }
        }
        List<String> columns = new ArrayList<>(), rowLabels = new ArrayList<>();
        for (double w : g.sigmaW2) columns.add(String.format(Locale.ROOT, "%.2f", w));
        for (int i = rows - 1; i >= 0; i--) rowLabels.add(String.format(Locale.ROOT, "%.3f", g.sigmaB2[i]));
        Heatmap h = new Heatmap("Order to chaos: " + Names.of(s.activation()) + ", " + Names.of(s.scheme()) + " weights")
                .panel("", shown).range(0, LOG_XI_MAX).colorLabel("log10 ξ_c").axisLabels("σ_w²", "σ_b²").cellLabels(columns, rowLabels).panelSize(460);
        double[] x = new double[rows], y = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = column(g.critical[i]);
            y[i] = rows - 1 - i + 0.5;
        }
        h.overlay("χ_1 = 1", x, y, Color.WHITE, Dash.SOLID);
        double[][] vni = g.field("vni");
        for (double level : vniLevels(vni)) {
            double[] cx = new double[rows];
            boolean any = false;
            for (int i = 0; i < rows; i++) {
                cx[i] = crossing(vni[i], level);
                any |= Double.isFinite(cx[i]);
            }
            if (any) h.overlay("VNI " + text(level), cx, y, new Color(0xf0f0f0), Dash.DASHED);
        }
        return h;
    }

    /**
     * The contour levels: {@link #VNI_CONTOURS} quantiles of the grid's finite VNI, evenly spaced
     * inside its range, each rounded to two significant digits (distinct ones only).
     */
    static double[] vniLevels(double[][] vni) {
        List<Double> v = new ArrayList<>();
        for (double[] row : vni) for (double x : row) if (Double.isFinite(x)) v.add(x);
        if (v.isEmpty()) return new double[0];
        java.util.Collections.sort(v);
        java.util.TreeSet<Double> levels = new java.util.TreeSet<>();
        for (int k = 1; k <= VNI_CONTOURS; k++) {
            double q = v.get((int) Math.round((v.size() - 1) * k / (VNI_CONTOURS + 1.0)));
            if (q > 0) levels.add(new java.math.BigDecimal(q).round(new java.math.MathContext(2)).doubleValue());
        }
        return levels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The column position (cell units, cell centres at j + 0.5) of a sigma_w^2; NaN outside the grid. */
    private double column(double w2) {
        double[] r = settings().sigmaW2Range();
        double t = (w2 - r[0]) / (r[1] - r[0]);
        return t >= 0 && t <= 1 ? 0.5 + t * (settings().columns() - 1) : Double.NaN;
    }

    /** Where along a row the values first cross {@code level}, by linear interpolation between columns (cell units); NaN if they do not. */
    static double crossing(double[] v, double level) {
        for (int j = 0; j + 1 < v.length; j++) {
            double a = v[j] - level, b = v[j + 1] - level;
            if (Double.isFinite(a) && Double.isFinite(b) && (a == 0 || a * b < 0)) return 0.5 + j + a / (a - b);
        }
        return Double.NaN;
    }

    /** The probes' curves, their CSV and the console table. */
    private record ProbeCurves(ComparisonPlot plot, Table table, Table shown, List<double[]> measured, List<double[]> theory, double[] fixed) {}

    private ProbeCurves probes(Map<String, Map<String, Object>> byKey) {
        Settings s = settings();
        int depth = s.probeDepth();
        double[] x = new double[depth + 1];
        for (int l = 0; l <= depth; l++) x[l] = l;
        ComparisonPlot plot = new ComparisonPlot("Correlation propagation: measured against the correlation map", "depth l", "cosine of x_l for a pair", false,
                "fixed point c* (as a cosine)", "correlation map, layer by layer");
        Table table = new Table("point", "sigma_w2", "sigma_b2", "depth", "cosine_mean", "cosine_sd", "correlation_map", "fixed_point");
        Table shown = new Table("σ_w²", "σ_b²", "χ_1", "phase", "ξ_c", "cos x_L", "sd", "map", "fixed point");
        List<double[]> measured = new ArrayList<>(), theory = new ArrayList<>();
        double[] fixed = new double[s.probeSigmaW2().length];
        for (int p = 0; p < s.probeSigmaW2().length; p++) {
            double[][] cos = new double[s.nets()][];
            double qx = 0;
            for (int k = 0; k < s.nets(); k++) {
                String key = new PhaseExperiment.Probe(p, k).key();
                Map<String, Object> r = byKey.get(key);
                if (r == null) throw new IllegalArgumentException("no record for cell " + key + "; expected one record per cell");
                cos[k] = ConfigFields.reals(r, "cosine");
                qx += ConfigFields.real(r, "input_second_moment") / s.nets();
            }
            double[] mean = new double[depth + 1], sd = new double[depth + 1], lo = new double[depth + 1], hi = new double[depth + 1];
            for (int l = 0; l <= depth; l++) {
                double[] v = new double[s.nets()];
                for (int k = 0; k < v.length; k++) v[k] = cos[k][l];
                Spread sp = Spread.of(v);
                mean[l] = sp.mean();
                sd[l] = s.nets() > 1 ? sp.sd() : 0;
                lo[l] = mean[l] - sd[l];
                hi[l] = mean[l] + sd[l];
            }
            PhaseExperiment.ProbeTheory t = experiment.probeTheory(p, qx);
            double[] map = new double[depth + 1], fix = new double[depth + 1];
            map[0] = s.inputCosine();
            System.arraycopy(t.map(), 0, map, 1, depth);
            java.util.Arrays.fill(fix, t.fixedCosine());
            fixed[p] = t.fixedCosine();
            double w2 = s.probeSigmaW2()[p];
            plot.group("σ_w² = " + text(w2), x, mean, lo, hi, fix, map);
            for (int l = 0; l <= depth; l++) table.add(p, w2, s.probeSigmaB2(), l, mean[l], sd[l], map[l], fix[l]);
            CorrelationMap.Phase ph = t.phase();
            shown.add(w2, s.probeSigmaB2(), ph == null ? Double.NaN : ph.chi1(), ph == null ? "no fixed point" : phaseName(ph.chi1()),
                    ph == null ? Double.NaN : ph.xiC(), mean[depth], sd[depth], map[depth], fixed[p]);
            measured.add(mean);
            theory.add(map);
        }
        return new ProbeCurves(plot, table, shown, measured, theory, fixed);
    }

    private static String phaseName(double chi1) {
        return Math.abs(chi1 - 1) < 0.02 ? "critical" : chi1 < 1 ? "ordered" : "chaotic";
    }

    private String setup() {
        Settings s = settings();
        double[] w = s.sigmaW2Range(), b = s.sigmaB2Range();
        return String.format(Locale.ROOT, "%s activation, %s weights. Mean-field theory over σ_w² from %s to %s (%d values) and σ_b² from %s to %s (%d "
                        + "values): the variance fixed point q*, χ_1 = σ_w² μ_1(q*), the correlation map's stable fixed point c* and its slope χ_c there, the depth "
                        + "scales ξ_q and ξ_c = −1/ln χ_c, and the fixed-point VNI at depth %d and width %d (eq. 3.6). Measured: %d pairs of inputs of cosine %s "
                        + "(i.i.d. standard Gaussian components) through %d random networks of width %d and depth %d at σ_b² = %s and σ_w² = %s. Seed %d.",
                Names.of(s.activation()), Names.of(s.scheme()), text(w[0]), text(w[1]), s.columns(), text(b[0]), text(b[1]), s.rows(), s.depth(), s.width(),
                s.pairs(), text(s.inputCosine()), s.nets(), s.width(), s.probeDepth(), text(s.probeSigmaB2()), texts(s.probeSigmaW2()), s.seed());
    }

    private String reading(Grid g, ProbeCurves probes) {
        Settings s = settings();
        StringBuilder r = new StringBuilder();
        int first = -1, last = -1;
        for (int i = 0; i < s.rows(); i++) {
            if (Double.isFinite(g.critical[i])) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) {
            r.append("No σ_b² of the grid has a critical σ_w² (χ_1 = 1): the whole plane is one phase. ");
        } else {
            double[] range = s.sigmaW2Range();
            boolean above = true, below = true;
            for (double c : g.critical) {
                if (!Double.isFinite(c)) continue;
                above &= c > range[1];
                below &= c < range[0];
            }
            r.append(String.format(Locale.ROOT, "The critical line χ_1 = 1 runs from σ_w² = %s at σ_b² = %s to σ_w² = %s at σ_b² = %s; left of it the network is "
                            + "ordered (c* = 1: every pair of inputs ends up perfectly correlated, the vanishing nodes' regime), right of it chaotic (c* < 1). ",
                    text(g.critical[first]), text(g.sigmaB2[first]), text(g.critical[last]), text(g.sigmaB2[last])));
            if (above || below) {
                r.append(String.format(Locale.ROOT, "That is outside the grid's σ_w² from %s to %s: every point drawn is %s. ", text(range[0]), text(range[1]),
                        above ? "ordered" : "chaotic"));
            }
        }
        double[][] xi = g.field("xi_c");
        double most = 0;
        for (double[] row : xi) for (double v : row) if (Double.isFinite(v)) most = Math.max(most, v);
        r.append(String.format(Locale.ROOT, "Off the line, the largest ξ_c on the grid is %s layers: signals about correlations survive a few ξ_c, so a network "
                + "much deeper than that is expected to be hard to train (Schoenholz et al.). ", text(most)));
        double[][] vni = g.field("vni");
        int probeRow = nearestRow(g, s.probeSigmaB2());
        List<String> where = new ArrayList<>();
        for (double level : vniLevels(vni)) {
            double c = crossing(vni[probeRow], level);
            if (Double.isFinite(c)) where.add(text(level) + " at σ_w² ≈ " + text(interpolate(g.sigmaW2, c - 0.5)));
        }
        r.append(String.format(Locale.ROOT, "At σ_b² = %s the fixed-point VNI at depth %d and width %d reaches %s. ", text(g.sigmaB2[probeRow]), s.depth(), s.width(),
                where.isEmpty() ? "none of the drawn levels on the grid" : String.join(", ", where)));
        for (int p = 0; p < s.probeSigmaW2().length; p++) {
            double[] m = probes.measured.get(p), t = probes.theory.get(p);
            double worst = 0;
            int at = 0;
            for (int l = 1; l < m.length; l++) {
                double d = Math.abs(m[l] - t[l]);
                if (d > worst) {
                    worst = d;
                    at = l;
                }
            }
            r.append(String.format(Locale.ROOT, "At σ_w² = %s the measured cosine ends at %s at depth %d against the map's %s (fixed point %s); the largest "
                            + "gap is %s at depth %d. ", text(s.probeSigmaW2()[p]), text(m[m.length - 1]), s.probeDepth(), text(t[t.length - 1]),
                    text(probes.fixed[p]), text(worst), at));
        }
        r.append("The map is exact as the width grows; at finite width each layer adds fluctuations of order 1/√N to the cosine, so the measured "
                + "curves scatter about the map and reach its fixed point only on average.");
        return r.toString();
    }

    private static String texts(double[] v) {
        List<String> t = new ArrayList<>();
        for (double x : v) t.add(text(x));
        return String.join(", ", t);
    }

    private static int nearestRow(Grid g, double b2) {
        int best = 0;
        for (int i = 1; i < g.sigmaB2.length; i++) if (Math.abs(g.sigmaB2[i] - b2) < Math.abs(g.sigmaB2[best] - b2)) best = i;
        return best;
    }

    /** The value at fractional index t of an evenly spaced axis. */
    private static double interpolate(double[] axis, double t) {
        int j = (int) Math.floor(t);
        if (j >= axis.length - 1) return axis[axis.length - 1];
        return axis[j] + (t - j) * (axis[j + 1] - axis[j]);
    }
}
