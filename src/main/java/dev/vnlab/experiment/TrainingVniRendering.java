package dev.vnlab.experiment;

import dev.vnlab.experiment.TrainingVni.Settings;
import dev.vnlab.nn.Trainer;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Marker;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The outputs of {@link TrainingVni}: from the cells' records alone (as returned by
 * {@link TrainingVni#run} or parsed back from JSON) it writes summary.json, the CSV tables
 * (training-vni-lr.csv, training-vni.csv, training-vni-layers.csv, training-vni-runs.csv), the
 * SVG/PNG plots (training-vni, training-vni-layers, training-accuracy) and report.md, and returns
 * the console table.
 */
record TrainingVniRendering(Settings settings) {
    /**
     * Writes training-vni-lr.csv (the console table: per learning rate the quartiles of the final
     * VNI and the median accuracies), training-vni.csv (quartiles per learning rate and epoch), training-vni-layers.csv
     * (every hidden layer's median VNI at initialisation and at the end), training-vni-runs.csv
     * (one row per run), the figures training-vni (the paper's: output-layer VNI per epoch,
     * median and quartile band per learning rate), training-vni-layers and training-accuracy,
     * and report.md with a reading of the numbers.
     *
     * @param results the records of the cells ({@link TrainingVni#run}), in any order, as returned or as parsed back from JSON
     * @return the report, the per-learning-rate table (the results of summary.json) and the console table
     * @throws IllegalArgumentException if a record is malformed or of another learning rate than the settings'
     */
    Rendering render(List<Map<String, Object>> results, OutputDir out) throws IOException {
        List<LearningRateGroup> groups = LearningRateGroup.of(settings, results);
        int epochs = settings.epochs();
        boolean tested = settings.testImages() > 0;
        List<String> epochColumns = new ArrayList<>(List.of("lr", "epoch", "runs", "collapsed", "output_vni_q25", "output_vni_median", "output_vni_q75",
                "train_loss_median", "train_accuracy_median", "test_accuracy_median"));
        List<String> layerColumns = new ArrayList<>(List.of("lr", "layer", "vni_init_median", "vni_final_median", "collapsed_init", "collapsed_final"));
        for (String key : TrainingVni.DIAGNOSTICS.keySet()) { // layer_X: the output layer's X per epoch, every layer's at the start and the end
            String name = key.substring("layer_".length());
            epochColumns.add("output_" + name + "_median");
            layerColumns.add(name + "_init_median");
            layerColumns.add(name + "_final_median");
        }
        Table perEpoch = new Table(epochColumns);
        Table perLayer = new Table(layerColumns);
        Table perRun = new Table("lr", "run", "status", "epochs", "output_vni_init", "output_vni_final", "output_vni_max",
                "train_accuracy_final", "test_accuracy_final", "seconds");
        Table perLr = new Table("lr", "runs", "diverged", "collapsed", "output_vni_init_median", "output_vni_end_q25", "output_vni_end_median", "output_vni_end_q75",
                "output_vni_max_median", "train_accuracy_final_median", "test_accuracy_final_median");
        Table shown = new Table("lr", "runs", "diverged", "collapsed", "VNI init", "VNI end q25", "VNI end median", "VNI end q75", "VNI max median",
                "train acc", "test acc");
        Plot vniPlot = new Plot("Output-layer VNI during training (depth " + settings.depth() + ", width " + settings.width() + ")")
                .xLabel("epoch").yLabel("VNI of the last hidden layer");
        Plot accuracyPlot = new Plot("Accuracy during training (depth " + settings.depth() + ", width " + settings.width() + ")")
                .xLabel("epoch").yLabel(tested ? "test accuracy" : "training accuracy (over the epoch)").xRange(0, epochs);
        Plot layerPlot = new Plot("VNI of every hidden layer, median over runs").xLabel("hidden layer").yLabel("VNI");
        double[] epochAxis = IntStream.rangeClosed(0, epochs).asDoubleStream().toArray();
        for (int g = 0; g < groups.size(); g++) {
            LearningRateGroup group = groups.get(g);
            RunStatistics.Band vni = RunStatistics.Band.of(epochs + 1, e -> group.each(r -> r.vni(e)));
            RunStatistics.Band accuracy = RunStatistics.Band.of(epochs + 1, e -> group.each(r -> TrainingRun.at(tested ? r.testAccuracy() : r.trainAccuracy(), e)));
            for (int e = 0; e <= epochs; e++) {
                final int epoch = e;
                List<Object> row = new ArrayList<>(List.of(group.lr(), e, RunStatistics.count(group.each(r -> r.vni(epoch))),
                        (int) group.runs().stream().filter(r -> r.outputCollapsed(epoch)).count(), vni.q25()[e], vni.median()[e], vni.q75()[e],
                        group.median(r -> TrainingRun.at(r.trainLoss(), epoch)), group.median(r -> TrainingRun.at(r.trainAccuracy(), epoch)),
                        group.median(r -> TrainingRun.at(r.testAccuracy(), epoch))));
                for (String key : TrainingVni.DIAGNOSTICS.keySet()) row.add(group.median(r -> r.diagnostic(key, epoch, -1)));
                perEpoch.add(row.toArray());
            }
            String name = "lr = " + Labels.compact(group.lr());
            Color color = Plot.PALETTE.get(g % Plot.PALETTE.size());
            vniPlot.add(Series.of(name + ": median, 25-75% band", epochAxis, vni.median()).band(vni.q25(), vni.q75()).marker(Marker.CIRCLE).color(color));
            if (accuracy.any()) {
                accuracyPlot.add(Series.of(name + ": median, 25-75% band", epochAxis, accuracy.median()).band(accuracy.q25(), accuracy.q75())
                        .marker(Marker.CIRCLE).color(color));
            }
            addLayers(group, g == 0, color, perLayer, layerPlot);
            for (TrainingRun r : group.runs()) {
                perRun.add(group.lr(), r.run(), r.shownStatus(), r.epochs(), r.vni(0), r.finalVni(), r.maxVni(), TrainingRun.last(r.trainAccuracy()),
                        TrainingRun.last(r.testAccuracy()), r.seconds());
            }
            double[] end = RunStatistics.quartiles(group.each(TrainingRun::finalVni));
            Object[] row = {group.lr(), group.runs().size(), group.diverged(), group.collapsed(), group.median(r -> r.vni(0)), end[0], end[1], end[2],
                    group.median(TrainingRun::maxVni), group.median(r -> TrainingRun.last(r.trainAccuracy())), group.median(r -> TrainingRun.last(r.testAccuracy()))};
            perLr.add(row);
            row[0] = Labels.compact(group.lr());
            shown.add(row);
        }
        out.writeCsv("training-vni-lr.csv", perLr);
        out.writeCsv("training-vni.csv", perEpoch);
        out.writeCsv("training-vni-layers.csv", perLayer);
        out.writeCsv("training-vni-runs.csv", perRun);
        out.writeFigure("training-vni", vniPlot);
        out.writeFigure("training-vni-layers", layerPlot);
        boolean accuracyShown = !accuracyPlot.series().isEmpty();
        if (accuracyShown) out.writeFigure("training-accuracy", accuracyPlot);

        Report report = new Report("VNI during training (Section 3.2)").paragraph(setup()).table(shown)
                .paragraph("Columns: lr the SGD learning rate; runs; diverged: runs stopped at " + Trainer.DIVERGENCE_RULE + "; collapsed: runs whose "
                        + "output layer ended collapsed (" + Collapse.MEANING + "), counted apart from the VNI columns; VNI init: the median over runs "
                        + "of the output-layer (last hidden layer) VNI at initialisation; VNI end q25/median/q75: its quartiles after the last epoch a run completed; "
                        + "VNI max median: the median over runs of each run's largest VNI; train acc: the median final training accuracy (averaged over the last "
                        + "epoch's batches as they were seen); test acc: the median final test accuracy. Exactly in training-vni-lr.csv; every run in training-vni-runs.csv, "
                        + "whose status is completed, diverged or collapsed.")
                .paragraph("training-vni.csv (the output layer, per epoch) and training-vni-layers.csv (every hidden layer, at initialisation and after the "
                        + "last epoch) also hold, as medians over runs, what `./vnlab inspect` reads of a trained network's layer: participation ratio, entropy "
                        + "effective rank, redundant node pairs (|ρ| > 0.9 and 0.99), dead and saturated fractions, linear CKA with the layer before, and the "
                        + "weights' own σ_w², σ_b² and stable rank.")
                .figure("Output-layer VNI per epoch: median over runs, band from the 25th to the 75th percentile", "training-vni")
                .figure("VNI of every hidden layer: median over runs at initialisation (dashed) and after the last epoch", "training-vni-layers");
        if (accuracyShown) report.figure((tested ? "Test" : "Training") + " accuracy per epoch: median and 25-75% band over runs", "training-accuracy");
        report.section("Reading").paragraph(reading(groups));
        out.writeReport(report);
        return new Rendering(report, perLr, shown.toConsole());
    }

    /** Every hidden layer's median VNI at initialisation and at the end: rows of the table and lines of the plot (initialisation once, it is shared). */
    private void addLayers(LearningRateGroup group, boolean first, Color color, Table perLayer, Plot plot) {
        double[] layerAxis = IntStream.rangeClosed(1, settings.depth()).asDoubleStream().toArray();
        double[] atInit = new double[settings.depth()], atEnd = new double[settings.depth()];
        for (int l = 0; l < settings.depth(); l++) {
            final int layer = l;
            atInit[l] = group.median(r -> r.layerVni()[0][layer]);
            atEnd[l] = group.median(r -> r.layerVni()[r.layerVni().length - 1][layer]);
            List<Object> row = new ArrayList<>(List.of(group.lr(), l + 1, atInit[l], atEnd[l], (int) group.runs().stream().filter(r -> r.collapsed(0, layer)).count(),
                    (int) group.runs().stream().filter(r -> r.collapsed(r.layerVni().length - 1, layer)).count()));
            for (String key : TrainingVni.DIAGNOSTICS.keySet()) {
                row.add(group.median(r -> r.diagnostic(key, 0, layer)));
                row.add(group.median(r -> r.diagnostic(key, r.layerVni().length - 1, layer)));
            }
            perLayer.add(row.toArray());
        }
        if (first) plot.add(Series.of("initialisation (every lr: same networks)", layerAxis, atInit).dash(Dash.DASHED).color(Plot.PALETTE.get(7)));
        if (Arrays.stream(atEnd).anyMatch(v -> !Double.isNaN(v))) plot.add(Series.of("lr = " + Labels.compact(group.lr()) + ": after the last epoch", layerAxis, atEnd).color(color));
    }

    private String setup() {
        return String.format(Locale.ROOT, "A %s MLP of depth L = %d and width N = %d, %s weights with sigma_w^2 = %s and sigma_b^2 = %s "
                        + "(the linear output layer too), trained with SGD (batch %d, constant learning rate, softmax cross-entropy) for %d epochs on the first %d "
                        + "training images of %s%s. After every epoch the VNI of every hidden layer is measured over the first %d training images "
                        + "(the estimate is biased upward by about 1/M = %s). Runs per learning rate: %d; run k starts from the same network and sees the "
                        + "same batches at every learning rate. Seed %d.",
                Labels.display(settings.activation()), settings.depth(), settings.width(), Labels.display(settings.init().scheme()), Labels.compact(settings.init().sigmaW2()),
                Labels.compact(settings.init().sigmaB2()), settings.batch(), settings.epochs(), settings.trainImages(), TrainingData.describe(settings.data()),
                settings.testImages() > 0 ? ", tested on its first " + settings.testImages() + " test images" : "", settings.probeImages(),
                Labels.compact(1.0 / settings.probeImages()), settings.runs(), settings.seed());
    }

    /** One paragraph of what the numbers show, set against the paper's description. */
    private String reading(List<LearningRateGroup> groups) {
        StringBuilder t = new StringBuilder();
        double initVni = groups.get(0).median(r -> r.vni(0));
        t.append(String.format(Locale.ROOT, "At initialisation the median output-layer VNI is %s (1/N = %s). ", Labels.compact(initVni),
                Labels.compact(1.0 / settings.width())));
        LearningRateGroup highest = null;
        double highestEnd = Double.NEGATIVE_INFINITY;
        int roseAndFell = 0;
        for (LearningRateGroup g : groups) {
            double end = g.median(TrainingRun::finalVni), max = g.median(TrainingRun::maxVni);
            long nearOne = g.runs().stream().filter(r -> r.maxVni() > 0.9).count();
            double acc = g.median(r -> TrainingRun.last(settings.testImages() > 0 ? r.testAccuracy() : r.trainAccuracy()));
            t.append(String.format(Locale.ROOT, "At lr = %s the median VNI ends at %s (its runs' maxima have median %s; %d of %d runs passed 0.9%s), "
                            + "median final %s accuracy %s. ", Labels.compact(g.lr()), Labels.compact(end), Labels.compact(max), nearOne, g.runs().size(),
                    (g.diverged() > 0 ? ", " + g.diverged() + " diverged" : "") + (g.collapsed() > 0 ? ", " + g.collapsed() + " collapsed" : ""),
                    settings.testImages() > 0 ? "test" : "training", Labels.compact(acc)));
            if (end > highestEnd) {
                highestEnd = end;
                highest = g;
            }
            if (max > end && end > initVni) roseAndFell++;
        }
        if (groups.size() > 1 && highest != null) {
            t.append(String.format(Locale.ROOT, "The VNI ends highest at lr = %s%s. ", Labels.compact(highest.lr()),
                    highest == groups.get(groups.size() - 1) ? ", the largest learning rate" : ", which is not the largest learning rate"));
        }
        List<String> collapsed = new ArrayList<>();
        for (LearningRateGroup g : groups) if (g.collapsed() > 0) collapsed.add(g.collapsed() + " of " + g.runs().size() + " at lr = " + Labels.compact(g.lr()));
        if (!collapsed.isEmpty()) {
            t.append(Collapse.sentence("Runs whose output layer ended collapsed: " + String.join(", ", collapsed),
                    "they are counted apart, not in the quartiles of the VNI at the end")).append(' ');
        }
        List<String> diverged = new ArrayList<>();
        for (LearningRateGroup g : groups) for (TrainingRun r : g.runs()) if (r.diverged()) diverged.add("lr = " + Labels.compact(g.lr()) + ", run " + r.run() + ": " + r.message().replaceFirst("^training diverged: ", ""));
        if (!diverged.isEmpty()) {
            int shown = Math.min(3, diverged.size());
            t.append(diverged.size()).append(diverged.size() == 1 ? " run diverged: " : " runs diverged: ").append(String.join("; ", diverged.subList(0, shown)))
                    .append(shown < diverged.size() ? "; and " + (diverged.size() - shown) + " more (training-vni-runs.csv)" : "").append(". ");
        }
        t.append(String.format(Locale.ROOT, "The thesis describes the VNI rising at first and settling above its initial value, and rising to near 1 at "
                + "lr = 1e-2; here the median rose and then fell back to a value above its initial one at %d of %d learning rates. ", roseAndFell, groups.size()));
        List<String> changes = new ArrayList<>();
        for (LearningRateGroup g : groups) {
            double pr0 = g.median(r -> r.diagnostic("layer_participation_ratio", 0, -1)), pr1 = g.median(r -> r.diagnostic("layer_participation_ratio", r.layerVni().length - 1, -1));
            double sr0 = g.median(r -> r.diagnostic("layer_stable_rank", 0, -1)), sr1 = g.median(r -> r.diagnostic("layer_stable_rank", r.layerVni().length - 1, -1));
            if (Double.isNaN(pr0)) continue; // records written before the diagnostics
            changes.add(String.format(Locale.ROOT, "lr = %s: participation ratio %s to %s, stable rank of its weights %s to %s", Labels.compact(g.lr()),
                    Labels.compact(pr0), Labels.compact(pr1), Labels.compact(sr0), Labels.compact(sr1)));
        }
        if (!changes.isEmpty()) {
            t.append("The output layer from initialisation to the last epoch (medians; every diagnostic per epoch in training-vni.csv): ")
                    .append(String.join("; ", changes)).append(". ");
        }
        if (settings.epochs() < 10 || settings.depth() < 100) {
            t.append("These are the settings of a quick check (depth ").append(settings.depth()).append(", ").append(settings.epochs())
                    .append(" epochs), not the paper's depth 100 over many epochs, so they show the measurement working rather than the paper's curves.");
        }
        return t.toString().strip();
    }
}
