package dev.vnlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.Blas;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.parallel.Workers;
import dev.vnlab.report.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingGridTest {
    /** A tiny grid on the first 100 Fashion-MNIST training images: width 32, batch 50. */
    private static TrainingGrid.Settings tiny(Path data, int[] depths, List<Activation> activations, List<Init.Scheme> schemes,
                                              List<OptimizerRates> optimizers, int runs, int epochs) {
        return new TrainingGrid.Settings(data, 100, 50, depths, 32, activations, schemes, optimizers, runs, epochs, 0.9, 50, 3);
    }

    private static List<OptimizerRates> rates(OptimizerKind k, double... lrs) {
        return List.of(new OptimizerRates(k, lrs));
    }

    @Test
    void settingsNameTheBadValue() {
        TrainingGrid.Settings q = TrainingGrid.Settings.quick();
        assertThatThrownBy(() -> new TrainingGrid.Settings(q.data(), 2000, 500, q.depths(), 64, q.activations(), q.schemes(), q.optimizers(), 2, 10, 1.5, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--target-accuracy 1.5 is invalid; expected a fraction in (0, 1]");
        assertThatThrownBy(() -> new TrainingGrid.Settings(q.data(), 50, 20, q.depths(), 64, q.activations(), q.schemes(), q.optimizers(), 2, 10, 0.9, 100, 1))
                .hasMessage("--train-images 50 is invalid; expected at least --batch 100");
        assertThatThrownBy(() -> new TrainingGrid.Settings(q.data(), 2000, 3000, q.depths(), 64, q.activations(), q.schemes(), q.optimizers(), 2, 10, 0.9, 100, 1))
                .hasMessage("--probe-images 3000 is invalid; expected 2 to --train-images 2000");
        assertThatThrownBy(() -> new TrainingGrid.Settings(q.data(), 2000, 500, new int[] {10, 10}, 64, q.activations(), q.schemes(), q.optimizers(), 2, 10, 0.9, 100, 1))
                .hasMessage("--depths: depth 10 repeats; expected distinct depths");
        assertThatThrownBy(() -> new TrainingGrid.Settings(q.data(), 2000, 500, q.depths(), 64, List.of(Activation.TANH, Activation.TANH), q.schemes(),
                q.optimizers(), 2, 10, 0.9, 100, 1)).hasMessage("--activations names tanh twice; expected distinct names");
        assertThatThrownBy(() -> new OptimizerRates(OptimizerKind.ADAM, new double[] {1e-3, Double.NaN}))
                .hasMessage("--lr-adam [0.001, NaN] holds NaN; expected finite values > 0");
        assertThatThrownBy(() -> q.withOptimizers(List.of(new OptimizerRates(OptimizerKind.SGD, new double[] {0.1}),
                new OptimizerRates(OptimizerKind.SGD, new double[] {0.2})))).hasMessage("--optimizers names sgd twice; expected distinct names");
    }

    @Test
    void thePaperPresetIsFigure51AndItsSupplementary() {
        TrainingGrid.Settings p = TrainingGrid.Settings.paper();
        assertThat(p.depths()).containsExactly(25, 36, 53, 77, 112, 163, 236, 344, 500);
        assertThat(p.width()).isEqualTo(500);
        assertThat(p.batch()).isEqualTo(100);
        assertThat(p.runs()).isEqualTo(20);
        assertThat(p.maxEpochs()).isEqualTo(100);
        assertThat(p.targetAccuracy()).isEqualTo(0.9);
        assertThat(p.activations()).containsExactly(Activation.TANH, Activation.RELU);
        assertThat(p.schemes()).containsExactly(Init.Scheme.GAUSSIAN, Init.Scheme.ORTHOGONAL);
        assertThat(p.optimizers()).extracting(OptimizerRates::optimizer)
                .containsExactly(OptimizerKind.SGD, OptimizerKind.MOMENTUM, OptimizerKind.ADAM, OptimizerKind.RMSPROP);
        assertThat(p.optimizers().get(0).learningRates()).hasSize(9).startsWith(1e-4).endsWith(1e-2).contains(1e-3);
        assertThat(p.optimizers().get(1).learningRates()).startsWith(3.162e-5).endsWith(3.162e-3);
        assertThat(p.optimizers().get(2).learningRates()).startsWith(1e-6).endsWith(1e-4);
        GridCell cell = new GridCell(OptimizerKind.SGD, Activation.RELU, Init.Scheme.ORTHOGONAL, 25, 1e-4, 3);
        assertThat(cell.key()).isEqualTo("optimizer=sgd,activation=relu,init=orthogonal,depth=25,lr=0.0001,run=3");
        assertThat(cell.init().sigmaW2()).as("critical ReLU").isEqualTo(2.0);
        assertThat(new TrainingGrid(p).cells()).hasSize(4 * 2 * 2 * 9 * 9 * 20);
    }

    @Test
    void aLearnableCellSucceedsEarlyAndADivergingOneFailsWithTheDivergenceRecorded() throws Exception {
        Path data = ExperimentChecks.fashionMnist();
        TrainingGrid easy = new TrainingGrid(tiny(data, new int[] {2}, List.of(Activation.TANH), List.of(Init.Scheme.GAUSSIAN), rates(OptimizerKind.ADAM, 0.01), 1, 30));
        GridCell cell = easy.cells().get(0);
        Map<String, Object> r = ExperimentChecks.sameOnOneAndTwoThreads(blas -> easy.run(cell, blas));
        assertThat(r.get("success")).isEqualTo(true);
        assertThat(r.get("status")).isEqualTo("target-reached");
        assertThat(r.get("diverged")).isEqualTo(false);
        int epochs = (int) r.get("epochs");
        assertThat(epochs).isBetween(1, 29);
        assertThat((double[]) r.get("train_accuracy")).hasSize(epochs).endsWith((double) r.get("final_train_accuracy"));
        assertThat((double) r.get("final_train_accuracy")).isGreaterThanOrEqualTo(0.9);
        assertThat((double[]) r.get("output_vni")).hasSize(epochs + 1).startsWith((double) r.get("vni_init")).endsWith((double) r.get("vni_end"));

        TrainingGrid wild = new TrainingGrid(tiny(data, new int[] {5}, List.of(Activation.RELU), List.of(Init.Scheme.GAUSSIAN), rates(OptimizerKind.SGD, 1e3), 1, 5));
        Map<String, Object> d;
        try (Workers w = Workers.of(1)) {
            d = wild.run(wild.cells().get(0), Blas.on(w));
        }
        assertThat(d.get("success")).isEqualTo(false);
        assertThat(d.get("diverged")).isEqualTo(true);
        assertThat(d.get("status")).isEqualTo("diverged");
        assertThat((String) d.get("message")).contains("training diverged");
        assertThat((double[]) d.get("output_vni")).as("measured up to the last finite epoch").hasSize((int) d.get("epochs") + 1);
    }

    @Test
    void renderWritesTheHeatmapTablesAndAReading(@TempDir Path dir) throws Exception {
        Path data = ExperimentChecks.fashionMnist();
        TrainingGrid.Settings s = tiny(data, new int[] {1, 2}, List.of(Activation.TANH), List.of(Init.Scheme.GAUSSIAN, Init.Scheme.ORTHOGONAL),
                rates(OptimizerKind.SGD, 0.1, 1000), 1, 2);
        TrainingGrid grid = new TrainingGrid(s);
        List<Map<String, Object>> records = ExperimentChecks.runAll(grid);
        Rendering r = grid.render(ExperimentChecks.asParsed(records), OutputDir.create(dir));
        ExperimentChecks.csv(dir, "grid.csv", "optimizer,activation,init,sigma_w2,depth,lr,runs,successes,success_probability,diverged,"
                + "collapsed,epochs_to_success_median,vni_init_median,vni_end_median_success,vni_end_median_failure,final_train_accuracy_median", 8);
        ExperimentChecks.csv(dir, "grid-runs.csv", "optimizer,activation,init,depth,lr,run,status,success,epochs,final_train_accuracy,vni_init,vni_end,seconds", 8);
        String heatmap = ExperimentChecks.figure(dir, "grid-sgd");
        assertThat(heatmap).contains("tanh, Gaussian, σw² = 1", "tanh, orthogonal", "learning rate", "depth L", "0.1", "1000", "P(success)");
        ExperimentChecks.figure(dir, "grid-vni");
        long successes = records.stream().filter(m -> (boolean) m.get("success")).count();
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).isEqualTo(r.report().toMarkdown()).contains(successes + " of 8 runs succeeded").contains("| depth | lr 0.1 | lr 1000 |");
        assertThat(r.console()).contains("sgd", "tanh", "orthogonal");
    }

    @Test
    void failedRunsAboveAVniOf09CountTheCollapsedOnesApartAndDivergedRunsAreNamedWithTheirReason(@TempDir Path dir) throws Exception {
        Path data = ExperimentChecks.fashionMnist();
        TrainingGrid.Settings s = tiny(data, new int[] {1, 2}, List.of(Activation.TANH), List.of(Init.Scheme.GAUSSIAN, Init.Scheme.ORTHOGONAL),
                rates(OptimizerKind.SGD, 0.1, 1000), 1, 2);
        TrainingGrid grid = new TrainingGrid(s);
        List<Map<String, Object>> records = ExperimentChecks.runAll(grid);
        records = new ArrayList<>(ExperimentChecks.asParsed(records));
        List<Map<String, Object>> failed = records.stream().filter(m -> !(boolean) m.get("success") && !(boolean) m.get("diverged")).toList();
        List<Map<String, Object>> diverged = records.stream().filter(m -> (boolean) m.get("diverged")).toList();
        assertThat(failed).as("lr 0.1 does not reach 90% in 2 epochs").hasSizeGreaterThanOrEqualTo(3);
        assertThat(diverged).as("lr 1000 diverges").isNotEmpty();
        failed.get(0).put("vni_end", 0.95);
        failed.get(1).put("vni_end", null); // collapsed: a run that did not diverge has a finite network, whose VNI is undefined only then
        failed.get(2).put("vni_end", 0.5);
        diverged.get(0).put("vni_end", null); // its last network need not be finite: not collapse
        long high = failed.stream().filter(m -> m.get("vni_end") != null && ((Number) m.get("vni_end")).doubleValue() > 0.9).count();

        grid.render(records, OutputDir.create(dir));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains(String.format("of those %d, %d ended above 0.9 and 1 collapsed (every node constant over the inputs: the VNI is undefined, "
                + "the extreme of vanishing nodes); the collapsed runs (depth %s: 1) are counted apart from the median, and %d of the %d ended above 0.9 or collapsed.",
                failed.size(), high, failed.get(1).get("depth"), high + 1, failed.size()));
        assertThat(md).contains("a run that diverges (a non-finite loss or gradient, or a batch loss over 1000 times the initial loss) is stopped")
                .contains(diverged.size() + " of 8 runs diverged; the first, SGD, tanh, ");
        List<List<String>> runs = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("grid-runs.csv")));
        assertThat(runs.stream().filter(row -> row.get(6).equals("collapsed")).count()).isEqualTo(1);
        assertThat(runs.stream().filter(row -> row.get(6).equals("diverged")).count()).isEqualTo(diverged.size());
        List<List<String>> panels = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("grid-panels.csv")));
        int column = panels.get(0).indexOf("collapsed");
        assertThat(panels.subList(1, panels.size()).stream().mapToInt(row -> Integer.parseInt(row.get(column))).sum()).isEqualTo(1);
        // every panel is at its critical sigma_w^2 with zero biases: xi_c is infinite, so the mean field bounds no depth
        int trainable = panels.get(0).indexOf("trainable_depth_6_xi_c");
        for (List<String> row : panels.subList(1, panels.size())) assertThat(Double.parseDouble(row.get(trainable))).isInfinite();
        assertThat(md).contains("the trainable depth 6 ξ_c (Schoenholz et al. 2017) bounds no depth here");
    }
}
