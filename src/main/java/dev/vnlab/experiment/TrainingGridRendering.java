package dev.vnlab.experiment;

import dev.vnlab.experiment.TrainingGrid.Settings;
import dev.vnlab.nn.Trainer;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Heatmap;
import dev.vnlab.report.Marker;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.settings.Names;
import dev.vnlab.theory.CorrelationMap;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The outputs of {@link TrainingGrid}: from the cells' records alone (as returned by
 * {@link TrainingGrid#run} or parsed back from JSON) it writes summary.json, the CSV tables
 * (grid-panels.csv, grid.csv, grid-runs.csv), the SVG/PNG plots (a success-probability heatmap
 * per optimizer, grid-OPTIMIZER, and grid-vni) and report.md, and returns the console table.
 */
record TrainingGridRendering(Settings settings) {
    /**
     * Writes grid-panels.csv (the console table: one row per panel), grid.csv (one row per depth and learning rate of each panel: success probability,
     * divergences, median VNIs), grid-runs.csv (one row per run), one heatmap of the success
     * probability per optimizer (grid-OPTIMIZER: a panel per activation and weight
     * distribution, depth down the side, learning rate along the bottom, colour scale [0, 1]),
     * grid-vni (each run's output-layer VNI at the end against depth, successes and failures
     * apart), and report.md with the success-probability tables and a reading of them.
     *
     * @param results the records of the cells ({@link TrainingGrid#run}), in any order, as returned or as parsed back from JSON
     * @return the report, the per-panel table (the results of summary.json) and the console table
     * @throws IllegalArgumentException if a record is malformed or outside the settings' grid
     */
    Rendering render(List<Map<String, Object>> results, OutputDir out) throws IOException {
        List<GridPanel> panels = GridPanel.of(settings, results);
        Table cells = new Table("optimizer", "activation", "init", "sigma_w2", "depth", "lr", "runs", "successes", "success_probability", "diverged",
                "collapsed", "epochs_to_success_median", "vni_init_median", "vni_end_median_success", "vni_end_median_failure", "final_train_accuracy_median");
        Table runs = new Table("optimizer", "activation", "init", "depth", "lr", "run", "status", "success", "epochs", "final_train_accuracy",
                "vni_init", "vni_end", "seconds");
        Table perPanel = new Table("optimizer", "activation", "init", "sigma_w2", "runs", "success_probability", "diverged", "collapsed", "vni_init_median",
                "vni_end_median_success", "vni_end_median_failure", "trainable_depth_6_xi_c");
        Table shown = new Table("optimizer", "activation", "init", "σw²", "runs", "success", "diverged", "collapsed", "VNI init", "VNI end (succeeded)",
                "VNI end (failed)", "6 ξ_c");
        int[] depthsDown = reversed(settings.depths());
        List<String> depthLabels = Arrays.stream(depthsDown).mapToObj(Integer::toString).toList();
        Report report = new Report("Probability of successful training (Fig. 5.1)").paragraph(setup());
        List<Table> matrices = new ArrayList<>();
        for (OptimizerRates o : settings.optimizers()) {
            List<GridPanel> mine = panels.stream().filter(p -> p.optimizer() == o.optimizer()).toList();
            if (mine.isEmpty()) continue;
            Heatmap heatmap = new Heatmap("Probability of reaching " + percent(settings.targetAccuracy()) + " training accuracy within " + settings.maxEpochs()
                    + " epochs, " + o.optimizer().label()).colorLabel("P(success)").axisLabels("learning rate", "depth L")
                    .cellLabels(Arrays.stream(o.learningRates()).mapToObj(Labels::compact).toList(), depthLabels).columns(Math.min(2, mine.size()));
            for (GridPanel p : mine) {
                double[][] probability = successMatrix(p, depthsDown);
                heatmap.panel(p.title(), probability);
                matrices.add(matrixTable(p, depthsDown, probability));
                addCellRows(p, settings.depths(), cells, runs);
                List<GridRun> won = p.select(GridRun::success), lost = p.select(r -> !r.success());
                Object[] row = {p.optimizer().id(), Names.of(p.activation()), Names.of(p.scheme()), p.runs().get(0).sigmaW2(), p.runs().size(), GridPanel.successRate(p.runs()),
                        (int) p.runs().stream().filter(GridRun::diverged).count(), (int) p.runs().stream().filter(GridRun::failedCollapsed).count(),
                        GridPanel.median(p.runs(), GridRun::vniInit), GridPanel.median(won, GridRun::vniEnd),
                        GridPanel.median(lost, GridRun::vniEnd), CorrelationMap.trainableDepth(p.activation(), p.runs().get(0).sigmaW2(), 0)};
                perPanel.add(row);
                shown.add(row);
            }
            String base = "grid-" + o.optimizer().id();
            out.writeFigure(base, heatmap);
            report.figure("Success probability, " + o.optimizer().label() + ": depth L down the side, learning rate along the bottom; "
                    + "yellow 1, purple 0, grey: not run", base);
        }
        out.writeCsv("grid-panels.csv", perPanel);
        out.writeCsv("grid.csv", cells);
        out.writeCsv("grid-runs.csv", runs);
        out.writeFigure("grid-vni", vniPlot(panels));
        report.table(shown).paragraph("Columns: runs and success (the fraction that reached the target) over every depth and learning rate of the panel; "
                        + "diverged: runs stopped at their divergence (failures); collapsed: failed runs that did not diverge and ended with their output layer "
                        + "collapsed (" + Collapse.MEANING + "); VNI init: the median output-layer VNI at "
                        + "initialisation; VNI end: the median after the last completed epoch (before the divergence for diverged runs), over the runs that "
                        + "succeeded and those that failed, collapsed runs counted apart. Exactly in grid-panels.csv; per depth and learning rate in grid.csv; "
                        + "every run in grid-runs.csv, whose status is target-reached, completed (failed), diverged or collapsed.")
                .figure("Output-layer VNI at the end of every run against depth: successes, failures and divergences side by side at each depth "
                        + "(collapsed runs have no VNI to draw)", "grid-vni")
                .section("Success probability per depth (rows) and learning rate (columns)");
        int m = 0;
        for (GridPanel p : panels) report.paragraph("**" + p.name() + "**").table(matrices.get(m++));
        report.section("Reading").paragraph(reading(panels));
        out.writeReport(report);
        return new Rendering(report, perPanel, shown.toConsole());
    }

    /** The success probability at each depth (rows, as given) and learning rate (columns) of a panel; NaN where no run is recorded. */
    private static double[][] successMatrix(GridPanel p, int[] depths) {
        double[][] probability = new double[depths.length][p.lrs().length];
        for (int i = 0; i < depths.length; i++) {
            for (int j = 0; j < p.lrs().length; j++) {
                List<GridRun> here = p.at(depths[i], p.lrs()[j]);
                probability[i][j] = here.isEmpty() ? Double.NaN : GridPanel.successRate(here);
            }
        }
        return probability;
    }

    /** The success matrix as a report table: a depth column, then a column per learning rate (empty where no run is recorded). */
    private static Table matrixTable(GridPanel p, int[] depths, double[][] probability) {
        String[] columns = new String[p.lrs().length + 1];
        columns[0] = "depth";
        for (int j = 0; j < p.lrs().length; j++) columns[j + 1] = "lr " + Labels.compact(p.lrs()[j]);
        Table t = new Table(columns);
        for (int i = 0; i < depths.length; i++) {
            Object[] row = new Object[columns.length];
            row[0] = depths[i];
            for (int j = 0; j < p.lrs().length; j++) row[j + 1] = Double.isNaN(probability[i][j]) ? null : probability[i][j];
            t.add(row);
        }
        return t;
    }

    /** A row of grid.csv per depth and learning rate of the panel, and a row of grid-runs.csv per run. */
    private static void addCellRows(GridPanel p, int[] depths, Table cells, Table runs) {
        for (int depth : depths) {
            for (double lr : p.lrs()) {
                List<GridRun> here = p.at(depth, lr);
                if (here.isEmpty()) continue;
                List<GridRun> won = here.stream().filter(GridRun::success).toList(), lost = here.stream().filter(r -> !r.success()).toList();
                cells.add(p.optimizer().id(), Names.of(p.activation()), Names.of(p.scheme()), here.get(0).sigmaW2(), depth, lr, here.size(), won.size(),
                        GridPanel.successRate(here), (int) here.stream().filter(GridRun::diverged).count(), (int) here.stream().filter(GridRun::failedCollapsed).count(),
                        GridPanel.median(won, r -> r.epochs()),
                        GridPanel.median(here, GridRun::vniInit), GridPanel.median(won, GridRun::vniEnd), GridPanel.median(lost, GridRun::vniEnd), GridPanel.median(here, GridRun::finalAccuracy));
                for (GridRun r : here) {
                    runs.add(r.optimizer().id(), Names.of(r.activation()), Names.of(r.scheme()), r.depth(), r.lr(), r.run(), r.shownStatus(), r.success(), r.epochs(),
                            r.finalAccuracy(), r.vniInit(), r.vniEnd(), r.seconds());
                }
            }
        }
    }

    private Plot vniPlot(List<GridPanel> panels) {
        List<GridRun> all = panels.stream().flatMap(p -> p.runs().stream()).toList();
        Plot p = new Plot("Output-layer VNI at the end of each run").xLabel("depth L").yLabel("VNI of the last hidden layer").xScale(Scale.LOG)
                .legend(Plot.Legend.OUTSIDE_RIGHT);
        // Outcomes side by side at each depth (a fixed offset on the log axis), so that they do not hide each other.
        addPoints(p, "succeeded", all.stream().filter(GridRun::success).toList(), 0.93, Marker.CIRCLE, Plot.PALETTE.get(2));
        addPoints(p, "failed", all.stream().filter(r -> !r.success() && !r.diverged() && !r.failedCollapsed()).toList(), 1, Marker.SQUARE, Plot.PALETTE.get(3));
        addPoints(p, "diverged: VNI before it", all.stream().filter(GridRun::diverged).toList(), 1 / 0.93, Marker.TRIANGLE, Plot.PALETTE.get(1));
        int[] depths = settings.depths();
        double[] x = Arrays.stream(depths).asDoubleStream().toArray(), init = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            final int d = depths[i];
            init[i] = GridPanel.median(all.stream().filter(r -> r.depth() == d).toList(), GridRun::vniInit);
        }
        return p.add(Series.of("at initialisation (median)", x, init).dash(Dash.DASHED).color(Plot.PALETTE.get(7)));
    }

    private static void addPoints(Plot p, String name, List<GridRun> runs, double offset, Marker marker, Color color) {
        if (runs.isEmpty()) return;
        double[] x = runs.stream().mapToDouble(r -> r.depth() * offset).toArray(), v = runs.stream().mapToDouble(GridRun::vniEnd).toArray();
        p.add(Series.of(name + " (" + runs.size() + ")", x, v).pointsOnly().marker(marker).color(color));
    }

    private static int[] reversed(int[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[v.length - 1 - i];
        return r;
    }

    private static String percent(double fraction) {
        return Labels.compact(100 * fraction) + "%";
    }

    private String setup() {
        StringBuilder rates = new StringBuilder();
        for (OptimizerRates o : settings.optimizers()) {
            if (rates.length() > 0) rates.append("; ");
            rates.append(o.optimizer().label()).append(": ").append(String.join(", ", Arrays.stream(o.learningRates()).mapToObj(Labels::compact).toList()));
        }
        return String.format(Locale.ROOT, "MLPs of width N = %d and depths %s, %s activations with %s weights at the critical sigma_w^2 (sigma_w^2 mu_1 = 1: "
                        + "tanh 1, ReLU 2; zero biases), trained with batch %d and constant learning rates (%s) on the first %d training images of %s. "
                        + "A run succeeds when its training accuracy, measured by a full pass over those images after an epoch, reaches %s within %d epochs; "
                        + "a run that diverges (%s) is stopped and counts as a failure. %d runs per cell; run k of a depth starts from the "
                        + "same network and sees the same batches at every learning rate and optimizer. Output-layer VNI over the first %d training images. Seed %d.",
                settings.width(), Arrays.toString(settings.depths()), String.join(" and ", settings.activations().stream().map(Labels::display).toList()),
                String.join(" and ", settings.schemes().stream().map(Labels::display).toList()), settings.batch(), rates, settings.trainImages(), TrainingData.describe(settings.data()),
                percent(settings.targetAccuracy()), settings.maxEpochs(), Trainer.DIVERGENCE_RULE, settings.runs(), settings.probeImages(), settings.seed());
    }

    /** One paragraph of what the grid shows, set against the paper's reading of Fig. 5.1. */
    private String reading(List<GridPanel> panels) {
        StringBuilder t = new StringBuilder();
        List<GridRun> all = panels.stream().flatMap(p -> p.runs().stream()).toList();
        t.append(String.format(Locale.ROOT, "Over all panels %d of %d runs succeeded; by depth: %s. ", all.stream().filter(GridRun::success).count(), all.size(),
                ratesBy(all, Arrays.stream(settings.depths()).asDoubleStream().toArray(), r -> r.depth())));
        for (OptimizerRates o : settings.optimizers()) {
            List<GridRun> mine = all.stream().filter(r -> r.optimizer() == o.optimizer()).toList();
            if (mine.isEmpty()) continue;
            t.append(String.format(Locale.ROOT, "%s by learning rate: %s", o.optimizer().label(), ratesBy(mine, o.learningRates(), r -> r.lr())));
            long diverged = mine.stream().filter(GridRun::diverged).count();
            t.append(diverged > 0 ? String.format(Locale.ROOT, " (%d runs diverged). ", diverged) : ". ");
        }
        List<String> bounded = new ArrayList<>();
        for (GridPanel p : panels) {
            double d = CorrelationMap.trainableDepth(p.activation(), p.runs().get(0).sigmaW2(), 0);
            if (Double.isFinite(d)) bounded.add(p.name() + " " + Labels.compact(d));
        }
        t.append(bounded.isEmpty()
                ? "Mean field: every panel is at its critical σ_w² (χ_1 = 1, zero biases), where the correlation depth scale ξ_c is infinite, so the "
                        + "trainable depth 6 ξ_c (Schoenholz et al. 2017) bounds no depth here; where success falls with depth, the cause is one the "
                        + "mean field does not see: finite width (the VNI grows as L/N) or the optimizer. "
                : "Mean field: the trainable depth 6 ξ_c (Schoenholz et al. 2017) is " + String.join(", ", bounded) + " layers. ");
        double bestRate = panels.stream().mapToDouble(p -> GridPanel.successRate(p.runs())).max().orElseThrow();
        List<String> best = panels.stream().filter(p -> GridPanel.successRate(p.runs()) == bestRate).map(GridPanel::name).toList();
        t.append(String.format(Locale.ROOT, "The most successful panel%s: %s (%s). ", best.size() > 1 ? "s, tied" : "", String.join("; ", best), percent(bestRate)));
        List<GridRun> lost = all.stream().filter(r -> !r.success() && !r.diverged()).toList();
        long collapsed = lost.stream().filter(GridRun::failedCollapsed).count(), high = lost.stream().filter(r -> r.vniEnd() > 0.9).count();
        t.append(String.format(Locale.ROOT, "The median output-layer VNI at the end is %s in runs that succeeded and %s in runs that failed without diverging; ",
                Labels.compact(GridPanel.median(all.stream().filter(GridRun::success).toList(), GridRun::vniEnd)), Labels.compact(GridPanel.median(lost, GridRun::vniEnd))));
        if (collapsed == 0) {
            t.append(String.format(Locale.ROOT, "of those %d, %d ended above 0.9. ", lost.size(), high));
        } else {
            t.append(Collapse.sentence(String.format(Locale.ROOT, "of those %d, %d ended above 0.9 and %d collapsed", lost.size(), high, collapsed),
                    String.format(Locale.ROOT, "the collapsed runs (%s) are counted apart from the median, and %d of the %d ended above 0.9 or collapsed",
                            collapsedByDepth(lost), high + collapsed, lost.size()))).append(' ');
        }
        long collapsedInit = all.stream().filter(GridRun::collapsedInit).count();
        if (collapsedInit > 0) {
            t.append(Collapse.sentence(collapsedInit + " of the " + all.size() + " networks had collapsed already at initialisation",
                    "they are counted apart from the VNI at initialisation")).append(' ');
        }
        List<GridRun> diverged = all.stream().filter(GridRun::diverged).toList();
        if (!diverged.isEmpty()) {
            GridRun d = diverged.get(0);
            t.append(String.format(Locale.ROOT, "%d of %d runs diverged; the first, %s, depth %d, lr %s, run %d: %s. ", diverged.size(), all.size(),
                    d.optimizer().label() + ", " + Labels.display(d.activation()) + ", " + Labels.display(d.scheme()), d.depth(), Labels.compact(d.lr()), d.run(), d.message().replaceFirst("^training diverged: ", "")));
        }
        t.append("The paper reports failures where depth and learning rate are both large, failed runs with a VNI near 1, and orthogonal tanh "
                + "networks (whose predicted VNI stays at 1/N) as the most trainable; the numbers above say how far this grid agrees.");
        int[] depths = settings.depths();
        int deep = depths[depths.length - 1];
        if (deep < 25 || settings.maxEpochs() < 100) {
            t.append(" This is a small grid (depths up to ").append(deep).append(", ").append(settings.maxEpochs())
                    .append(" epochs): it checks the machinery and the direction of the effects, not the paper's figure.");
        }
        return t.toString();
    }

    /** "depth 20: 3, depth 36: 1" for the collapsed runs among these, by depth. */
    private static String collapsedByDepth(List<GridRun> runs) {
        java.util.Map<Integer, Long> byDepth = new java.util.TreeMap<>();
        for (GridRun r : runs) if (r.failedCollapsed()) byDepth.merge(r.depth(), 1L, Long::sum);
        List<String> parts = new ArrayList<>();
        byDepth.forEach((depth, k) -> parts.add("depth " + depth + ": " + k));
        return String.join(", ", parts);
    }

    /** "v1: p1%, v2: p2%, ..." for the values of one parameter. */
    private static String ratesBy(List<GridRun> runs, double[] values, ToDoubleFunction<GridRun> parameter) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            List<GridRun> here = runs.stream().filter(r -> parameter.applyAsDouble(r) == v).toList();
            if (!here.isEmpty()) parts.add(Labels.compact(v) + ": " + percent(GridPanel.successRate(here)));
        }
        return String.join(", ", parts);
    }
}
