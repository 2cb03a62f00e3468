package dev.vnlab.experiment;

import dev.vnlab.experiment.XorExperiment.Settings;
import dev.vnlab.nn.Trainer;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Marker;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.settings.ConfigFields;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The outputs of the XOR experiment, made from its cells' records alone: xor.csv (one row per
 * width and depth), xor-runs.csv (one row per run), the figures of failure rate, VNI and
 * gradient norms against depth, report.md with a reading of them, and the console table.
 */
final class XorRendering {
    private XorRendering() {}

    /** One run's record, read back. */
    private record RunRecord(int width, int depth, int run, String status, boolean success, int steps, double vniInit, double vniEnd,
                             double gradFirst, double gradLast, double gradFirstEnd, double gradLastEnd, double seconds) {
        static RunRecord of(Map<String, Object> r) {
            double[] init = ConfigFields.reals(r, "grad_norm_init"), end = ConfigFields.reals(r, "grad_norm_end");
            int depth = ConfigFields.int32(r, "depth");
            if (init.length != depth + 1 || end.length != depth + 1) {
                throw new IllegalArgumentException("cell record of depth " + depth + " has " + init.length + " and " + end.length
                        + " gradient norms; expected " + (depth + 1) + " (hidden layers and output layer)");
            }
            return new RunRecord(ConfigFields.int32(r, "width"), depth, ConfigFields.int32(r, "run"), ConfigFields.string(r, "status"),
                    ConfigFields.flag(r, "success"), ConfigFields.int32(r, "steps"), ConfigFields.real(r, "vni_init"), ConfigFields.real(r, "vni_end"),
                    init[0], init[depth - 1], end[0], end[depth - 1], ConfigFields.real(r, "seconds"));
        }

        /** The first hidden layer's gradient norm over the last hidden layer's, at initialisation. */
        double gradRatio() {
            return gradFirst / gradLast;
        }

        boolean diverged() {
            return "diverged".equals(status);
        }

        /** The last hidden layer collapsed at initialisation (see {@link Collapse#ofTraining}: a run diverged at its first step has no finite network to tell). */
        boolean collapsedInit() {
            return Collapse.ofTraining(vniInit, diverged() && steps == 0);
        }

        /** The last hidden layer collapsed at the end; a diverged run has no VNI after its divergence, and so no collapse. */
        boolean collapsedEnd() {
            return Collapse.ofTraining(vniEnd, diverged());
        }

        /** A failed run that did not diverge and ended collapsed. */
        boolean failedCollapsed() {
            return !success && collapsedEnd();
        }

        /** The status of xor-runs.csv: the trainer's, except a run that failed and ended collapsed is "collapsed". */
        String shownStatus() {
            return failedCollapsed() ? "collapsed" : status;
        }
    }

