package dev.vnlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.parallel.Workers;
import dev.vnlab.report.Json;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.ConfigFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrumExperimentTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);
    private static final Init GAUSSIAN = new Init(Init.Scheme.GAUSSIAN, 1, 0);

    @TempDir Path dir;

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    /** Hard-tanh at widths 20 (exact) and 70 (exact up to exactLimit), depths 2 and 4, two networks each. */
    private static SpectrumExperiment.Settings tiny(int exactLimit) {
        return new SpectrumExperiment.Settings(Activation.HARD_TANH, GAUSSIAN, new int[] {70, 20}, new int[] {4, 2}, 2, 200, 3, exactLimit, 8, 10, 2, 0.1,
                12, 100, 9);
    }

    @Test
    void presetsAreFigure31sNetworks() {
        SpectrumExperiment.Settings paper = SpectrumExperiment.Settings.paper();
        assertThat(paper.activation()).isEqualTo(Activation.HARD_TANH);
        assertThat(paper.init()).isEqualTo(GAUSSIAN);
        assertThat(paper.widths()).containsExactly(200, 500);
        assertThat(paper.inputs()).isEqualTo(1000);
        assertThat(paper.inputVariance()).isEqualTo(0.1);
        assertThat(paper.exact(500)).isTrue();
        assertThat(tiny(20).widths()).containsExactly(20, 70);
        assertThat(tiny(20).exact(70)).isFalse();
        assertThat(new SpectrumExperiment(SpectrumExperiment.Settings.quick()).cells()).hasSize(18);
        // a Lanczos width takes its own count of networks: quick's one, paper's three
        SpectrumExperiment.Settings quickWide = SpectrumExperiment.Settings.quick();
        assertThat(quickWide.netsAt(100)).isEqualTo(3);
        assertThat(quickWide.netsAt(4000)).isEqualTo(1);
        assertThat(paper.netsAt(4000)).isEqualTo(3);
        assertThat(new SpectrumExperiment(tiny(20)).cells()).hasSize(8); // 2 networks at each width
        SpectrumExperiment mixed = new SpectrumExperiment(new SpectrumExperiment.Settings(Activation.HARD_TANH, GAUSSIAN, new int[] {20, 70}, new int[] {2, 4}, 3, 200, 3, 20, 8,
                10, 1, 0.1, 12, 100, 9));
        assertThat(mixed.cells()).extracting(SpectrumExperiment.Network::key).containsExactly("width=20,depth=2,net=0", "width=20,depth=2,net=1",
                "width=20,depth=2,net=2", "width=20,depth=4,net=0", "width=20,depth=4,net=1", "width=20,depth=4,net=2", "width=70,depth=2,net=0",
                "width=70,depth=4,net=0");
        // a Lanczos width holding a network larger than the caches streams it at every step: one cell at a time
        SpectrumExperiment wide = new SpectrumExperiment(SpectrumExperiment.Settings.quick());
        assertThat(wide.memoryBound(new SpectrumExperiment.Network(4000, 100, 0))).isTrue();
        assertThat(wide.memoryBound(new SpectrumExperiment.Network(600, 10, 0))).isFalse(); // 14 MB
        assertThat(wide.memoryBound(new SpectrumExperiment.Network(500, 100, 0))).isFalse(); // exact
    }

    @Test
    void badConfigurationsNameTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10}, new int[] {2}, 1, 10, 11, 100, 8, 5, 1, 0.1, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--jacobian-inputs 11 is invalid; expected at most 10 (--inputs)");
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10}, new int[] {2}, 1, 10, 2, 100, 1, 5, 1, 0.1, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--probes 1 is invalid; expected at least 2");
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10}, new int[] {2}, 1, 10, 2, 100, 3, 0, 1, 0.1, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--lanczos-steps 0 is invalid; expected 1 to 1000");
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10, 0}, new int[] {2}, 1, 10, 2, 100, 8, 5, 1, 0.1, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--widths: width 0 is invalid; expected widths of at least 1");
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10}, new int[] {2}, 0, 10, 2, 100, 8, 5, 1, 0.1, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--nets 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10}, new int[] {2}, 1, 10, 2, 100, 8, 5, 0, 0.1, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--lanczos-nets 0 is invalid; expected at least 1");
        assertThatThrownBy(() -> new SpectrumExperiment.Settings(Activation.TANH, GAUSSIAN, new int[] {10}, new int[] {2}, 1, 10, 2, 100, 8, 5, 1,
                Double.POSITIVE_INFINITY, 10, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--input-variance Infinity is invalid; expected a finite value > 0");
    }

    @Test
    void aCellIsTheSameBitForBitRunTwiceAndOnAnyThreadCountExactlyAndByProbes() {
        for (int limit : new int[] {70, 0}) {
            SpectrumExperiment e = new SpectrumExperiment(tiny(limit));
            SpectrumExperiment.Network cell = new SpectrumExperiment.Network(70, 4, 1);
            String one = Json.write(e.run(cell, Blas.on(ONE)));
            assertThat(Json.write(new SpectrumExperiment(tiny(limit)).run(cell, Blas.on(ONE)))).isEqualTo(one);
            assertThat(Json.write(e.run(cell, Blas.on(TWO)))).as("limit %d, 2 threads", limit).isEqualTo(one);
        }
    }

    @Test
    void theLanczosRouteAgreesWithTheExactEigenvaluesOfTheSameNetwork() {
        // width 70, depth 4: the same network and inputs either way; Lanczos from 8 vectors of 10 steps at 3 inputs
        SpectrumExperiment.Network cell = new SpectrumExperiment.Network(70, 4, 0);
        Map<String, Object> exact = new SpectrumExperiment(tiny(70)).run(cell, Blas.on(TWO));
        Map<String, Object> slq = new SpectrumExperiment(tiny(0)).run(cell, Blas.on(TWO));
        double[] eig = ConfigFields.reals(exact, "eigenvalues");
        double m1 = 0, m2 = 0, top = 0;
        for (double v : eig) {
            m1 += v / eig.length;
            m2 += v * v / eig.length;
            top = Math.max(top, v);
        }
        assertThat(ConfigFields.real(exact, "m1")).isCloseTo(m1, within(1e-4 * m1));
        assertThat(ConfigFields.real(exact, "largest")).isEqualTo(top);
        double exactMass = 0;
        for (double m : ConfigFields.reals(exact, "spectrum_masses")) exactMass += m; // the exact route carries the estimate too
        assertThat(exactMass).isCloseTo(1, within(1e-9));
        assertThat(ConfigFields.reals(exact, "spectrum_nodes")).isEqualTo(ConfigFields.reals(slq, "spectrum_nodes")); // the same vectors on the same network
        assertThat(ConfigFields.reals(slq, "eigenvalues")).isEmpty();
        for (String[] moment : new String[][] {{"m1", String.valueOf(m1)}, {"m2", String.valueOf(m2)}}) {
            double se = ConfigFields.real(slq, moment[0] + "_se"), truth = Double.parseDouble(moment[1]);
            assertThat(se).isPositive().isLessThan(0.25 * truth); // 8 vectors at width 70: m2 is the noisier
            assertThat(ConfigFields.real(slq, moment[0])).as(moment[0]).isCloseTo(truth, within(4 * se));
        }
        assertThat(ConfigFields.real(slq, "largest")).isCloseTo(top, within(1e-3 * top)); // deflated: converged
        double[] nodes = ConfigFields.reals(slq, "spectrum_nodes"), masses = ConfigFields.reals(slq, "spectrum_masses");
        assertThat(nodes).hasSameSizeAs(masses).isNotEmpty();
        double mass = 0, first = 0;
        for (int i = 0; i < nodes.length; i++) {
            mass += masses[i];
            first += masses[i] * nodes[i];
        }
        assertThat(mass).isCloseTo(1, within(1e-9));
        assertThat(first).isCloseTo(ConfigFields.real(slq, "m1"), within(1e-9 * m1)); // the measure's mean is the m1 reported
        assertThat(ConfigFields.real(slq, "spectrum_floor")).isPositive().isLessThan(top);
    }

    @Test
    void aLinearOrthogonalNetworkHasEveryEigenvalueEqualToSigmaW2PowerL() {
        // J = sigma_w^L Q, Q orthogonal: J J^T = sigma_w^(2L) I, m2/m1^2 = 1, VNI = 1/N, and the theory (s_1 = 0, mu_1 = mu_2 = 1) says the same.
        double s = 0.81;
        int n = 16, depth = 3;
        SpectrumExperiment e = new SpectrumExperiment(new SpectrumExperiment.Settings(Activation.LINEAR, new Init(Init.Scheme.ORTHOGONAL, s, 0),
                new int[] {n}, new int[] {depth}, 1, 50, 2, 100, 8, 5, 1, 1, 10, 50, 4));
        Map<String, Object> r = e.run(e.cells().get(0), Blas.on(TWO));
        double expected = Math.pow(s, depth);
        double[] eig = ConfigFields.reals(r, "eigenvalues");
        assertThat(eig).hasSize(2 * n);
        for (double v : eig) assertThat(v).isCloseTo(expected, within(1e-5 * expected));
        assertThat(ConfigFields.real(r, "m1")).isCloseTo(expected, within(1e-5 * expected));
        assertThat(ConfigFields.real(r, "m2_over_m1_squared")).isCloseTo(1, within(1e-5));
        assertThat(ConfigFields.real(r, "jacobian_vni")).isCloseTo(1.0 / n, within(1e-6));
        assertThat(ConfigFields.real(r, "fixed_point_m1")).isCloseTo(expected, within(1e-12));
        assertThat(ConfigFields.real(r, "fixed_point_m2_over_m1_squared")).isCloseTo(1, within(1e-12));
        assertThat(ConfigFields.real(r, "finite_depth_vni")).isCloseTo(1.0 / n, within(1e-12));
        assertThat(r.get("theory_note")).isNull();
    }

    @Test
    void renderWritesTheTableTheHistogramsOfExactWidthsTheMomentsAndAReport() throws Exception {
        SpectrumExperiment e = new SpectrumExperiment(tiny(20));
        List<Map<String, Object>> records = WrittenFiles.recordsViaJson(e.cells(), e::run, Blas.on(TWO));
        Rendering out = e.render(records, OutputDir.create(dir));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("spectrum.csv"), 4);
        assertThat(csv.get(0)).startsWith("width", "depth", "nets", "collapsed", "method").contains("m2_over_m1_squared_mean", "covariance_vni_mean");
        assertThat(csv.get(1)).startsWith("20", "2", "2", "0", "exact");
        assertThat(csv.get(3)).startsWith("70", "2", "2", "0", "lanczos");
        WrittenFiles.figure(dir, "spectrum-histogram-width-20");
        WrittenFiles.figure(dir, "spectrum-density-width-70");
        assertThat(dir.resolve("spectrum-histogram-width-70.svg")).doesNotExist(); // no eigenvalues by Lanczos
        List<List<String>> density = WrittenFiles.csv(dir.resolve("spectrum-density-width-70.csv"), 12);
        assertThat(density.get(0)).containsExactly("eigenvalue", "fraction_per_decade_depth_2", "predicted_depth_2", "fraction_per_decade_depth_4", "predicted_depth_4");
        for (List<String> row : density.subList(1, density.size())) assertThat(Double.parseDouble(row.get(2))).isFinite().isNotNegative();
        int distance = csv.get(0).indexOf("distance_to_predicted_law");
        assertThat(Double.parseDouble(csv.get(1).get(distance))).isBetween(0.0, 0.5); // width 20, depth 2: exact
        assertThat(csv.get(3).get(distance)).isEmpty(); // width 70: Lanczos, no eigenvalues to compare
        assertThat(WrittenFiles.csv(dir.resolve("spectrum-histogram-width-20.csv"), 12).get(0)).containsExactly("eigenvalue", "fraction_per_decade_depth_2",
                "lanczos_depth_2", "predicted_depth_2", "fraction_per_decade_depth_4", "lanczos_depth_4", "predicted_depth_4");
        WrittenFiles.figure(dir, "spectrum-moments");
        WrittenFiles.figure(dir, "spectrum-vni");
        double jac = 0;
        for (Map<String, Object> r : records.subList(2, 4)) jac += ConfigFields.real(r, "jacobian_vni") / 2; // width 20, depth 4
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).contains("Against the predicted law (dashed; free probability at infinite width) the Kolmogorov-Smirnov distance");
        assertThat(report).isEqualTo(out.report().toMarkdown()).contains("Jacobian VNI is " + CellRecords.text(jac), "## Reading",
                "spectrum-histogram-width-20.png");
        assertThat(out.console()).contains("m2/m1²", "cov VNI");
        assertThat(report).contains("The measured m1 goes from ").contains("the fixed point's (σ_w² μ_1)^L from 1 to 1 and the finite-depth prediction from ");
    }

    @Test
    void collapsedNetworksAreCountedApartAndRecordsWithoutANodeVarianceAreNotCollapse() throws Exception {
        // Zero weights: every hidden layer is its biases, constant over the inputs; J is 0.
        SpectrumExperiment zero = new SpectrumExperiment(new SpectrumExperiment.Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 0, 0),
                new int[] {20}, new int[] {2, 4}, 2, 200, 3, 20, 8, 5, 2, 0.1, 12, 100, 9));
        List<Map<String, Object>> records = WrittenFiles.recordsViaJson(zero.cells(), zero::run, Blas.on(ONE));
        assertThat(ConfigFields.real(records.get(0), "covariance_vni")).isNaN();
        assertThat(ConfigFields.real(records.get(0), "node_variance")).isZero();
        zero.render(records, OutputDir.create(dir.resolve("zero")));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("zero/spectrum.csv"), 2);
        assertThat(csv.get(1).get(csv.get(0).indexOf("collapsed"))).isEqualTo("2");
        assertThat(csv.get(1).get(csv.get(0).indexOf("m1_mean"))).isEqualTo("0.0"); // defined for them: averaged
        assertThat(Files.readString(dir.resolve("zero/report.md"))).contains("2 of 2 networks collapsed at L = 2, 2 of 2 networks collapsed at L = 4 (every "
                + "node constant over the inputs: the VNI is undefined, the extreme of vanishing nodes); they are counted apart");

        List<Map<String, Object>> old = new java.util.ArrayList<>();
        for (Map<String, Object> r : records) {
            Map<String, Object> m = new java.util.LinkedHashMap<>(r);
            m.remove("node_variance"); // written before node variances were recorded: the cause of a NaN is not known
            old.add(m);
        }
        zero.render(old, OutputDir.create(dir.resolve("old")));
        List<List<String>> oldCsv = WrittenFiles.csv(dir.resolve("old/spectrum.csv"), 2);
        assertThat(oldCsv.get(1).get(oldCsv.get(0).indexOf("collapsed"))).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("old/report.md"))).doesNotContain("collapsed at L =");
    }
}
