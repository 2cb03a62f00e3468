package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.data.Npy;
import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.metrics.LayerDiagnostics;
import dev.vnlab.metrics.WeightStatistics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.ObservedPass;
import dev.vnlab.random.Rng;
import dev.vnlab.weights.WeightFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vnlab inspect} of networks vnlab wrote itself: the same numbers as measuring the network directly, its files, and user mistakes. */
class InspectCommandTest {
    @TempDir Path tmp;

    private static Mlp network() {
        return Mlp.create(20, new int[] {40, 40, 40, 40, 40}, 3, Activation.TANH, new Init(Init.Scheme.GAUSSIAN, 1.8, 0.05), new Init(Init.Scheme.GAUSSIAN, 1, 0),
                Rng.seeded(21), Blas.defaults());
    }

    @Test
    void aNetworkExportedToNpzAndInspectedGivesTheMetricsOfTheNetworkItselfBitForBit() throws IOException {
        Mlp net = network();
        Path weights = tmp.resolve("model.npz"), out = tmp.resolve("run");
        WeightFiles.write(weights, net);
        Cli r = Cli.run("inspect", "--weights", weights.toString(), "--activation", "tanh", "--samples", "300", "--jacobian-inputs", "2", "--batch", "128",
                "--heatmap-layer", "3", "--export", "1,5", "--out", out.toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("VNI").contains("outputs in " + out);
        for (String f : List.of("summary.json", "inspect.csv", "inspect-vni.svg", "inspect-vni.png", "inspect-participation.svg", "inspect-heatmap-layer-3.png",
                "report.md", "activations-layer-1.npy", "activations-layer-5.npy")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }

        Blas blas = Blas.defaults();
        RowSource inputs = RowSource.gaussian(Rng.seeded(1), 300, 20, 1, blas);
        LayerDiagnostics.Layer[] direct = LayerDiagnostics.measure(net, inputs, 128, 3, blas).layers();
        List<List<String>> csv = SweepFiles.csv(out.resolve("inspect.csv"));
        List<String> head = csv.get(0);
        assertThat(csv).hasSize(1 + 5);
        for (int l = 1; l <= 5; l++) {
            List<String> row = csv.get(l);
            LayerDiagnostics.Layer d = direct[l - 1];
            WeightStatistics w = WeightStatistics.of(net.weight(l), net.bias(l), blas);
            String[][] expected = {{"vni", String.valueOf(d.vni())}, {"participation_ratio", String.valueOf(d.participationRatio())},
                    {"effective_rank", String.valueOf(d.effectiveRank())}, {"redundant_pairs_0.9", String.valueOf(d.redundant90())},
                    {"dead_fraction", String.valueOf(d.deadFraction())}, {"saturated_fraction", String.valueOf(d.saturatedFraction())},
                    {"cka_with_previous", String.valueOf(d.ckaWithPrevious())}, {"sigma_w2", String.valueOf(w.sigmaW2())}, {"stable_rank", String.valueOf(w.stableRank())}};
            for (String[] e : expected) assertThat(row.get(head.indexOf(e[0]))).as("layer %d %s", l, e[0]).isEqualTo(e[1]);
            assertThat(Double.parseDouble(row.get(head.indexOf("jacobian_vni")))).isPositive();
            assertThat(Double.parseDouble(row.get(head.indexOf("predicted_vni_finite_depth")))).isPositive();
        }

        FloatMatrix fifth = new FloatMatrix(300, 40);
        new ObservedPass(net, blas).observe(5, layer -> fifth.rowsView((int) layer.first(), layer.rows()).copyFrom(layer.outputs())).run(inputs, 128);
        Npy.Array exported = Npy.read(out.resolve("activations-layer-5.npy"));
        assertThat(exported.shape()).containsExactly(300, 40);
        for (int i = 0; i < 300; i++) for (int j = 0; j < 40; j++) assertThat((float) exported.values()[i * 40 + j]).isEqualTo(fifth.get(i, j));

        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Reading").contains("tanh after each hidden layer").contains("./vnlab inspect --weights " + weights);
    }

    @Test
    void aSafetensorsFileNamesItsActivationAndInspectsAsTheNpzDoes() throws IOException {
        Mlp net = network();
        Path npz = tmp.resolve("m.npz"), st = tmp.resolve("m.safetensors");
        WeightFiles.write(npz, net);
        WeightFiles.write(st, net);
        Cli a = Cli.run("inspect", "--weights", npz.toString(), "--activation", "tanh", "--samples", "200", "--out", tmp.resolve("a").toString(), "--quiet");
        Cli b = Cli.run("inspect", "--weights", st.toString(), "--samples", "200", "--out", tmp.resolve("b").toString(), "--quiet"); // the file says tanh
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(Files.readString(tmp.resolve("b/inspect.csv"))).isEqualTo(Files.readString(tmp.resolve("a/inspect.csv")));
    }

    @Test
    void theUsersOwnInputsAreMeasured() throws IOException {
        Mlp net = network();
        Path weights = tmp.resolve("m.npz"), x = tmp.resolve("x.npy");
        WeightFiles.write(weights, net);
        FloatMatrix rows = new FloatMatrix(50, 20);
        for (int i = 0; i < 50; i++) for (int j = 0; j < 20; j++) rows.set(i, j, (float) Math.sin(i * 0.7 + j * 1.3));
        Npy.write(x, rows);
        Cli r = Cli.run("inspect", "--weights", weights.toString(), "--activation", "tanh", "--inputs", x.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        LayerDiagnostics.Layer[] direct = LayerDiagnostics.measure(net, RowSource.of(rows), 1000, 5, Blas.defaults()).layers();
        List<List<String>> csv = SweepFiles.csv(tmp.resolve("o/inspect.csv"));
        assertThat(csv.get(5).get(csv.get(0).indexOf("vni"))).isEqualTo(String.valueOf(direct[4].vni()));
        assertThat(csv.get(5).get(csv.get(0).indexOf("inputs"))).isEqualTo("50");
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() throws IOException {
        Mlp net = network();
        Path npz = tmp.resolve("m.npz"), broken = tmp.resolve("broken.safetensors"), wide = tmp.resolve("wide.npy");
        WeightFiles.write(npz, net);
        Files.write(broken, new byte[] {(byte) 200, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        Npy.write(wide, new FloatMatrix(10, 7));
        String w = npz.toString();
        Object[][] cases = {
                {new String[] {}, "--weights FILE is required"},
                {new String[] {"--weights", tmp.resolve("none.npz").toString()}, "does not exist"},
                {new String[] {"--weights", w}, "--activation is required: m.npz does not name its activation; expected one of"},
                {new String[] {"--weights", w, "--activation", "swish"}, "--activation 'swish' is invalid; expected one of"},
                {new String[] {"--weights", broken.toString(), "--activation", "tanh"}, "--weights " + broken + ": "},
                {new String[] {"--weights", w, "--activation", "tanh", "--heatmap-layer", "6"}, "--heatmap-layer 6 is out of range; expected 1 to 5"},
                {new String[] {"--weights", w, "--activation", "tanh", "--export", "0,2"}, "--export 0 names no hidden layer; expected 1 to 5"},
                {new String[] {"--weights", w, "--activation", "tanh", "--inputs", wide.toString()}, "the inputs have 7 columns; the network takes 20"},
                {new String[] {"--weights", w, "--activation", "tanh", "--inputs", wide.toString(), "--data", tmp.toString()}, "--data and --inputs both name inputs"},
                {new String[] {"--weights", w, "--activation", "tanh", "--input-variance", "-1"}, "--input-variance -1 is invalid; expected a finite value > 0"},
                {new String[] {"--weights", w, "--activation", "tanh", "--input-variance", "Infinity"}, "--input-variance Infinity is invalid; expected a finite value > 0"},
                {new String[] {"--weights", tmp.toString(), "--activation", "tanh"}, "--weights " + tmp + ": is not a regular file; expected a .safetensors or .npz file"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            String[] all = new String[args.length + 3];
            all[0] = "inspect";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--out";
            all[args.length + 2] = tmp.resolve("bad").toString();
            Cli r = Cli.run(all);
            assertThat(r.exit()).as(Arrays.toString(args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("vnlab inspect: ").contains((String) c[1]).hasLineCount(1);
        }
    }
}