    /**
     * Writes xor.csv (one row per width and depth), xor-runs.csv (one row per run), the figures
     * xor-failure (failure rate against depth), xor-vni (the VNI at initialisation and at the end
     * against depth) and xor-gradients (the first and last hidden layers' gradient norms at
     * initialisation against depth), and report.md with a reading of them.
     *
     * @param results the records of the cells ({@link XorExperiment#run}), in any order, as returned or as parsed back from JSON
     * @return the report, xor.csv's table (the results of summary.json) and the console table
     * @throws IllegalArgumentException if a record is malformed or outside the settings' sweep
     */
    static Rendering render(Settings s, List<Map<String, Object>> results, OutputDir out) throws IOException {
        List<RunRecord> all = new ArrayList<>();
        for (Map<String, Object> m : results) {
            RunRecord r = RunRecord.of(m);
            if (Arrays.stream(s.widths()).noneMatch(n -> n == r.width) || Arrays.stream(s.depths()).noneMatch(l -> l == r.depth)) {
                throw new IllegalArgumentException("cell record of width " + r.width + " and depth " + r.depth + " is outside the sweep of these settings; expected widths "
                        + Arrays.toString(s.widths()) + " and depths " + Arrays.toString(s.depths()));
            }
            all.add(r);
        }
        if (all.isEmpty()) throw new IllegalArgumentException("no cell records to render; expected at least one run");
        all.sort(Comparator.comparingInt((RunRecord r) -> r.width).thenComparingInt(r -> r.depth).thenComparingInt(r -> r.run));
        Table points = new Table("width", "depth", "runs", "failures", "diverged", "collapsed", "failure_rate", "steps_to_success_median", "vni_init_q25", "vni_init_median",
                "vni_init_q75", "vni_end_median_success", "vni_end_median_failure", "grad_first_init_median", "grad_last_init_median",
                "grad_ratio_init_median", "grad_first_end_median_failure", "grad_last_end_median_failure");
        Table runs = new Table("width", "depth", "run", "status", "success", "steps", "vni_init", "vni_end", "grad_first_init", "grad_last_init",
                "grad_first_end", "grad_last_end", "seconds");
        Table shown = new Table("N", "L", "runs", "failed", "diverged", "collapsed", "VNI init", "VNI end (failed)", "‖∇W₁‖ init", "‖∇W_L‖ init", "ratio");
        Plot failure = new Plot("XOR: failure rate against depth (critical " + Labels.display(s.activation()) + ")").xLabel("depth L")
                .yLabel("fraction of runs that failed").xScale(Scale.LOG).yRange(-0.04, 1.04);
        Plot vni = new Plot("VNI of the last hidden layer over the 4 XOR inputs").xLabel("depth L").yLabel("VNI (1/3 to 1 for 4 inputs)")
                .xScale(Scale.LOG);
        Plot gradients = new Plot("Weight-gradient norms at initialisation").xLabel("depth L").yLabel("Frobenius norm of dLoss/dW")
                .xScale(Scale.LOG).yScale(Scale.LOG);
        double[] depthAxis = Arrays.stream(s.depths()).asDoubleStream().toArray();
        for (int w = 0; w < s.widths().length; w++) {
            int width = s.widths()[w];
            Color color = Plot.PALETTE.get(w % Plot.PALETTE.size());
            int d = s.depths().length;
            double[] rate = new double[d], vniInit = new double[d], vni25 = new double[d], vni75 = new double[d], vniEndFailed = new double[d],
                    first = new double[d], last = new double[d];
            for (int i = 0; i < d; i++) {
                int depth = s.depths()[i];
                List<RunRecord> here = all.stream().filter(r -> r.width == width && r.depth == depth).toList();
                if (here.isEmpty()) {
                    rate[i] = vniInit[i] = vni25[i] = vni75[i] = vniEndFailed[i] = first[i] = last[i] = Double.NaN;
                    continue;
                }
                List<RunRecord> won = here.stream().filter(RunRecord::success).toList(), lost = here.stream().filter(r -> !r.success).toList();
                rate[i] = (double) lost.size() / here.size();
                double[] q = RunStatistics.quartiles(values(here, RunRecord::vniInit));
                vni25[i] = q[0];
                vniInit[i] = q[1];
                vni75[i] = q[2];
                vniEndFailed[i] = RunStatistics.median(values(lost, RunRecord::vniEnd));
                first[i] = RunStatistics.median(values(here, RunRecord::gradFirst));
                last[i] = RunStatistics.median(values(here, RunRecord::gradLast));
                double ratio = RunStatistics.median(values(here, RunRecord::gradRatio));
                int diverged = (int) here.stream().filter(RunRecord::diverged).count(), collapsed = (int) here.stream().filter(RunRecord::failedCollapsed).count();
                points.add(width, depth, here.size(), lost.size(), diverged, collapsed, rate[i], RunStatistics.median(values(won, r -> r.steps)), q[0], q[1], q[2],
                        RunStatistics.median(values(won, RunRecord::vniEnd)), vniEndFailed[i], first[i], last[i], ratio,
                        RunStatistics.median(values(lost, RunRecord::gradFirstEnd)), RunStatistics.median(values(lost, RunRecord::gradLastEnd)));
                shown.add(width, depth, here.size(), lost.size(), diverged, collapsed, q[1], vniEndFailed[i], first[i], last[i], ratio);
                for (RunRecord r : here) {
                    runs.add(r.width, r.depth, r.run, r.shownStatus(), r.success, r.steps, r.vniInit, r.vniEnd, r.gradFirst, r.gradLast, r.gradFirstEnd,
                            r.gradLastEnd, r.seconds);
                }
            }
            String name = "N = " + width;
            failure.add(Series.of(name, depthAxis, rate).marker(Marker.CIRCLE).color(color));
            vni.add(Series.of(name + ", initialisation: median, 25-75%", depthAxis, vniInit).band(vni25, vni75).marker(Marker.CIRCLE).color(color));
            if (Arrays.stream(vniEndFailed).anyMatch(v -> !Double.isNaN(v))) {
                vni.add(Series.of(name + ", end of failed runs: median", depthAxis, vniEndFailed).dash(Dash.DASHED).marker(Marker.SQUARE).color(color));
            }
            gradients.add(Series.of(name + ", first hidden layer", depthAxis, first).marker(Marker.CIRCLE).color(color));
            gradients.add(Series.of(name + ", last hidden layer", depthAxis, last).dash(Dash.DASHED).marker(Marker.SQUARE).color(color));
        }
        out.writeCsv("xor.csv", points);
        out.writeCsv("xor-runs.csv", runs);
        out.writeFigure("xor-failure", failure);
        out.writeFigure("xor-vni", vni);
        out.writeFigure("xor-gradients", gradients);
        Report report = new Report("XOR and walking-dead gradients (arXiv 1910.09745)").paragraph(setup(s)).table(shown)
                .paragraph("Columns: N width, L depth; failed: runs that did not classify all four points within the budget, among them diverged (stopped at "
                        + Trainer.DIVERGENCE_RULE + ", with no VNI after it) and collapsed (ended with " + Collapse.MEANING + "); VNI init: the median "
                        + "VNI of the last hidden layer over the four inputs at initialisation; VNI end (failed): its median at the end of the failed runs that "
                        + "neither diverged nor collapsed; "
                        + "‖∇W₁‖ and ‖∇W_L‖ init: the median Frobenius norms of the first and last hidden layers' weight gradients at initialisation; "
                        + "ratio: the median of their ratio. Every run in xor-runs.csv, whose status is target-reached, completed (failed), diverged or collapsed.")
                .figure("Fraction of runs that failed to learn XOR, against depth", "xor-failure")
                .figure("VNI of the last hidden layer over the four XOR inputs: at initialisation (median and quartile band) and at the end of failed runs", "xor-vni")
                .figure("Weight-gradient norms of the first (solid) and last (dashed) hidden layers at initialisation, medians over runs", "xor-gradients")
                .section("Reading").paragraph(reading(s, all));
        out.writeReport(report);
        return new Rendering(report, points, shown.toConsole());
    }

