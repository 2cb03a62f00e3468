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

class TrainingVniTest {
    private static final Init CRITICAL = new Init(Init.Scheme.GAUSSIAN, 1, 0);

    /** Depth 3, width 16, on the first 200 Fashion-MNIST training images, 2 epochs of batch 50. */
    private static TrainingVni.Settings tiny(Path data, double[] lrs, int runs) {
        return new TrainingVni.Settings(data, 200, 100, 100, 3, 16, Activation.TANH, CRITICAL, lrs, runs, 2, 50, 5);
    }

    @Test
    void settingsNameTheBadValue() {
        Path d = Path.of("data");
        assertThatThrownBy(() -> new TrainingVni.Settings(d, 200, 100, 100, 0, 16, Activation.TANH, CRITICAL, new double[] {0.1}, 1, 1, 50, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--depth 0 is invalid; expected 1 to 100000");
        assertThatThrownBy(() -> new TrainingVni.Settings(d, 200, 100, 300, 3, 16, Activation.TANH, CRITICAL, new double[] {0.1}, 1, 1, 50, 1))
                .hasMessage("--probe-images 300 is invalid; expected 2 to --train-images 200");
        assertThatThrownBy(() -> new TrainingVni.Settings(d, 200, 100, 100, 3, 16, Activation.TANH, CRITICAL, new double[] {0.1, 0.01}, 1, 1, 50, 1))
                .hasMessage("--learning-rates [0.1, 0.01] is not strictly ascending; expected distinct values in increasing order");
        assertThatThrownBy(() -> new TrainingVni.Settings(d, 200, 100, 100, 3, 16, Activation.TANH, CRITICAL, new double[0], 1, 1, 50, 1))
                .hasMessage("--learning-rates is empty; expected at least one value");
        assertThatThrownBy(() -> new TrainingVni.Settings(d, 200, -1, 100, 3, 16, Activation.TANH, CRITICAL, new double[] {0.1}, 1, 1, 50, 1))
                .hasMessage("--test-images -1 is invalid; expected at least 0");
        assertThatThrownBy(() -> new TrainingVni.Settings(d, 200, 100, 100, 3, 16, Activation.TANH, CRITICAL, new double[] {0.1}, 1, 0, 50, 1))
                .hasMessage("--epochs 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> new TrainingVni.Settings(null, 200, 100, 100, 3, 16, Activation.TANH, CRITICAL, new double[] {0.1}, 1, 1, 50, 1))
                .hasMessage("--data is missing; expected a directory of MNIST-style IDX files");
    }

    @Test
    void thePaperPresetIsSection32() {
        TrainingVni.Settings p = TrainingVni.Settings.paper();
        assertThat(p.depth()).isEqualTo(100);
        assertThat(p.width()).isEqualTo(500);
        assertThat(p.activation()).isEqualTo(Activation.TANH);
        assertThat(p.init()).isEqualTo(CRITICAL);
        assertThat(p.batch()).isEqualTo(100);
        assertThat(p.learningRates()).containsExactly(1e-4, 1e-3, 1e-2);
        assertThat(p.runs()).isEqualTo(20);
        List<TrainingVni.Params> cells = new TrainingVni(p).cells();
        assertThat(cells).hasSize(60);
        assertThat(cells.get(0).key()).isEqualTo("lr=0.0001,run=0");
        assertThat(cells.get(59).key()).isEqualTo("lr=0.01,run=19");
        assertThat(TrainingVni.Settings.SCHEMA.config(p)).containsEntry("sigma_w2", 1.0).containsEntry("runs", 20);
    }

    @Test
    void aCellIsTheSameBitsAgainAndOnTwoThreads() throws Exception {
        TrainingVni e = new TrainingVni(tiny(ExperimentChecks.fashionMnist(), new double[] {0.1}, 1));
        Map<String, Object> r = ExperimentChecks.sameOnOneAndTwoThreads(blas -> e.run(e.cells().get(0), blas));
        assertThat(r.get("status")).isEqualTo("completed");
        assertThat(r.get("epochs")).isEqualTo(2);
        assertThat((double[]) r.get("test_accuracy")).hasSize(2);
        double[] vni = (double[]) r.get("output_vni");
        @SuppressWarnings("unchecked")
        List<double[]> layers = (List<double[]>) r.get("layer_vni");
        assertThat(vni).hasSize(3);
        assertThat(layers).hasSize(3).allSatisfy(l -> assertThat(l).hasSize(3));
        assertThat(layers.get(2)[2]).as("the output layer is the last hidden one").isEqualTo(vni[2]);
        assertThat(java.util.Arrays.stream(vni)).allSatisfy(v -> assertThat(v).isBetween(1 / 16.0, 1.0));
        for (String key : TrainingVni.DIAGNOSTICS.keySet()) {
            @SuppressWarnings("unchecked")
            List<double[]> perMoment = (List<double[]>) r.get(key);
            assertThat(perMoment).as(key).hasSize(3).allSatisfy(l -> assertThat(l).hasSize(3));
        }
        @SuppressWarnings("unchecked")
        List<double[]> pr = (List<double[]>) r.get("layer_participation_ratio");
        for (int m = 0; m < 3; m++) for (int l = 0; l < 3; l++) assertThat(pr.get(m)[l]).isCloseTo(1 / layers.get(m)[l], org.assertj.core.api.Assertions.within(1e-12 * pr.get(m)[l])); // both of one covariance
    }

    @Test
    void renderWritesQuartilesFiguresAndAReadingWithTheNumbers(@TempDir Path dir) throws Exception {
        TrainingVni.Settings s = tiny(ExperimentChecks.fashionMnist(), new double[] {0.01, 0.1}, 2);
        TrainingVni e = new TrainingVni(s);
        List<Map<String, Object>> records = ExperimentChecks.runAll(e);
        Rendering r = e.render(ExperimentChecks.asParsed(records), OutputDir.create(dir));
        List<String> lines = ExperimentChecks.csv(dir, "training-vni.csv", "lr,epoch,runs,collapsed,output_vni_q25,output_vni_median,output_vni_q75,"
                + "train_loss_median,train_accuracy_median,test_accuracy_median,output_participation_ratio_median,output_effective_rank_median,"
                + "output_redundant_pairs_90_median,output_redundant_pairs_99_median,output_dead_fraction_median,output_saturated_fraction_median,"
                + "output_cka_with_previous_median,output_sigma_w2_median,output_sigma_b2_median,output_stable_rank_median", 2 * 3);
        double[] initial = {(double) ((double[]) records.get(0).get("output_vni"))[0], (double) ((double[]) records.get(1).get("output_vni"))[0]};
        assertThat(lines.get(1)).as("epoch 0 of lr 0.01: the median of the two runs' initial VNI")
                .startsWith("0.01,0,2,0,").contains("," + (initial[0] + initial[1]) / 2 + ",");
        ExperimentChecks.csv(dir, "training-vni-layers.csv", "lr,layer,vni_init_median,vni_final_median,collapsed_init,collapsed_final,"
                + "participation_ratio_init_median,participation_ratio_final_median,effective_rank_init_median,effective_rank_final_median,"
                + "redundant_pairs_90_init_median,redundant_pairs_90_final_median,redundant_pairs_99_init_median,redundant_pairs_99_final_median,"
                + "dead_fraction_init_median,dead_fraction_final_median,saturated_fraction_init_median,saturated_fraction_final_median,"
                + "cka_with_previous_init_median,cka_with_previous_final_median,sigma_w2_init_median,sigma_w2_final_median,sigma_b2_init_median,"
                + "sigma_b2_final_median,stable_rank_init_median,stable_rank_final_median", 2 * 3);
        ExperimentChecks.csv(dir, "training-vni-runs.csv", "lr,run,status,epochs,output_vni_init,output_vni_final,output_vni_max,train_accuracy_final,"
                + "test_accuracy_final,seconds", 4);
        assertThat(ExperimentChecks.figure(dir, "training-vni")).contains("lr = 0.01", "epoch");
        ExperimentChecks.figure(dir, "training-vni-layers");
        ExperimentChecks.figure(dir, "training-accuracy");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).isEqualTo(r.report().toMarkdown()).contains("## Reading", "Fashion-MNIST", "training-vni.png")
                .contains("median output-layer VNI is " + Labels.compact(RunStatistics.median(initial)))
                .contains("The output layer from initialisation to the last epoch (medians; every diagnostic per epoch in training-vni.csv): lr = 0.01: participation ratio ");
        assertThat(r.console()).contains("VNI end median").contains("0.01");
        assertThatThrownBy(() -> new TrainingVni(tiny(s.data(), new double[] {0.5}, 1)).render(records, OutputDir.create(dir.resolve("x"))))
                .hasMessage("cell record of learning rate 0.01 is not of these settings; expected one of [0.5]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCollapsedRunIsCountedApartAndADivergedOneIsCalledDivergedWithItsReason(@TempDir Path dir) throws Exception {
        TrainingVni.Settings s = tiny(ExperimentChecks.fashionMnist(), new double[] {0.01, 0.1}, 2);
        TrainingVni e = new TrainingVni(s);
        List<Map<String, Object>> records = ExperimentChecks.runAll(e);
        records = new ArrayList<>(ExperimentChecks.asParsed(records));
        // lr 0.01, run 1 completed with its output layer collapsed: an undefined VNI of a finite network.
        Map<String, Object> collapsed = records.get(1);
        List<Object> outputVni = (List<Object>) collapsed.get("output_vni");
        outputVni.set(outputVni.size() - 1, null);
        List<List<Object>> layers = (List<List<Object>>) collapsed.get("layer_vni");
        List<Object> lastMoment = layers.get(layers.size() - 1);
        lastMoment.set(lastMoment.size() - 1, null);
        // lr 0.1, run 1 diverged after its first epoch: no finite network to tell its last NaN by, so not collapse.
        Map<String, Object> diverged = records.get(3);
        diverged.put("status", "diverged");
        diverged.put("message", "training diverged: the loss reached 4321, over 1000 times its initial 2.302, in epoch 2, batch 3 (step 23); "
                + "the weights are no longer usable, try a smaller learning rate");
        List<Object> divergedVni = (List<Object>) diverged.get("output_vni");
        divergedVni.set(divergedVni.size() - 1, null);

        Rendering r = e.render(records, OutputDir.create(dir));
        List<List<String>> perLr = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("training-vni-lr.csv")));
        assertThat(perLr.get(0).subList(0, 4)).containsExactly("lr", "runs", "diverged", "collapsed");
        assertThat(perLr.get(1).subList(0, 4)).containsExactly("0.01", "2", "0", "1");
        assertThat(perLr.get(2).subList(0, 4)).containsExactly("0.1", "2", "1", "0");
        List<List<String>> runs = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("training-vni-runs.csv")));
        assertThat(runs.stream().map(row -> row.get(2)).toList()).containsExactly("status", "completed", "collapsed", "completed", "diverged");
        List<List<String>> layerRows = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("training-vni-layers.csv")));
        assertThat(layerRows.get(3).subList(0, 2)).containsExactly("0.01", "3");
        assertThat(layerRows.get(3).subList(4, 6)).as("layer 3 of lr 0.01: collapsed at the end only").containsExactly("0", "1");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("diverged: runs stopped at a non-finite loss or gradient, or a batch loss over 1000 times the initial loss")
                .contains("Runs whose output layer ended collapsed: 1 of 2 at lr = 0.01 (every node constant over the inputs: the VNI is undefined, the "
                        + "extreme of vanishing nodes); they are counted apart, not in the quartiles of the VNI at the end.")
                .contains("1 run diverged: lr = 0.1, run 1: the loss reached 4321, over 1000 times its initial 2.302, in epoch 2")
                .contains("1 diverged").contains("1 collapsed");
        assertThat(r.console()).contains("collapsed");
    }

    @Test
    void quartilesInterpolateAsNumpyAndSkipNaN() {
        assertThat(RunStatistics.quartiles(new double[] {4, 1, 3, 2})).containsExactly(1.75, 2.5, 3.25);
        assertThat(RunStatistics.quantile(new double[] {Double.NaN, 5}, 0.9)).isEqualTo(5);
        assertThat(RunStatistics.median(new double[] {Double.NaN})).isNaN();
        assertThat(RunStatistics.rate(new boolean[] {true, false, false, true})).isEqualTo(0.5);
        assertThat(Labels.logSpacedIntegers(25, 500, 3)).containsExactly(25, 112, 500);
        assertThat(Labels.compact(3.1622776e-4)).isEqualTo("3.16e-4");
        assertThat(Labels.exact(1e-4)).isEqualTo("0.0001");
    }
}
