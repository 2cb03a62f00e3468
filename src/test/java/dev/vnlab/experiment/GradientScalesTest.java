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
import dev.vnlab.theory.Criticality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientScalesTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);

    @TempDir Path dir;

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    /** Tanh at sigma_w^2 = 0.9 and 1.5, width 70, depths 2 and 3, two networks each, 150 inputs, gradients at 120 of them in batches of 80. */
    private static GradientScales.Settings tiny() {
        return new GradientScales.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, new double[] {0.9, 1.5}, 70, new int[] {3, 2}, 2, 150, 120, 0.1, 1,
                80, 5);
    }

    @Test
    void presetsSweepAroundTheCriticalScale() {
        for (GradientScales.Settings c : List.of(GradientScales.Settings.quick(), GradientScales.Settings.paper())) {
            assertThat(c.activation()).isEqualTo(Activation.TANH);
            assertThat(c.scheme()).isEqualTo(Init.Scheme.GAUSSIAN);
            assertThat(c.sigmaB2()).isZero();
            assertThat(c.sigmaW2()).containsExactly(0.9, Criticality.forBias(Activation.TANH, 0).sigmaW2(), 2);
            assertThat(Criticality.chi(Activation.TANH, c.sigmaW2()[1], 0)).isCloseTo(1, within(1e-12));
        }
        GradientScales.Settings paper = GradientScales.Settings.paper();
        assertThat(paper.width()).isEqualTo(500);
        assertThat(paper.nets()).isEqualTo(20);
        assertThat(paper.depths()).endsWith(500);
        assertThat(tiny().depths()).containsExactly(2, 3); // sorted
        assertThat(new GradientScales(tiny()).cells().get(0).key()).isEqualTo("sigma_w2=0.9,depth=2,net=0");
    }

    @Test
    void badConfigurationsNameTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> new GradientScales.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, new double[] {1, 0}, 10, new int[] {2}, 1, 10, 5,
                0.1, 1, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("--sigma-w2 [1.0, 0.0] holds 0.0; expected finite values > 0");
        assertThatThrownBy(() -> new GradientScales.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, new double[] {1}, 10, new int[] {2}, 1, 10, 11,
                0.1, 1, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("--gradient-inputs 11 is invalid; expected at most 10 (--inputs)");
        assertThatThrownBy(() -> new GradientScales.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, -0.5, new double[] {1}, 10, new int[] {2}, 1, 10, 5,
                0.1, 1, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("--sigma-b2 -0.5 is invalid; expected a finite value >= 0");
        assertThatThrownBy(() -> new GradientScales.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, new double[] {1}, 10, new int[0], 1, 10, 5,
                0.1, 1, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("--depths is empty; expected at least one depth");
        assertThatThrownBy(() -> new GradientScales.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, 0, new double[] {1}, 10, new int[] {2}, 1, 10, 5,
                0.1, 0, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("--cotangent-variance 0.0 is invalid; expected a finite value > 0");
    }

    @Test
    void aCellIsTheSameBitForBitRunTwiceAndOnAnyThreadCount() {
        GradientScales e = new GradientScales(tiny());
        GradientScales.Network cell = new GradientScales.Network(1.5, 3, 1);
        String one = Json.write(e.run(cell, Blas.on(ONE)));
        assertThat(Json.write(new GradientScales(tiny()).run(cell, Blas.on(ONE)))).isEqualTo(one);
        assertThat(Json.write(e.run(cell, Blas.on(TWO)))).isEqualTo(one);
    }

    @Test
    void aLinearGaussianNetworkScalesItsVariancesBySigmaW2PerLayer() {
        // Linear, Gaussian weights: Var[x_L] = sigma_x^2 s^L, Var[dCost/dx_0] = sigma_y^2 s^L and every layer's
        // weight-gradient variance sigma_x^2 sigma_y^2 s^(L-1), s = sigma_w^2, in expectation over networks.
        double s = 0.8, sx = 0.1, sy = 2;
        int depth = 6, nets = 8;
        GradientScales e = new GradientScales(new GradientScales.Settings(Activation.LINEAR, Init.Scheme.GAUSSIAN, 0, new double[] {s}, 64,
                new int[] {depth}, nets, 2000, 256, sx, sy, 128, 11));
        double fwd = 0, bwd = 0;
        double[] w = new double[depth];
        for (GradientScales.Network cell : e.cells()) {
            Map<String, Object> r = e.run(cell, Blas.on(TWO));
            fwd += ConfigFields.real(r, "forward_variance") / nets;
            bwd += ConfigFields.real(r, "backward_variance") / nets;
            double[] g = ConfigFields.reals(r, "weight_gradient_variance");
            for (int l = 0; l < depth; l++) w[l] += g[l] / nets;
        }
        assertThat(fwd / (sx * Math.pow(s, depth))).isCloseTo(1, within(0.15));
        assertThat(bwd / (sy * Math.pow(s, depth))).isCloseTo(1, within(0.15));
        for (int l = 0; l < depth; l++) assertThat(w[l] / (sx * sy * Math.pow(s, depth - 1))).as("layer %d", l + 1).isCloseTo(1, within(0.2));
    }

    @Test
    void renderWritesBothTablesFiveFiguresAndAReportWithTheNumbers() throws Exception {
        GradientScales e = new GradientScales(tiny());
        List<Map<String, Object>> records = WrittenFiles.recordsViaJson(e.cells(), e::run, Blas.on(TWO));
        Rendering out = e.render(records, OutputDir.create(dir));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("gradients.csv"), 4);
        assertThat(csv.get(0)).startsWith("sigma_w2", "chi", "depth", "nets", "collapsed", "chi_to_L").contains("backward_variance_mean", "vni_fixed_point");
        WrittenFiles.csv(dir.resolve("gradients-layers.csv"), 2 * (2 + 3));
        for (String f : List.of("gradients-forward", "gradients-backward", "gradients-weights", "gradients-layers", "gradients-vni")) {
            WrittenFiles.figure(dir, f);
        }
        double b0 = 0;
        for (Map<String, Object> r : records.subList(0, 2)) b0 += ConfigFields.real(r, "backward_variance") / 2; // sigma_w^2 = 0.9, L = 2
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).isEqualTo(out.report().toMarkdown())
                .contains("the backward variance goes from " + CellRecords.text(b0), "## Reading", "gradients-backward.png");
        assertThat(out.console()).contains("Var ∂x_0", "χ^L");
        assertThat(out.table().size()).isEqualTo(4);
    }

    @Test
    void aCollapsedNetworksVniIsCountedApartAndItsVariancesAreAveraged() throws Exception {
        GradientScales e = new GradientScales(tiny());
        List<Map<String, Object>> records = new java.util.ArrayList<>(WrittenFiles.recordsViaJson(e.cells(), e::run, Blas.on(ONE)));
        // Network 1 at sigma_w^2 = 0.9, L = 3 collapsed: its last layer constant, so its VNI is undefined and its forward variance 0.
        Map<String, Object> dead = new java.util.LinkedHashMap<>(records.get(3));
        assertThat(dead.get("depth")).isEqualTo(3L);
        dead.put("vni", null);
        dead.put("forward_variance", 0.0);
        records.set(3, dead);
        // Network 0 there overflowed: NaN VNI and NaN variance, not collapse.
        Map<String, Object> overflowed = new java.util.LinkedHashMap<>(records.get(6));
        overflowed.put("vni", null);
        overflowed.put("forward_variance", null);
        records.set(6, overflowed);
        e.render(records, OutputDir.create(dir));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("gradients.csv"), 4);
        List<String> header = csv.get(0), point = csv.get(2), other = csv.get(4);
        assertThat(List.of(point.get(0), point.get(2), point.get(3), point.get(4))).as("sigma_w2, depth, nets, collapsed").containsExactly("0.9", "3", "2", "1");
        assertThat(Double.parseDouble(point.get(header.indexOf("vni_mean")))).isEqualTo(ConfigFields.real(records.get(2), "vni"));
        assertThat(Double.parseDouble(point.get(header.indexOf("forward_variance_mean")))).isEqualTo(ConfigFields.real(records.get(2), "forward_variance") / 2);
        assertThat(other.get(header.indexOf("collapsed"))).isEqualTo("0");
        assertThat(other.get(header.indexOf("vni_mean"))).isEqualTo("NaN");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("1 of 2 networks collapsed at L = 3 (every node constant over the inputs: the VNI "
                + "is undefined, the extreme of vanishing nodes); their VNI is counted apart, not averaged (their variances, which are defined, are).");
    }

    @Test
    void shownLayersIncludeTheFirstAndLastAndStayFew() {
        assertThat(GradientScalesRendering.shownLayers(5)).containsExactly(0, 1, 2, 3, 4);
        int[] many = GradientScalesRendering.shownLayers(500);
        assertThat(many).hasSize(26).startsWith(0).endsWith(499).isSorted().doesNotHaveDuplicates();
    }
}