    private static double[] values(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    private static String setup(Settings s) {
        return String.format(Locale.ROOT, "XOR on {-1, +1}^2 (four points, two classes), learnt by %s MLPs of widths %s and depths %s with %s weights at "
                        + "the critical sigma_w^2 = %s (sigma_w^2 mu_1 = 1; zero biases), softmax cross-entropy, %s at lr %s on the full batch for at most "
                        + "%d steps; a run succeeds once all four points are classified right. %d runs per width and depth. Seed %d.",
                Labels.display(s.activation()), Arrays.toString(s.widths()), Arrays.toString(s.depths()), Labels.display(s.scheme()), Labels.compact(s.init().sigmaW2()),
                s.optimizer().label(), Labels.compact(s.learningRate()), s.steps(), s.runs(), s.seed());
    }

    /** "depth 50: 2, depth 100: 3" for the runs given, by depth. */
    private static String depthsOf(List<RunRecord> runs) {
        java.util.Map<Integer, Long> byDepth = new java.util.TreeMap<>();
        for (RunRecord r : runs) byDepth.merge(r.depth, 1L, Long::sum);
        List<String> parts = new ArrayList<>();
        byDepth.forEach((d, k) -> parts.add("depth " + d + ": " + k));
        return String.join(", ", parts);
    }

    /** One paragraph of what the sweep shows, set against the paper's claim. */
    private static String reading(Settings s, List<RunRecord> all) {
        int shallow = s.depths()[0], deep = s.depths()[s.depths().length - 1];
        List<RunRecord> top = all.stream().filter(r -> r.depth == shallow).toList(), bottom = all.stream().filter(r -> r.depth == deep).toList();
        List<RunRecord> won = all.stream().filter(RunRecord::success).toList(), lost = all.stream().filter(r -> !r.success).toList();
        StringBuilder t = new StringBuilder();
        if (shallow == deep) t.append(String.format(Locale.ROOT, "%d of %d runs failed at depth %d", lost.size(), all.size(), deep));
        else t.append(String.format(Locale.ROOT, "%d of %d runs failed: %d of %d at depth %d and %d of %d at depth %d", lost.size(), all.size(),
                top.stream().filter(r -> !r.success).count(), top.size(), shallow, bottom.stream().filter(r -> !r.success).count(), bottom.size(), deep));
        List<RunRecord> diverged = all.stream().filter(RunRecord::diverged).toList(), collapsed = all.stream().filter(RunRecord::failedCollapsed).toList();
        t.append(diverged.isEmpty() ? "" : String.format(Locale.ROOT, "; %d of them diverged (%s) and have no VNI at the end", diverged.size(), depthsOf(diverged)));
        t.append(". ");
        if (!collapsed.isEmpty()) {
            List<String> counts = new ArrayList<>();
            for (int depth : s.depths()) {
                long k = collapsed.stream().filter(r -> r.depth == depth).count(), n = all.stream().filter(r -> r.depth == depth).count();
                if (k > 0) counts.add(k + " of " + n + " runs at depth " + depth);
            }
            t.append(Collapse.sentence(String.join(", ", counts) + " failed and ended collapsed", "they are counted apart, not in the medians of the VNI at the end"))
                    .append(' ');
        }
        long collapsedInit = all.stream().filter(RunRecord::collapsedInit).count();
        if (collapsedInit > 0) {
            t.append(Collapse.sentence(collapsedInit + " of the " + all.size() + " networks had collapsed already at initialisation",
                    "they are counted apart from the VNI at initialisation")).append(' ');
        }
        t.append(String.format(Locale.ROOT, "The median VNI at initialisation goes from %s at depth %d to %s at depth %d; ",
                Labels.compact(RunStatistics.median(values(top, RunRecord::vniInit))), shallow,
                Labels.compact(RunStatistics.median(values(bottom, RunRecord::vniInit))), deep));
        t.append(String.format(Locale.ROOT, "it is %s at initialisation in the runs that went on to fail and %s in those that succeeded, and %s at the end of the "
                        + "failed runs that neither diverged nor collapsed. ",
                Labels.compact(RunStatistics.median(values(lost, RunRecord::vniInit))), Labels.compact(RunStatistics.median(values(won, RunRecord::vniInit))),
                Labels.compact(RunStatistics.median(values(lost, RunRecord::vniEnd)))));
        double[] ratios = values(bottom, RunRecord::gradRatio);
        double median = RunStatistics.median(ratios);
        t.append(String.format(Locale.ROOT, "Within a network the gradient keeps its scale from the last hidden layer to the first%s: at depth %d the first "
                        + "layer's norm is %s times the last's (median; quartiles %s to %s). ", median > 0.1 && median < 10 ? "" : " only loosely", deep,
                Labels.compact(median), Labels.compact(RunStatistics.quantile(ratios, 0.25)), Labels.compact(RunStatistics.quantile(ratios, 0.75))));
        double gradTop = RunStatistics.median(values(top, RunRecord::gradLast)), gradBottom = RunStatistics.median(values(bottom, RunRecord::gradLast));
        boolean normalised = s.optimizer() == OptimizerKind.ADAM || s.optimizer() == OptimizerKind.RMSPROP;
        t.append(String.format(Locale.ROOT, "Across depths its overall size %s: the last hidden layer's median norm is %s at depth %d and %s at depth %d (%s). ",
                gradBottom < gradTop / 10 ? "does fall" : "stays of the same order", Labels.compact(gradTop), shallow, Labels.compact(gradBottom), deep,
                normalised ? s.optimizer().label() + "'s steps do not scale with the gradient's size, so a small gradient alone does not stall it"
                        : s.optimizer().label() + "'s steps scale with the gradient, so a small gradient alone slows it"));
        t.append("The arXiv version's claim is that at VNI near 1 a network cannot learn XOR although its gradients neither vanish nor explode, and that "
                + "failures become more likely with depth; the numbers above say how far this sweep agrees.");
        return t.toString();
    }
}
