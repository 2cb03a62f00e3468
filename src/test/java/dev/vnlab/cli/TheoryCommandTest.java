package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.report.Csv;
import dev.vnlab.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vnlab theory}: the constants and per-depth predictions in every output, failures as NaN with a reason. */
class TheoryCommandTest {
    @TempDir Path tmp;

    @Test
    void hardTanhAtQStarZeroGivesOnePlusLOverN() throws IOException {
        Cli r = Cli.run("theory", "--out", tmp.toString(), "--widths", "200,500", "--depths", "10:30:10");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("q* = 0.0, chi = sigma_w^2 mu_1 = 1.0, mu_1 = 1.0, mu_2 = 1.0, s_1 = -1.0").contains("eq. 3.6");
        for (String f : List.of("summary.json", "theory.csv", "theory.svg", "theory.png", "report.md")) assertThat(tmp.resolve(f)).isNotEmptyFile();
        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(tmp.resolve("summary.json")));
        assertThat(summary.get("command")).isEqualTo("theory");
        assertThat(((Map<?, ?>) summary.get("config")).get("critical")).isEqualTo(false);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(6);
        Map<?, ?> row = (Map<?, ?>) results.get(2);
        assertThat(row.get("width")).isEqualTo(200L);
        assertThat(row.get("depth")).isEqualTo(30L);
        assertThat((Double) row.get("fixed_point_vni")).isCloseTo(31.0 / 200, within(1e-15));
        assertThat(row.get("chi")).isEqualTo(1.0);
        assertThat(row.get("q_star")).isEqualTo(0.0);
        assertThat((Double) row.get("q_depth")).isBetween(0.09, 0.1); // q_l decays slowly from q_x = 0.1
        List<List<String>> csv = Csv.parse(Files.readString(tmp.resolve("theory.csv")));
        assertThat(csv.get(0)).startsWith("width", "depth", "fixed_point_vni", "finite_depth_vni");
        assertThat(csv).hasSize(7);
        assertThat(Files.readString(tmp.resolve("report.md"))).contains("chi = 1: the initialisation is critical").contains("./vnlab theory")
                .contains("The predicted law of J J^T's eigenvalues at each depth");
        // the predicted law per depth: a fraction per decade that integrates to at most 1 (the rest lies further down, or in the atom at 0)
        List<List<String>> law = Csv.parse(Files.readString(tmp.resolve("theory-density.csv")));
        assertThat(law.get(0)).containsExactly("eigenvalue", "fraction_per_decade_depth_10", "fraction_per_decade_depth_20", "fraction_per_decade_depth_30");
        for (int d = 1; d <= 3; d++) {
            double mass = 0;
            for (int i = 2; i < law.size(); i++) {
                double a = Double.parseDouble(law.get(i - 1).get(d)), b = Double.parseDouble(law.get(i).get(d));
                assertThat(b).isNotNegative();
                mass += 0.5 * (a + b) * Math.log10(Double.parseDouble(law.get(i).get(0)) / Double.parseDouble(law.get(i - 1).get(0)));
            }
            assertThat(mass).as("depth %d", 10 * d).isBetween(0.5, 1.0 + 1e-3);
        }
        assertThat(tmp.resolve("theory-density.png")).isNotEmptyFile();
    }

    @Test
    void criticalSetsSigmaW2AndAMissingFixedPointIsNaNWithItsReason() throws IOException {
        Cli crit = Cli.run("theory", "--out", tmp.resolve("c").toString(), "--activation", "tanh", "--critical", "--sigma-b2", "0.05",
                "--widths", "100", "--depths", "1,10");
        assertThat(crit.exit()).as(crit.err()).isZero();
        Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(tmp.resolve("c/summary.json")))).get("config");
        assertThat(config.get("critical")).isEqualTo(true);
        assertThat((Double) config.get("sigma_w2")).isGreaterThan(1);
        Map<?, ?> row = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(Files.readString(tmp.resolve("c/summary.json")))).get("results")).get(0);
        assertThat((Double) row.get("chi")).isCloseTo(1, within(1e-9));

        Cli relu = Cli.run("theory", "--out", tmp.resolve("r").toString(), "--activation", "relu", "--sigma-w2", "3", "--widths", "100", "--depths", "1,10");
        assertThat(relu.exit()).isZero();
        assertThat(relu.out()).contains("has no finite fixed point");
        Map<?, ?> r0 = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(Files.readString(tmp.resolve("r/summary.json")))).get("results")).get(0);
        assertThat(r0.get("fixed_point_vni")).isNull(); // NaN
        assertThat((Double) r0.get("finite_depth_vni")).isCloseTo(0.03, within(1e-12)); // (1 + 1 (1 - 1 + 1)) / 100
        assertThat((String) r0.get("theory_note")).contains("no fixed-point prediction");
    }

    @Test
    void atQStarZeroTheReadingSaysThatQAndM1StillDecayQuotingThem() throws IOException {
        Cli r = Cli.run("theory", "--out", tmp.toString(), "--activation", "tanh", "--sigma-w2", "1", "--init", "orthogonal", "--widths", "200",
                "--depths", "10,50,100");
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(tmp.resolve("report.md"));
        assertThat(md).doesNotContain("the initialisation is critical, forward signals and gradients keep their scale with depth")
                .contains("at the fixed point q* each layer multiplies the variance of forward signals and of back-propagated gradients by chi = 1")
                .contains("Here q* = 0 (sigma_b^2 = 0 and phi(0) = 0), which the variance map approaches only slowly")
                .contains("q_L and m1 still decay, slowly: q_L = 0.0367, 0.00942, 0.00486 and m1 = 0.355, 0.0975, 0.0509 at L = 10, 50, 100")
                .contains("each layer adds mu_2/mu_1^2 - 1 - s_1 = 0 to m2/m1^2, so eq. 3.6 predicts a VNI of 1/N at every depth");
        List<?> results = (List<?>) ((Map<?, ?>) Json.parse(Files.readString(tmp.resolve("summary.json")))).get("results");
        assertThat((Double) ((Map<?, ?>) results.get(0)).get("finite_depth_m1")).isCloseTo(0.3555, within(5e-5)); // the number quoted
    }

    @Test
    void reluAndLinearAtCriticalityHaveEveryQAsAFixedPoint() throws IOException {
        for (String[] phi : List.of(new String[] {"relu", "2"}, new String[] {"linear", "1"})) {
            Path out = tmp.resolve(phi[0]);
            Cli r = Cli.run("theory", "--out", out.toString(), "--activation", phi[0], "--sigma-w2", phi[1], "--widths", "200", "--depths", "10,50");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("q* = any q (the variance map is the identity: every q is a fixed point), chi = sigma_w^2 mu_1 = 1.0");
            assertThat(Files.readString(out.resolve("report.md"))).doesNotContain("q* = 0.0")
                    .contains("the variance map is the identity: every q is a fixed point, so q_l stays at q_1 = " + (phi[0].equals("relu") ? "0.2" : "0.1")
                            + " and m1 = 1 at every depth");
        }
    }

    @Test
    void qStarChoosesBothScalesOnTheCriticalLineAndIsRecorded() throws IOException {
        Cli r = Cli.run("theory", "--out", tmp.toString(), "--activation", "tanh", "--q-star", "0.5", "--widths", "100", "--depths", "1,10");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(tmp.resolve("summary.json")));
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("critical")).isEqualTo(true);
        assertThat(config.get("q_star")).isEqualTo(0.5);
        assertThat(config.get("sigma_w2")).isEqualTo(dev.vnlab.theory.Criticality.forFixedPoint(dev.vnlab.nn.Activation.TANH, 0.5).sigmaW2());
        Map<?, ?> row = (Map<?, ?>) ((List<?>) summary.get("results")).get(0);
        assertThat((Double) row.get("q_star")).isCloseTo(0.5, within(1e-12));
        assertThat((Double) row.get("chi")).isCloseTo(1, within(1e-12));
        assertThat(Files.readString(tmp.resolve("report.md"))).contains("./vnlab theory --activation tanh --init gaussian --q-star 0.5 --widths 100");

        Path plain = tmp.resolve("plain");
        assertThat(Cli.run("theory", "--out", plain.toString(), "--widths", "100", "--depths", "1,10").exit()).isZero();
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(plain.resolve("summary.json")))).get("config")).keySet()))
                .as("without --q-star the configuration keeps its keys").containsExactly("activation", "init", "sigma_w2", "sigma_b2", "critical", "widths",
                        "depths", "input_variance");
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() {
        for (String[] bad : List.of(new String[] {"--widths", "0"}, new String[] {"--critical", "--sigma-w2", "2"}, new String[] {"--sigma-b2", "-1"},
                new String[] {"--input-variance", "nan"}, new String[] {"--init", "xavier"})) {
            String[] args = new String[bad.length + 3];
            args[0] = "theory";
            args[1] = "--out";
            args[2] = tmp.resolve("bad").toString();
            System.arraycopy(bad, 0, args, 3, bad.length);
            Cli r = Cli.run(args);
            assertThat(r.exit()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab theory: --").hasLineCount(1);
        }
    }

    @Test
    void theCorrelationMapPlacesTheNetworkInItsPhase() throws IOException {
        Cli chaos = Cli.run("theory", "--out", tmp.resolve("chaos").toString(), "--activation", "tanh", "--sigma-w2", "4", "--widths", "100", "--depths", "1,10");
        assertThat(chaos.exit()).as(chaos.err()).isZero();
        assertThat(chaos.out()).contains(", c* = ").contains(", xi_c = ");
        Map<?, ?> row = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(Files.readString(tmp.resolve("chaos/summary.json")))).get("results")).get(0);
        assertThat((Double) row.get("c_star")).isCloseTo(0, within(1e-9)); // odd tanh without bias decorrelates fully
        assertThat((Double) row.get("xi_c")).isPositive().isLessThan(10);
        assertThat(Files.readString(tmp.resolve("chaos/report.md"))).contains("the chaotic phase");

        Cli ordered = Cli.run("theory", "--out", tmp.resolve("order").toString(), "--activation", "tanh", "--sigma-w2", "1.2", "--sigma-b2", "0.3",
                "--widths", "100", "--depths", "1,10");
        assertThat(ordered.exit()).as(ordered.err()).isZero();
        Map<?, ?> o = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(Files.readString(tmp.resolve("order/summary.json")))).get("results")).get(0);
        assertThat(o.get("c_star")).isEqualTo(1.0);
        assertThat((Double) o.get("xi_c")).isCloseTo(-1 / Math.log((Double) o.get("chi")), within(1e-9)); // chi_c = chi_1 at c* = 1
        assertThat(Files.readString(tmp.resolve("order/report.md"))).contains("the ordered phase");

        Cli critical = Cli.run("theory", "--out", tmp.resolve("crit").toString(), "--activation", "tanh", "--critical", "--sigma-b2", "0.05",
                "--widths", "100", "--depths", "1,10");
        assertThat(Files.readString(tmp.resolve("crit/report.md"))).contains("the critical line");
    }
}
