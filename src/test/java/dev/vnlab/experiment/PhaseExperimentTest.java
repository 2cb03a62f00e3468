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
import dev.vnlab.theory.CorrelationMap;
import dev.vnlab.theory.Criticality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseExperimentTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);

    @TempDir Path dir;

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    /** tanh over a 6 x 3 grid; probes at an ordered and a chaotic point, 2 networks of width 120 and depth 12, 20 pairs each. */
    private static PhaseExperiment.Settings tiny() {
        return new PhaseExperiment.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new double[] {0.5, 3}, 6, new double[] {0, 0.2}, 3, 20, 200,
                new double[] {1, 3}, 0.05, 12, 20, 0.5, 2, 4);
    }

    @Test
    void presetsAndBadConfigurations() {
        PhaseExperiment.Settings quick = PhaseExperiment.Settings.quick();
        assertThat(quick.activation()).isEqualTo(Activation.TANH);
        assertThat(quick.probeSigmaW2()[1]).isCloseTo(Criticality.forBias(Activation.TANH, quick.probeSigmaB2()).sigmaW2(), within(0.01));
        assertThat(new PhaseExperiment(quick).cells()).hasSize(24 + 3 * 2);
        assertThat(tiny().sigmaW2(5)).isEqualTo(3);
        assertThat(tiny().sigmaB2(1)).isCloseTo(0.1, within(1e-15));
        assertThatThrownBy(() -> new PhaseExperiment.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new double[] {2, 1}, 6, new double[] {0, 0.2}, 3, 20, 200,
                new double[] {1}, 0.05, 12, 20, 0.5, 2, 4)).hasMessage("--sigma-w2-range [2.0, 1.0] is invalid; expected two values LO,HI with 0 < LO < HI");
        assertThatThrownBy(() -> new PhaseExperiment.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new double[] {1, 2}, 6, new double[] {0, 0.2}, 3, 20, 200,
                new double[] {1}, 0.05, 12, 20, 1, 2, 4)).hasMessage("--input-cosine 1.0 is invalid; expected -1 <= c_0 < 1");
        assertThatThrownBy(() -> new PhaseExperiment.Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new double[] {1, 2}, 1, new double[] {0, 0.2}, 3, 20, 200,
                new double[] {1}, 0.05, 12, 20, 0.5, 2, 4)).hasMessage("--columns 1 is invalid; expected 2 to 1000");
    }

    @Test
    void aRowHoldsTheCorrelationMapsPhaseAtEachPointAndTheCriticalSigmaW2() {
        PhaseExperiment e = new PhaseExperiment(tiny());
        Map<String, Object> r = e.run(new PhaseExperiment.Row(1), Blas.on(ONE));
        assertThat(ConfigFields.real(r, "sigma_b2")).isCloseTo(0.1, within(1e-15));
        assertThat(ConfigFields.real(r, "critical_sigma_w2")).isEqualTo(Criticality.forBias(Activation.TANH, 0.1).sigmaW2());
        double[] w2 = ConfigFields.reals(r, "sigma_w2"), c = ConfigFields.reals(r, "c_star"), xi = ConfigFields.reals(r, "xi_c"), chi = ConfigFields.reals(r, "chi_1");
        for (int j = 0; j < w2.length; j++) {
            CorrelationMap.Phase exact = CorrelationMap.phase(Activation.TANH, w2[j], 0.1);
            assertThat(chi[j]).isEqualTo(exact.chi1());
            assertThat(c[j]).as("sigma_w2 %s", w2[j]).isCloseTo(exact.cStar(), within(1e-6));
            assertThat(xi[j]).isCloseTo(exact.xiC(), within(1e-5 * exact.xiC()));
        }
        assertThat(c[0]).isEqualTo(1); // sigma_w^2 = 0.5: ordered
        assertThat(c[5]).isLessThan(1); // sigma_w^2 = 3: chaotic
    }

    @Test
    void probesAreTheSameOnAnyThreadCountAndFollowTheMapInOrder() {
        PhaseExperiment e = new PhaseExperiment(tiny());
        PhaseExperiment.Probe ordered = new PhaseExperiment.Probe(0, 1);
        String one = Json.write(e.run(ordered, Blas.on(ONE)));
        assertThat(Json.write(e.run(ordered, Blas.on(TWO)))).isEqualTo(one);
        Map<String, Object> r = e.run(ordered, Blas.on(TWO));
        double[] cos = ConfigFields.reals(r, "cosine");
        assertThat(cos).hasSize(13);
        assertThat(cos[0]).isCloseTo(0.5, within(0.1)); // the inputs' cosine, sampled at width 200
        double[] map = e.probeTheory(0, ConfigFields.real(r, "input_second_moment")).map();
        // ordered (chi_1 < 1): pairs converge towards c* = 1, and the network follows the map within its finite-width scatter
        assertThat(map[11]).isGreaterThan(map[0]);
        for (int l = 1; l <= 12; l++) assertThat(cos[l]).as("depth %d", l).isCloseTo(map[l - 1], within(0.1));
    }

    @Test
    void aCriticalLineOutsideTheGridIsSaid() throws Exception {
        // sigmoid's critical sigma_w^2 is about 100: the whole grid [0.5, 3] is ordered
        PhaseExperiment e = new PhaseExperiment(new PhaseExperiment.Settings(Activation.SIGMOID, Init.Scheme.GAUSSIAN, new double[] {0.5, 3}, 3, new double[] {0, 0.2}, 2,
                20, 200, new double[] {1}, 0.05, 3, 4, 0.5, 1, 4));
        e.render(WrittenFiles.recordsViaJson(e.cells(), e::run, Blas.on(ONE)), OutputDir.create(dir.resolve("sigmoid")));
        assertThat(Files.readString(dir.resolve("sigmoid/report.md"))).contains("That is outside the grid's σ_w² from 0.5 to 3: every point drawn is ordered.");
    }

    @Test
    void crossingsInterpolateBetweenColumns() {
        assertThat(PhaseRendering.crossing(new double[] {0, 1, 2}, 1.5)).isCloseTo(2.0, within(1e-12)); // columns 1 and 2, halfway: 0.5 + 1.5
        assertThat(PhaseRendering.crossing(new double[] {0, 1, 2}, 5)).isNaN();
        assertThat(PhaseRendering.crossing(new double[] {Double.NaN, 0, 1}, 0.25)).isCloseTo(1.75, within(1e-12));
        assertThat(PhaseRendering.vniLevels(new double[][] {{0.1, 0.2, 0.3}, {0.4, 0.5, Double.NaN}})).containsExactly(0.2, 0.3, 0.4);
    }

    @Test
    void renderWritesTheDiagramThePairsAndAReport() throws Exception {
        PhaseExperiment e = new PhaseExperiment(tiny());
        List<Map<String, Object>> records = WrittenFiles.recordsViaJson(e.cells(), e::run, Blas.on(TWO));
        Rendering out = e.render(records, OutputDir.create(dir));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("phase.csv"), 18);
        assertThat(csv.get(0)).containsExactly("sigma_w2", "sigma_b2", "q_star", "chi_1", "c_star", "chi_c", "xi_q", "xi_c", "vni_depth_20_width_200");
        WrittenFiles.csv(dir.resolve("phase-pairs.csv"), 2 * 13);
        WrittenFiles.figure(dir, "phase-diagram");
        WrittenFiles.figure(dir, "phase-pairs");
        assertThat(Files.readString(dir.resolve("phase-diagram.svg"))).contains("χ_1 = 1");
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).isEqualTo(out.report().toMarkdown()).contains("## Reading", "The critical line χ_1 = 1 runs from σ_w² = ", "At σ_w² = 3 the measured cosine");
        assertThat(out.console()).contains("ordered", "chaotic");
    }
}
