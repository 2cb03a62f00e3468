package dev.vnlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.experiment.DepthExperiment;
import dev.vnlab.experiment.HeatmapExperiment;
import dev.vnlab.experiment.SpectrumExperiment;
import dev.vnlab.experiment.TrainingVni;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.report.Json;
import dev.vnlab.theory.CriticalPoint;
import dev.vnlab.theory.Criticality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --critical and --q-star on every command whose networks take sigma_w^2 and sigma_b^2: they
 * set the scales, the configuration records the scales alone (a run with them and one given the
 * same scales explicitly share a results directory), a run without them keeps its configuration
 * byte for byte, and their misuse is a one-line usage error naming the option.
 */
class CriticalOptionsTest {
    @TempDir Path tmp;

    /** A command and the configuration its options give (the networks' Init, and the config as summary.json holds it). */
    private record Parsed(String command, Function<String[], Init> init, Function<String[], Map<String, Object>> config) {}

    private List<Parsed> commands() throws IOException {
        Path data = SweepFiles.writeImages(tmp.resolve("idx"), 40, 10);
        List<Parsed> out = new ArrayList<>();
        out.add(new Parsed("depth", a -> ((DepthExperiment) SweepCommands.experiment("depth", a)).settings().init(),
                a -> SweepCommands.experiment("depth", a).config()));
        out.add(new Parsed("demo", a -> ((DepthExperiment) SweepCommands.experiment("demo", a)).settings().init(),
                a -> SweepCommands.experiment("demo", a).config()));
        out.add(new Parsed("spectrum", a -> ((SpectrumExperiment) SweepCommands.experiment("spectrum", a)).settings().init(),
                a -> SweepCommands.experiment("spectrum", a).config()));
        out.add(new Parsed("heatmap", a -> ((HeatmapExperiment) SweepCommands.experiment("heatmap", a)).settings().init(),
                a -> SweepCommands.experiment("heatmap", a).config()));
        String[] trainData = {"--data", data.toString()};
        out.add(new Parsed("train", a -> ((TrainingVni) SweepCommands.experiment("train", concat(trainData, a))).settings().init(),
                a -> SweepCommands.experiment("train", concat(trainData, a)).config()));
        return out;
    }

    private static ParsedArgs parse(Command c, String... args) {
        return ParsedArgs.parse(c.name(), c.options(), args);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(Arrays.asList(a));
        out.addAll(Arrays.asList(b));
        return out.toArray(String[]::new);
    }

    @Test
    void criticalAndQStarSetTheScalesAndTheConfigurationRecordsThemAlone() throws IOException {
        CriticalPoint forBias = Criticality.forBias(Activation.TANH, 0.05), forQ = Criticality.forFixedPoint(Activation.TANH, 0.5);
        for (Parsed p : commands()) {
            Init critical = p.init.apply(new String[] {"--activation", "tanh", "--critical", "--sigma-b2", "0.05"});
            assertThat(critical.sigmaW2()).as(p.command).isEqualTo(forBias.sigmaW2());
            assertThat(critical.sigmaB2()).isEqualTo(0.05);
            Init atQ = p.init.apply(new String[] {"--activation", "tanh", "--q-star", "0.5", "--init", "orthogonal"});
            assertThat(atQ.sigmaW2()).as(p.command).isEqualTo(forQ.sigmaW2());
            assertThat(atQ.sigmaB2()).isEqualTo(forQ.sigmaB2());
            assertThat(atQ.scheme()).isEqualTo(Init.Scheme.ORTHOGONAL);

            // The same scales given explicitly: the same configuration, so either run resumes the other's results.
            Map<String, Object> viaQ = p.config.apply(new String[] {"--activation", "tanh", "--q-star", "0.5"});
            Map<String, Object> explicit = p.config.apply(new String[] {"--activation", "tanh", "--sigma-w2", String.valueOf(forQ.sigmaW2()),
                    "--sigma-b2", String.valueOf(forQ.sigmaB2())});
            assertThat(Json.write(viaQ)).as(p.command).isEqualTo(Json.write(explicit));
            assertThat(viaQ.keySet()).as("no key of its own").isEqualTo(p.config.apply(new String[0]).keySet());
        }
    }

    @Test
    void aDepthRunWithoutTheNewOptionsKeepsItsConfigurationByteForByte() throws IOException {
        Path out = tmp.resolve("plain");
        Cli r = DepthCommandTest.depth(out);
        assertThat(r.exit()).as(r.err()).isZero();
        String header = Files.readAllLines(out.resolve("cells.jsonl")).get(0);
        assertThat(header).endsWith("\"config\":{\"activation\":\"hard-tanh\",\"init\":\"gaussian\",\"sigma_w2\":1.0,\"sigma_b2\":0.0,\"widths\":[6,10],"
                + "\"depths\":[1,3],\"nets\":3,\"inputs\":12,\"data\":null,\"input_variance\":0.1,\"jacobian_inputs\":2,\"probes\":3,\"batch\":5,\"seed\":1}}");
    }

    @Test
    void aRunAtQStarSaysItIsCriticalAndItsRerunGivesTheSameNumbers() throws IOException {
        Path out = tmp.resolve("q");
        Cli r = DepthCommandTest.depth(out, "--activation", "tanh", "--q-star", "0.5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("report.md"))).contains("(critical: chi = sigma_w^2 mu_1(q*) = 1 at q* = 0.5)");
        Cli again = SweepFiles.rerun(out, tmp.resolve("rerun"));
        assertThat(again.exit()).as(again.err()).isZero();
        SweepFiles.assertSameOutputs(out, tmp.resolve("rerun"), List.of("summary.json", "depth.csv"));
    }

    @Test
    void misuseIsAOneLineErrorNamingTheOption() {
        for (String command : List.of("depth", "demo", "spectrum", "heatmap", "theory")) {
            Path out = tmp.resolve("bad-" + command);
            SweepFiles.assertUsageError(Cli.run(command, "--out", out.toString(), "--critical", "--sigma-w2", "2"), command,
                    "--critical sets sigma_w^2 itself; drop --sigma-w2 2 or --critical");
            SweepFiles.assertUsageError(Cli.run(command, "--out", out.toString(), "--q-star", "0.5", "--sigma-b2", "0.1"), command,
                    "--q-star sets sigma_w^2 and sigma_b^2 itself; drop --sigma-b2 0.1 or --q-star");
            SweepFiles.assertUsageError(Cli.run(command, "--out", out.toString(), "--activation", "relu", "--q-star", "1"), command,
                    "--q-star has no meaning for relu: at its critical sigma_w^2 = 2 with sigma_b^2 = 0 every q is a fixed point");
            SweepFiles.assertUsageError(Cli.run(command, "--out", out.toString(), "--activation", "sigmoid", "--q-star", "1"), command,
                    "--q-star 1 is out of reach for sigmoid: target fixed point q* = 1.0");
            SweepFiles.assertUsageError(Cli.run(command, "--out", out.toString(), "--q-star", "-1"), command, "--q-star -1 is invalid");
            assertThat(out).doesNotExist();
        }
    }
}
