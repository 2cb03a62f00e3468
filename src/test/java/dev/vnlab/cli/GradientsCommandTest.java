package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vnlab gradients} on 12 tiny networks: its files, its re-run command and user mistakes. */
class GradientsCommandTest {
    /** The default weight scales 0.9, critical (1 for tanh without bias) and 2; width 8, depths 2 and 3, two networks each. */
    static final String[] TINY = {"--width", "8", "--depths", "2,3", "--nets", "2", "--inputs", "20", "--gradient-inputs", "5", "--batch", "10",
            "--quiet"};
    static final List<String> OUTPUTS = List.of("summary.json", "gradients.csv", "gradients-layers.csv", "gradients-forward.svg", "gradients-forward.png",
            "gradients-backward.svg", "gradients-backward.png", "gradients-weights.svg", "gradients-weights.png", "gradients-layers.svg",
            "gradients-layers.png", "gradients-vni.svg", "gradients-vni.png", "report.md");

    @TempDir Path tmp;

    private static Cli gradients(Path out, String... more) {
        return SweepFiles.run("gradients", out, TINY, more);
    }

    @Test
    void writesSummaryCsvsPlotsAndReport() throws IOException {
        Path out = tmp.resolve("run");
        Cli r = gradients(out);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Var x_L").contains("outputs in " + out);
        for (String f : OUTPUTS) assertThat(out.resolve(f)).isNotEmptyFile();

        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("gradients");
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("activation")).isEqualTo("tanh");
        assertThat(config.get("sigma_w2")).isEqualTo(List.of(0.9, 1.0, 2.0));
        assertThat(config.get("gradient_inputs")).isEqualTo(5L);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(6);
        Map<?, ?> critical = (Map<?, ?>) results.get(3);
        assertThat(critical.get("sigma_w2")).isEqualTo(1.0);
        assertThat(critical.get("depth")).isEqualTo(3L);
        assertThat(critical.get("chi")).isEqualTo(1.0);
        assertThat((Double) critical.get("backward_variance_mean")).isPositive();

        List<List<String>> csv = SweepFiles.csv(out.resolve("gradients.csv"));
        assertThat(csv.get(0)).startsWith("sigma_w2", "chi", "depth", "nets", "collapsed", "chi_to_L");
        assertThat(csv).hasSize(7);
        List<List<String>> layers = SweepFiles.csv(out.resolve("gradients-layers.csv"));
        assertThat(layers.get(0)).startsWith("sigma_w2", "depth", "layer");
        assertThat(layers).hasSize(1 + 3 * (2 + 3));
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("./vnlab gradients --activation tanh");

        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameFiles(out, tmp.resolve("rerun"), OUTPUTS);
    }

    @Test
    void criticalIsTheActivationsCriticalScaleAndARepeatCountsOnce() {
        Cli relu = gradients(tmp.resolve("relu"), "--activation", "relu", "--dry-run"); // critical: 2, also in the default list
        assertThat(relu.exit()).as(relu.err()).isZero();
        assertThat(relu.out()).contains("gradients: 8 cells").contains("sigma_w2=0.9,depth=2,net=0").contains("sigma_w2=2.0,depth=3,net=1")
                .doesNotContain("sigma_w2=1.0");
        Cli tanh = gradients(tmp.resolve("tanh"), "--sigma-w2", "1,critical", "--dry-run");
        assertThat(tanh.out()).contains("gradients: 4 cells").contains("sigma_w2=1.0,depth=2,net=0");
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() {
        Object[][] cases = {
                {new String[] {"--sigma-w2", "0.9,x"}, "--sigma-w2 '0.9,x' is invalid at 'x'; expected comma-separated numbers or 'critical'"},
                {new String[] {"--sigma-w2", "0,1"}, "--sigma-w2 [0.0, 1.0] holds 0.0; expected finite values > 0"},
                {new String[] {"--gradient-inputs", "21"}, "--gradient-inputs 21 is invalid; expected at most 20 (--inputs)"},
                {new String[] {"--depths", "2,2"}, "--depths: depth 2 repeats"},
                {new String[] {"--cotangent-variance", "-1"}, "--cotangent-variance -1.0 is invalid"},
                {new String[] {"--sigma-w2", "critical", "--sigma-b2", "-0.5"}, "--sigma-b2 -0.5 is invalid; expected a finite value >= 0"},
                {new String[] {"--init", "xavier"}, "--init 'xavier' is invalid"},
        };
        for (Object[] c : cases) {
            Cli r = gradients(tmp.resolve("bad"), (String[]) c[0]);
            assertThat(r.exit()).as(Arrays.toString((String[]) c[0])).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab gradients: ").contains((String) c[1]).hasLineCount(1);
        }
    }
}
