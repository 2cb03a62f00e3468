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

/** {@code ./vnlab spectrum} on 8 tiny networks: its files, sharding and merging, its re-run command and user mistakes. */
class SpectrumCommandTest {
    /** Width 6 exactly and width 10 by probes, depths 1 and 3, two networks each. */
    static final String[] TINY = {"--widths", "6,10", "--depths", "1,3", "--nets", "2", "--inputs", "12", "--jacobian-inputs", "2",
            "--exact-width-limit", "6", "--probes", "3", "--lanczos-steps", "4", "--lanczos-nets", "2", "--bins", "8", "--batch", "6", "--quiet"};
    static final List<String> OUTPUTS = List.of("summary.json", "spectrum.csv", "spectrum-histogram-width-6.svg", "spectrum-histogram-width-6.png",
            "spectrum-histogram-width-6.csv", "spectrum-density-width-10.svg", "spectrum-density-width-10.png", "spectrum-density-width-10.csv", "spectrum-moments.svg", "spectrum-moments.png", "spectrum-vni.svg", "spectrum-vni.png", "report.md");

    @TempDir Path tmp;

    private static Cli spectrum(Path out, String... more) {
        return SweepFiles.run("spectrum", out, TINY, more);
    }

    @Test
    void writesSummaryCsvHistogramsAndReport() throws IOException {
        Path out = tmp.resolve("run");
        Cli r = spectrum(out);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("m2/m1²").contains("outputs in " + out);
        for (String f : OUTPUTS) assertThat(out.resolve(f)).isNotEmptyFile();
        assertThat(out.resolve("spectrum-histogram-width-10.svg")).doesNotExist(); // measured by Lanczos: no eigenvalues

        Map<?, ?> summary = SweepFiles.summary(out);
        assertThat(summary.get("command")).isEqualTo("spectrum");
        Map<?, ?> config = (Map<?, ?>) summary.get("config");
        assertThat(config.get("widths")).isEqualTo(List.of(6L, 10L));
        assertThat(config.get("exact_width_limit")).isEqualTo(6L);
        List<?> results = (List<?>) summary.get("results");
        assertThat(results).hasSize(4);
        Map<?, ?> exact = (Map<?, ?>) results.get(1), probed = (Map<?, ?>) results.get(3);
        assertThat(exact.get("method")).isEqualTo("exact");
        assertThat(probed.get("method")).isEqualTo("lanczos");
        assertThat(probed.get("depth")).isEqualTo(3L);
        assertThat((Double) probed.get("m1_mean")).isPositive();
        assertThat((Double) probed.get("m2_over_m1_squared_probe_se")).isPositive();

        List<List<String>> csv = SweepFiles.csv(out.resolve("spectrum.csv"));
        assertThat(csv.get(0)).startsWith("width", "depth", "nets", "collapsed", "method", "m1_mean");
        assertThat(csv).hasSize(5);
        assertThat(csv.get(1).subList(0, 5)).containsExactly("6", "1", "2", "0", "exact");
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Reading").contains("./vnlab spectrum --activation hard-tanh");

        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameFiles(out, tmp.resolve("rerun"), OUTPUTS);
    }

    @Test
    void oneNetworkAtALanczosWidthGivesItsStartVectorsErrorWhereASpreadOverNetworksWouldBe() throws IOException {
        Path out = tmp.resolve("one");
        Cli r = spectrum(out, "--lanczos-nets", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("cells.jsonl"))).hasSize(1 + 6); // a header; width 6: 2 networks per depth, width 10: 1
        List<List<String>> csv = SweepFiles.csv(out.resolve("spectrum.csv"));
        List<String> head = csv.get(0), exact = csv.get(2), lanczos = csv.get(4);
        assertThat(exact.get(head.indexOf("nets"))).isEqualTo("2");
        assertThat(lanczos.get(head.indexOf("nets"))).isEqualTo("1");
        assertThat(lanczos.get(head.indexOf("m1_sd"))).isEqualTo("NaN"); // no spread over one network
        for (String q : new String[] {"m1", "m2_over_m1_squared", "jacobian_vni"}) {
            assertThat(Double.parseDouble(lanczos.get(head.indexOf(q + "_probe_se")))).as(q).isPositive();
            assertThat(Double.parseDouble(exact.get(head.indexOf(q + "_probe_se")))).as(q).isZero();
        }
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("2 random networks per point (1 at the Lanczos widths). Inputs:").contains("of 1 network,");
        String reading = report.substring(report.indexOf("## Reading"), report.indexOf("## Re-run"));
        assertThat(reading).doesNotContain("NaN");
        assertThat(reading).containsPattern("Width 10: .*the Jacobian VNI is [0-9.e-]+ ± [0-9.e-]+, the covariance VNI [0-9.e-]+ \\(");
    }

    @Test
    void shardsThenMergeEqualOneRun() throws IOException {
        Path whole = tmp.resolve("whole"), a = tmp.resolve("a"), b = tmp.resolve("b"), merged = tmp.resolve("merged");
        assertThat(spectrum(whole).exit()).isZero();
        Cli first = spectrum(a, "--shard", "0/2");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("shard 0/2 done (4 cells)");
        assertThat(a.resolve("summary.json")).doesNotExist();
        assertThat(spectrum(b, "--shard", "1/2").exit()).isZero();
        Cli m = Cli.run("merge", "--out", merged.toString(), a.toString(), b.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 8 cells from 2 results files");
        SweepFiles.assertSameFiles(whole, merged, OUTPUTS);
    }

    @Test
    void dryRunListsTheCells() {
        Cli r = spectrum(tmp.resolve("dry"), "--dry-run");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("spectrum: 8 cells").contains("to run   width=6,depth=1,net=0").contains("work to run:");
        assertThat(tmp.resolve("dry")).doesNotExist();
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() {
        Object[][] cases = {
                {new String[] {"--probes", "1"}, "--probes 1 is invalid; expected at least 2"},
                {new String[] {"--jacobian-inputs", "13"}, "--jacobian-inputs 13 is invalid; expected at most 12 (--inputs)"},
                {new String[] {"--widths", "6,0"}, "--widths: width 0 is invalid"},
                {new String[] {"--bins", "0"}, "--bins 0 is invalid; expected 1 to 10000"},
                {new String[] {"--lanczos-nets", "0"}, "--lanczos-nets 0 is invalid; expected at least 1"},
                {new String[] {"--exact-width-limit", "-1"}, "--exact-width-limit -1 is invalid; expected at least 0"},
                {new String[] {"--activation", "swish"}, "--activation 'swish' is invalid; expected one of"},
                {new String[] {"--shard", "2/2"}, "--shard '2/2' is invalid"},
        };
        for (Object[] c : cases) {
            Cli r = spectrum(tmp.resolve("bad"), (String[]) c[0]);
            assertThat(r.exit()).as(Arrays.toString((String[]) c[0])).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab spectrum: ").contains((String) c[1]).hasLineCount(1);
        }
    }
}
