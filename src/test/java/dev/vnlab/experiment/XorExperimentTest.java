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

class XorExperimentTest {
    private static XorExperiment.Settings settings(int[] depths, int[] widths, int runs, int steps) {
        return new XorExperiment.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, depths, widths, runs, steps, OptimizerKind.ADAM, 1e-3, 7);
    }

    @Test
    void settingsNameTheBadValue() {
        assertThatThrownBy(() -> settings(new int[] {2, 0}, new int[] {8}, 1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--depths: depth 0 is invalid; expected depths of at least 1");
        assertThatThrownBy(() -> settings(new int[] {5, 5}, new int[] {8}, 1, 10))
                .hasMessage("--depths: depth 5 repeats; expected distinct depths");
        assertThatThrownBy(() -> settings(new int[] {2}, new int[0], 1, 10)).hasMessage("--widths is empty; expected at least one width");
        assertThatThrownBy(() -> settings(new int[] {2}, new int[] {8}, 0, 10)).hasMessage("--runs 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> settings(new int[] {2}, new int[] {8}, 1, 0)).hasMessage("--steps 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> new XorExperiment.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new int[] {2}, new int[] {8}, 1, 1, OptimizerKind.SGD, -1, 1))
                .hasMessage("--learning-rate -1.0 is invalid; expected a finite value > 0");
        assertThatThrownBy(() -> OptimizerKind.parse("lbfgs")).hasMessage("optimizer 'lbfgs' is invalid; expected one of sgd, momentum, adam, rmsprop");
    }

    @Test
    void presetsAndCellKeys() {
        XorExperiment.Settings p = XorExperiment.Settings.paper();
        assertThat(p.activation()).isEqualTo(Activation.TANH);
        assertThat(p.init().sigmaW2()).as("critical tanh").isEqualTo(1.0);
        assertThat(p.depths()).startsWith(2).endsWith(100);
        assertThat(p.runs()).isEqualTo(20);
        List<XorExperiment.Params> cells = new XorExperiment(XorExperiment.Settings.quick()).cells();
        assertThat(cells).hasSize(2 * 6 * 5);
        assertThat(cells.get(0).key()).isEqualTo("width=8,depth=2,run=0");
        assertThat(cells.get(cells.size() - 1).key()).isEqualTo("width=16,depth=100,run=4");
    }

    @Test
    void aShallowNetLearnsXorAndItsStepCountIsExact() throws Exception {
        XorExperiment.Params cell = new XorExperiment.Params(16, 2, 0);
        Map<String, Object> r = ExperimentChecks.sameOnOneAndTwoThreads(blas -> new XorExperiment(settings(new int[] {2}, new int[] {16}, 1, 1000)).run(cell, blas));
        assertThat(r.get("success")).isEqualTo(true);
        assertThat(r.get("status")).isEqualTo("target-reached");
        assertThat(r.get("accuracy")).isEqualTo(1.0);
        int steps = (int) r.get("steps");
        assertThat(steps).isBetween(1, 999);
        assertThat(java.util.Arrays.stream((double[]) r.get("grad_norm_init"))).hasSize(3).allMatch(g -> g > 0 && Double.isFinite(g));
        assertThat((double) r.get("vni_init")).isBetween(1 / 3.0 - 1e-9, 1.0 + 1e-9);

        // One step fewer than it needed: the same trajectory, stopped short of all four points.
        Map<String, Object> shorter;
        try (Workers w = Workers.of(1)) {
            shorter = new XorExperiment(settings(new int[] {2}, new int[] {16}, 1, steps - 1)).run(cell, Blas.on(w));
        }
        assertThat(shorter.get("success")).isEqualTo(false);
        assertThat(shorter.get("status")).isEqualTo("completed");
        assertThat(shorter.get("steps")).isEqualTo(steps - 1);
        assertThat((double) shorter.get("accuracy")).isLessThan(1.0);
    }

    @Test
    void aDeepNetAtVniOneFailsThoughItsGradientKeepsItsScaleAcrossLayers() throws Exception {
        Map<String, Object> r;
        try (Workers w = Workers.of(1)) {
            r = new XorExperiment(settings(new int[] {100}, new int[] {8}, 1, 300)).run(new XorExperiment.Params(8, 100, 0), Blas.on(w));
        }
        assertThat(r.get("success")).isEqualTo(false);
        assertThat((double) r.get("vni_init")).isGreaterThan(0.99);
        double[] g = (double[]) r.get("grad_norm_init");
        assertThat(g).hasSize(101);
        assertThat(g[0] / g[99]).as("first over last hidden layer").isBetween(0.01, 100.0);
    }

    @Test
    void renderWritesTablesFiguresAndAReadingWithTheNumbers(@TempDir Path dir) throws Exception {
        XorExperiment.Settings s = settings(new int[] {2, 20}, new int[] {8}, 2, 100);
        XorExperiment e = new XorExperiment(s);
        List<Map<String, Object>> records = ExperimentChecks.runAll(e);
        Rendering r = e.render(ExperimentChecks.asParsed(records), OutputDir.create(dir));
        ExperimentChecks.csv(dir, "xor.csv", "width,depth,runs,failures,diverged,collapsed,failure_rate,steps_to_success_median,vni_init_q25,vni_init_median,vni_init_q75,"
                + "vni_end_median_success,vni_end_median_failure,grad_first_init_median,grad_last_init_median,grad_ratio_init_median,"
                + "grad_first_end_median_failure,grad_last_end_median_failure", 2);
        ExperimentChecks.csv(dir, "xor-runs.csv", "width,depth,run,status,success,steps,vni_init,vni_end,grad_first_init,grad_last_init,grad_first_end,"
                + "grad_last_end,seconds", 4);
        for (String f : List.of("xor-failure", "xor-vni", "xor-gradients")) ExperimentChecks.figure(dir, f);
        long failed = records.stream().filter(m -> !(boolean) m.get("success")).count();
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).isEqualTo(r.report().toMarkdown()).contains("## Reading").contains(failed + " of 4 runs failed").contains("![");
        assertThat(r.console()).startsWith("N ").contains("VNI init");

        Path again = dir.resolve("in-memory");
        e.render(records, OutputDir.create(again));
        assertThat(Files.readString(again.resolve("xor.csv"))).as("records as run returned them render the same").isEqualTo(Files.readString(dir.resolve("xor.csv")));
        assertThatThrownBy(() -> new XorExperiment(settings(new int[] {3}, new int[] {8}, 1, 1)).render(records, OutputDir.create(dir.resolve("x"))))
                .hasMessageContaining("is outside the sweep of these settings");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDivergedRunIsCalledDivergedAndACollapsedOneIsCountedApart(@TempDir Path dir) throws Exception {
        XorExperiment.Settings s = settings(new int[] {2, 20}, new int[] {8}, 2, 100);
        XorExperiment e = new XorExperiment(s);
        List<Map<String, Object>> records = ExperimentChecks.runAll(e);
        records = new ArrayList<>(ExperimentChecks.asParsed(records));
        // Depth 20, run 0 diverged: its record has no VNI, loss or gradient after the divergence.
        Map<String, Object> diverged = records.get(2);
        diverged.put("status", "diverged");
        diverged.put("success", false);
        diverged.put("vni_end", null);
        diverged.put("accuracy", null);
        List<Object> end = (List<Object>) diverged.get("grad_norm_end");
        for (int i = 0; i < end.size(); i++) end.set(i, null);
        // Depth 20, run 1 ran its budget out with every node of its last hidden layer constant.
        Map<String, Object> collapsed = records.get(3);
        collapsed.put("status", "completed");
        collapsed.put("success", false);
        collapsed.put("vni_end", null);

        Rendering r = e.render(records, OutputDir.create(dir));
        List<List<String>> points = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("xor.csv")));
        assertThat(points.get(2).subList(0, 6)).as("width, depth, runs, failures, diverged, collapsed").containsExactly("8", "20", "2", "2", "1", "1");
        List<List<String>> runs = dev.vnlab.report.Csv.parse(Files.readString(dir.resolve("xor-runs.csv")));
        assertThat(runs.get(3).get(3)).isEqualTo("diverged");
        assertThat(runs.get(4).get(3)).isEqualTo("collapsed");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("diverged (stopped at a non-finite loss or gradient, or a batch loss over 1000 times the initial loss, with no VNI after it)")
                .contains("1 of them diverged (depth 20: 1) and have no VNI at the end")
                .contains("1 of 2 runs at depth 20 failed and ended collapsed (every node constant over the inputs: the VNI is undefined, the extreme of vanishing "
                        + "nodes); they are counted apart, not in the medians of the VNI at the end.")
                .doesNotContain("NaN at the end");
        assertThat(r.console()).contains("diverged", "collapsed");
    }
}
