package dev.vnlab.experiment;

import dev.vnlab.experiment.DepthExperiment.Settings;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Marker;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.settings.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@link DepthExperiment} once its cells have run: summary.json, depth.csv, one
 * plot per width (SVG and PNG), report.md with its prose (setup, reading, the theory's notes and
 * the re-run command) and the table the command prints. It works only from the cells' records
 * (as {@link DepthExperiment#run} returns them or as read back from JSON), never from a network.
 */
record DepthRendering(Settings settings) {
    /**
     * Writes depth.csv, one figure per width and report.md (without its re-run command) from every
     * cell's record, in sweep order.
     *
     * @throws IllegalArgumentException if a record is malformed
     */
    Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        List<WidthSummary> widths = WidthSummary.of(settings, records);
        Table csv = new Table("width", "depth", "nets", "collapsed", "covariance_vni_mean", "covariance_vni_sd", "jacobian_vni_mean", "jacobian_vni_sd",
                "jacobian_vni_probe_se", "fixed_point_vni", "finite_depth_vni", "input_vni", "input_participation_ratio", "theory_note");
        Table shown = new Table("N", "L", "collapsed", "cov VNI", "cov sd", "Jac VNI", "Jac sd", "eq. 3.6", "finite L");
        List<String> notes = new ArrayList<>();
        for (WidthSummary w : widths) {
            double[] fixed = w.theory().fixedPointVni(), finite = w.theory().finiteDepthVni();
            for (int k = 0; k < settings.depths().length; k++) {
                String note = w.theory().note(k);
                if (note != null && !notes.contains(note)) notes.add(note);
                csv.add(w.width(), settings.depths()[k], settings.nets(), w.collapsed()[k], w.covMean()[k], w.covSd()[k], w.jacMean()[k], w.jacSd()[k], w.jacProbeSe()[k],
                        fixed[k], finite[k], w.inputVni(), w.inputParticipation(), note);
                shown.add(w.width(), settings.depths()[k], w.collapsed()[k], w.covMean()[k], w.covSd()[k], w.jacMean()[k], w.jacSd()[k], fixed[k], finite[k]);
            }
        }
        out.writeCsv("depth.csv", csv);
        Report report = new Report("VNI against depth (Fig. 3.1)").paragraph(setup(widths)).table(shown)
                .paragraph("Columns: N width, L depth; collapsed: how many of the " + settings.nets() + " networks have collapsed at hidden layer L ("
                        + Collapse.MEANING + "), counted apart; cov VNI and cov sd: the mean and standard deviation over the other networks of the covariance "
                        + "VNI (eq. 3.3) of hidden layer L; Jac VNI and Jac sd: the same for the Jacobian VNI (eq. 3.5) of the first L layers"
                        + (settings.probes() > 0 ? " (its sd includes the probe noise; depth.csv gives the probes' standard error of the mean)" : "")
                        + "; eq. 3.6: the fixed-point prediction; finite L: the finite-depth prediction. Every number exactly in depth.csv and summary.json, "
                        + "with the VNI and participation ratio of the inputs' own covariance.");
        for (WidthSummary w : widths) {
            String base = "depth-width-" + w.width();
            out.writeFigure(base, plot(w));
            report.figure("VNI against depth, width N = " + w.width() + ": mean ± sd over " + settings.nets() + " networks; theory dashed", base);
        }
        report.section("Reading").paragraph(reading(widths));
        if (!notes.isEmpty()) report.paragraph("Theory: " + String.join(" ", notes));
        StringBuilder console = new StringBuilder(shown.toConsole());
        for (String n : notes) console.append("theory: ").append(n).append('\n');
        return new Rendering(report, csv, console.toString());
    }

    private Plot plot(WidthSummary w) {
        double[] x = Arrays.stream(settings.depths()).asDoubleStream().toArray();
        Plot p = new Plot("VNI against depth, width N = " + w.width()).xLabel("depth L").yLabel("VNI")
                .add(Series.of("covariance VNI (eq. 3.3), mean ± sd", x, w.covMean()).band(minus(w.covMean(), w.covSd()), plus(w.covMean(), w.covSd()))
                        .marker(Marker.CIRCLE).color(Plot.PALETTE.get(0)));
        if (settings.jacobianInputs() > 0) {
            p.add(Series.of("Jacobian VNI (eq. 3.5), mean ± sd", x, w.jacMean()).errorBars(minus(w.jacMean(), w.jacSd()), plus(w.jacMean(), w.jacSd()))
                    .marker(Marker.SQUARE).color(Plot.PALETTE.get(1)));
        }
        return p.add(Series.of("theory, fixed point (eq. 3.6)", x, w.theory().fixedPointVni()).dash(Dash.DASHED).color(Plot.PALETTE.get(3)))
                .add(Series.of("theory, finite depth", x, w.theory().finiteDepthVni()).dash(Dash.DASH_DOT).color(Plot.PALETTE.get(2)));
    }

    private static double[] minus(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i] - b[i];
        return o;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i] + b[i];
        return o;
    }

    private String setup(List<WidthSummary> widths) {
        String inputs = settings.data() == null
                ? settings.inputs() + " i.i.d. Gaussian inputs of variance " + CellRecords.text(settings.inputVariance()) + " and width N (one input set per width, shared by its networks)"
                : "the first " + settings.inputs() + " training images of " + settings.data() + " (pixels divided by 255, so in [0, 1], not centred; mean square q_x = "
                  + CellRecords.text(widths.get(0).qx()) + ", which sets the finite-depth prediction)";
        String jacobian = settings.jacobianInputs() == 0 ? "No Jacobian was measured (--jacobian-inputs 0)."
                : "The Jacobian VNI of the first L layers is the mean over the first " + settings.jacobianInputs() + " inputs of the per-input VNI of J J^T, "
                  + (settings.probes() == 0 ? "computed exactly." : "estimated from " + settings.probes() + " Gaussian probes per input (never forming J).");
        return String.format(Locale.ROOT, "%s activation, %s weights with sigma_w^2 = %s and sigma_b^2 = %s%s; widths %s, depths %s; %d random networks per point, "
                        + "each a single draw of depth %d measured at every depth in one streamed forward pass over %s. %s",
                capitalised(Names.of(settings.activation())), Names.of(settings.init().scheme()), CellRecords.text(settings.init().sigmaW2()), CellRecords.text(settings.init().sigmaB2()),
                InitText.criticalNote(settings.activation(), settings.init()),
                join(settings.widths()), join(settings.depths()), settings.nets(), settings.maxDepth(), inputs, jacobian);
    }

    /**
     * A paragraph that reads the numbers: where each prediction and the Jacobian VNI part, how
     * the covariance VNI compares, which networks collapsed, and how correlated the inputs
     * themselves are, per width. It states what the numbers show, whichever way they go.
     */
    private String reading(List<WidthSummary> widths) {
        StringBuilder s = new StringBuilder();
        int last = settings.depths().length - 1, lMax = settings.depths()[last], lMin = settings.depths()[0];
        boolean jacobian = settings.jacobianInputs() > 0;
        for (WidthSummary w : widths) {
            double[] fixed = w.theory().fixedPointVni(), finite = w.theory().finiteDepthVni();
            if (last == 0) {
                s.append(String.format(Locale.ROOT, "Width %d: at L = %d (L/N = %s) the covariance VNI is %s", w.width(), lMin,
                        CellRecords.text((double) lMin / w.width()), spread(w, 0, w.covMean()[0], w.covSd()[0])));
                if (jacobian && w.collapsed()[0] < settings.nets()) s.append(" and the Jacobian VNI ").append(spread(w, 0, w.jacMean()[0], w.jacSd()[0]));
                s.append(String.format(Locale.ROOT, "; eq. 3.6 predicts %s and the finite-depth theory %s.", CellRecords.text(fixed[0]),
                        CellRecords.text(finite[0])));
            } else {
                s.append(String.format(Locale.ROOT, "Width %d: from L = %d to L = %d (L/N = %s to %s) the covariance VNI goes from %s to %s",
                        w.width(), lMin, lMax, CellRecords.text((double) lMin / w.width()), CellRecords.text((double) lMax / w.width()),
                        spread(w, 0, w.covMean()[0], w.covSd()[0]), spread(w, last, w.covMean()[last], w.covSd()[last])));
                if (jacobian) {
                    s.append(String.format(Locale.ROOT, " and the Jacobian VNI from %s to %s", CellRecords.text(w.jacMean()[0]), CellRecords.text(w.jacMean()[last])));
                }
                s.append(String.format(Locale.ROOT, "; eq. 3.6 predicts %s to %s and the finite-depth theory %s to %s.", CellRecords.text(fixed[0]),
                        CellRecords.text(fixed[last]), CellRecords.text(finite[0]), CellRecords.text(finite[last])));
            }
            if (jacobian) {
                s.append(agreement("Eq. 3.6", fixed, w));
                s.append(withinOnePercent(fixed, finite) ? " The finite-depth prediction is within 1% of eq. 3.6 at every depth, so it agrees the same way."
                        : agreement("The finite-depth prediction", finite, w));
                double ratio = w.covMean()[last] / w.jacMean()[last];
                if (Double.isFinite(ratio)) {
                    s.append(String.format(Locale.ROOT, " At L = %d the covariance VNI is %s the Jacobian VNI.", lMax,
                            Math.abs(ratio - 1) < 0.005 ? "equal to" : percent(Math.abs(ratio - 1)) + (ratio < 1 ? " below" : " above")));
                }
            }
            s.append(collapsed(w)).append(inputs(w)).append(' ');
        }
        s.append("The fixed-point formula is first order in L/N and not bounded by 1, while a measured VNI is: the theory is expected to hold for N >> L only. "
                + "The covariance VNI equals the Jacobian ratio only where the linearisation x_L - mean ≈ J x_0 holds (docs/theory.md section 5); "
                + "over M = " + settings.inputs() + " inputs it is also biased upward by about 1/M = " + CellRecords.text(1.0 / settings.inputs()) + ".");
        return s.toString();
    }

    /** "0.1 ± 0.01" at depth index k, or "undefined (every network collapsed)" where there is no network to average. */
    private String spread(WidthSummary w, int k, double mean, double sd) {
        return w.collapsed()[k] == settings.nets() ? "undefined (every network collapsed)" : CellRecords.text(mean) + " ± " + CellRecords.text(sd);
    }

    /**
     * How a prediction compares with the Jacobian VNI over the depths where both are numbers:
     * within 10% at every depth (with its largest departure), or up to which depth and how far
     * off it is beyond.
     */
    private String agreement(String name, double[] predicted, WidthSummary w) {
        List<Integer> at = new ArrayList<>();
        for (int k = 0; k < predicted.length; k++) if (Double.isFinite(predicted[k]) && Double.isFinite(w.jacMean()[k]) && w.jacMean()[k] > 0) at.add(k);
        if (at.isEmpty()) return "";
        if (at.size() == 1) {
            int k = at.get(0);
            return String.format(Locale.ROOT, " %s is %s against the Jacobian VNI's %s at L = %d (%s).", name, CellRecords.text(predicted[k]),
                    CellRecords.text(w.jacMean()[k]), settings.depths()[k], CellRecords.signedPercent(predicted[k] / w.jacMean()[k] - 1));
        }
        List<Integer> off = new ArrayList<>();
        for (int k : at) if (Math.abs(predicted[k] / w.jacMean()[k] - 1) > 0.1) off.add(k);
        if (off.isEmpty()) {
            int worst = at.get(0);
            for (int k : at) if (Math.abs(predicted[k] / w.jacMean()[k] - 1) > Math.abs(predicted[worst] / w.jacMean()[worst] - 1)) worst = k;
            return String.format(Locale.ROOT, " %s stays within 10%% of the Jacobian VNI at every depth (at most %s, at L = %d).", name,
                    CellRecords.signedPercent(predicted[worst] / w.jacMean()[worst] - 1), settings.depths()[worst]);
        }
        int first = off.get(0), end = at.get(at.size() - 1);
        boolean suffix = off.equals(at.subList(at.indexOf(first), at.size())); // off from some depth on, never back within
        StringBuilder s = new StringBuilder(" ").append(name);
        if (suffix && first == at.get(0)) {
            s.append(" is more than 10% off the Jacobian VNI at every depth: L = ").append(settings.depths()[first]).append(" (").append(against(predicted, w, first)).append(")");
            if (first != end) s.append(" to L = ").append(settings.depths()[end]).append(" (").append(against(predicted, w, end)).append(")");
            return s.append(".").toString();
        }
        if (suffix) {
            int last = at.get(at.indexOf(first) - 1);
            s.append(String.format(Locale.ROOT, " stays within 10%% of the Jacobian VNI up to L = %d (L/N = %s) and is more than 10%% off from L = %d on (%s",
                    settings.depths()[last], CellRecords.text((double) settings.depths()[last] / w.width()), settings.depths()[first], against(predicted, w, first)));
            s.append(first == end ? ")." : String.format(Locale.ROOT, "; at L = %d %s).", settings.depths()[end], against(predicted, w, end)));
            return s.toString();
        }
        List<String> within = new ArrayList<>(), far = new ArrayList<>();
        for (int k : at) {
            if (off.contains(k)) far.add("L = " + settings.depths()[k] + " (" + against(predicted, w, k) + ")");
            else within.add("L = " + settings.depths()[k]);
        }
        return s.append(" is within 10% of the Jacobian VNI at ").append(String.join(", ", within)).append(" and more than 10% off at ")
                .append(String.join("; ", far)).append(".").toString();
    }

    /** "0.505 against 0.445, +13%": a prediction against the Jacobian VNI at depth index k. */
    private static String against(double[] predicted, WidthSummary w, int k) {
        return CellRecords.text(predicted[k]) + " against " + CellRecords.text(w.jacMean()[k]) + ", " + CellRecords.signedPercent(predicted[k] / w.jacMean()[k] - 1);
    }

    /** True when both predictions are numbers within 1% of each other at every depth. */
    private static boolean withinOnePercent(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) if (!(Math.abs(b[k] / a[k] - 1) <= 0.01)) return false;
        return true;
    }

    /** The networks that collapsed, per depth where any did, or "". */
    private String collapsed(WidthSummary w) {
        List<String> at = new ArrayList<>();
        for (int k = 0; k < settings.depths().length; k++) {
            if (w.collapsed()[k] > 0) at.add(w.collapsed()[k] + " of " + settings.nets() + " networks collapsed at L = " + settings.depths()[k]);
        }
        if (at.isEmpty()) return "";
        return " " + Collapse.sentence(String.join(", ", at), "they are counted apart, not averaged");
    }

    /**
     * The inputs' own VNI and participation ratio, and where the VNI is far above that of
     * independent features of equal variance (about 1/n0 + 1/M), what that does to the
     * covariance VNI at small depth; "" for records that did not measure it.
     */
    private String inputs(WidthSummary w) {
        if (Double.isNaN(w.inputVni())) return "";
        int n0 = (int) w.inputFeatures();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, " The inputs themselves have VNI %s (participation ratio %s of their %d features; 1/n0 = %s).",
                CellRecords.text(w.inputVni()), CellRecords.text(w.inputParticipation()), n0, CellRecords.text(1.0 / n0)));
        double independent = 1.0 / n0 + 1.0 / settings.inputs();
        if (w.inputVni() > 2 * independent) {
            s.append(" That is far above the VNI of independent features of equal variance (about 1/n0 + 1/M = ").append(CellRecords.text(independent))
                    .append("), the inputs the theory assumes (eq. 3.2): the covariance of x_L is about J C_x J^T, so it carries the inputs' correlations, "
                            + "which the Jacobian VNI does not see.");
            if (settings.jacobianInputs() > 0 && Double.isFinite(w.covMean()[0]) && Double.isFinite(w.jacMean()[0])) {
                s.append(String.format(Locale.ROOT, " At L = %d the covariance VNI is %s against the Jacobian VNI's %s: the gap is the inputs' as much as the linearisation's.",
                        settings.depths()[0], CellRecords.text(w.covMean()[0]), CellRecords.text(w.jacMean()[0])));
            }
        }
        return s.toString();
    }

    private static String join(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(String::valueOf).toList());
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * f);
    }
}
