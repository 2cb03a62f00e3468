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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapExperimentTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);
    private static final Init GAUSSIAN = new Init(Init.Scheme.GAUSSIAN, 1, 0);

    @TempDir Path dir;

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    /** Width 70 at depths 2 and 4, depth 3 at widths 5 and 70, over 300 inputs: GEMMs big enough to run in parallel. */
    private static HeatmapExperiment.Settings tiny() {
        return new HeatmapExperiment.Settings(Activation.HARD_TANH, GAUSSIAN, 70, new int[] {2, 4}, 3, new int[] {5, 70}, 300, null, 0.1, 150, 7);
    }

    private static Map<String, Object> run(HeatmapExperiment e, HeatmapExperiment.Panel p, Blas blas) {
        try {
            return e.run(p, blas);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The panels' networks are drawn as the pass reaches each layer, so a panel's heap does not grow with its depth. */
    @Test
    void memoryOfAPanelDoesNotGrowWithDepth() {
        HeatmapExperiment e = new HeatmapExperiment(HeatmapExperiment.Settings.paper());
        long shallow = e.memory(new HeatmapExperiment.Panel(5, 200)), deep = e.memory(new HeatmapExperiment.Panel(1000, 200));
        assertThat(deep).isEqualTo(shallow);
        assertThat(deep).as("far below the 160 MB of the depth-1000 network's weights").isLessThan(160_000_000L);
    }

    @Test
    void presetsHoldThePapersPanels() {
        HeatmapExperiment.Settings paper = HeatmapExperiment.Settings.paper();
        assertThat(paper.depthRowWidth()).isEqualTo(200);
        assertThat(paper.depthRowDepths()).containsExactly(5, 50, 300, 1000);
        assertThat(paper.widthRowDepth()).isEqualTo(100);
        assertThat(paper.widthRowWidths()).containsExactly(5, 50, 200, 1000);
        assertThat(paper.inputs()).isEqualTo(50_000);
        assertThat(paper.activation()).isEqualTo(Activation.HARD_TANH);
        assertThat(paper.init()).isEqualTo(GAUSSIAN);
        assertThat(paper.withData(Path.of("mnist")).data()).isEqualTo(Path.of("mnist"));
        assertThat(paper.withData(Path.of("mnist")).inputVariance()).isNaN();
        assertThat(new HeatmapExperiment(HeatmapExperiment.Settings.quick()).cells()).hasSize(7); // (50, 100) is in both rows, computed once
    }

    @Test
    void badConfigurationsNameTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> new HeatmapExperiment.Settings(Activation.TANH, GAUSSIAN, 10, new int[] {5, 0}, 3, new int[] {5}, 100, null, 0.1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--depth-row-depths: depth 0 is invalid; expected depths of at least 1");
        assertThatThrownBy(() -> new HeatmapExperiment.Settings(Activation.TANH, GAUSSIAN, 10, new int[] {5}, 3, new int[] {5, 5}, 100, null, 0.1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--width-row-widths: width 5 repeats; expected distinct widths");
        assertThatThrownBy(() -> new HeatmapExperiment.Settings(Activation.TANH, GAUSSIAN, 10, new int[] {5}, 3, new int[] {5}, 1, null, 0.1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--inputs 1 is invalid; expected at least 2");
        assertThatThrownBy(() -> new HeatmapExperiment.Settings(Activation.TANH, GAUSSIAN, 10, new int[] {5}, 3, new int[] {5}, 100, null, -1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--input-variance -1.0 is invalid; expected a finite value > 0");
        assertThatThrownBy(() -> new HeatmapExperiment.Settings(Activation.TANH, GAUSSIAN, 0, new int[] {5}, 3, new int[] {5}, 100, null, 0.1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--depth-row-width: width 0 is invalid; expected 1 to 46340 nodes per hidden layer (an N x N weight matrix is one Java array)");
        assertThatThrownBy(() -> new HeatmapExperiment.Settings(Activation.TANH, GAUSSIAN, 10, new int[] {5}, 3, new int[] {5}, 100, null, 0.1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--batch 0 is invalid; expected 1 to 1048576");
    }

    @Test
    void aCellIsTheSameBitForBitRunTwiceAndOnAnyThreadCount() {
        HeatmapExperiment e = new HeatmapExperiment(tiny());
        for (HeatmapExperiment.Panel p : List.of(new HeatmapExperiment.Panel(4, 70), new HeatmapExperiment.Panel(3, 5))) {
            String one = Json.write(run(e, p, Blas.on(ONE)));
            assertThat(Json.write(run(new HeatmapExperiment(tiny()), p, Blas.on(ONE)))).isEqualTo(one);
            assertThat(Json.write(run(e, p, Blas.on(TWO)))).as("2 threads, %s", p.key()).isEqualTo(one);
        }
    }

    @Test
    void aLinearOrthogonalNetworkOnIndependentInputsHasUncorrelatedNodes() throws IOException {
        // x_L = Q x_0, Q orthogonal: the covariance is the inputs' (sigma_x^2 I) rotated, so rho_ij ~ N(0, 1/M) off the diagonal.
        int m = 4000;
        HeatmapExperiment e = new HeatmapExperiment(new HeatmapExperiment.Settings(Activation.LINEAR, new Init(Init.Scheme.ORTHOGONAL, 1, 0), 5,
                new int[] {3}, 3, new int[] {5}, m, null, 1, 1000, 3));
        assertThat(e.cells()).containsExactly(new HeatmapExperiment.Panel(3, 5));
        Map<String, Object> r = e.run(e.cells().get(0), Blas.on(TWO));
        double[][] rho2 = ConfigFields.realRows(r, "rho2");
        for (int i = 0; i < 5; i++) {
            assertThat(rho2[i][i]).isEqualTo(1);
            for (int j = 0; j < 5; j++) if (i != j) assertThat(rho2[i][j]).as("rho^2[%d][%d]", i, j).isLessThan(16.0 / m);
        }
        assertThat(ConfigFields.real(r, "vni")).isCloseTo(0.2, within(0.01));
        assertThat(ConfigFields.real(r, "participation_ratio")).isCloseTo(5, within(0.25));
        assertThat(ConfigFields.real(r, "mean_variance")).isCloseTo(1, within(0.05));
        assertThat(ConfigFields.reals(r, "order")).hasSize(5);
    }

    @Test
    void renderWritesTheTableTheTwoFiguresAndAReportWithTheNumbers() throws Exception {
        HeatmapExperiment e = new HeatmapExperiment(tiny());
        List<Map<String, Object>> records = WrittenFiles.recordsViaJson(e.cells(), (p, b) -> run(e, p, b), Blas.on(TWO));
        Rendering out = e.render(records, OutputDir.create(dir));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("heatmap.csv"), 4);
        assertThat(csv.get(0)).contains("figure_row", "depth", "width", "vni", "participation_ratio", "dead_fraction");
        assertThat(csv.get(1)).startsWith("depth", "2", "70");
        assertThat(csv.get(4)).startsWith("width", "3", "70");
        WrittenFiles.figure(dir, "heatmap-depth");
        WrittenFiles.figure(dir, "heatmap-width");
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).isEqualTo(out.report().toMarkdown()).contains("heatmap-depth.png", "heatmap-width.png", "## Reading");
        String vni = CellRecords.text(ConfigFields.real(records.get(0), "vni"));
        assertThat(report).contains("VNI is " + vni);
        assertThat(Files.readString(dir.resolve("heatmap-depth.svg"))).contains("L = 2, VNI = " + vni);
        assertThat(out.console()).contains("VNI", "eq. 3.6");
        assertThat(out.table().size()).isEqualTo(4);
    }

    @Test
    void aCollapsedPanelIsShownCountedAndLeftOutOfTheComparisons() throws Exception {
        // Zero weights: every layer is its biases, constant over the inputs.
        HeatmapExperiment zero = new HeatmapExperiment(new HeatmapExperiment.Settings(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 0, 0), 8,
                new int[] {2}, 2, new int[] {8}, 20, null, 0.1, 7, 1));
        Map<String, Object> dead = zero.run(zero.cells().get(0), Blas.on(ONE));
        assertThat(ConfigFields.real(dead, "vni")).isNaN();
        assertThat(ConfigFields.real(dead, "mean_variance")).isZero();

        HeatmapExperiment e = new HeatmapExperiment(tiny());
        List<Map<String, Object>> records = new java.util.ArrayList<>(WrittenFiles.recordsViaJson(e.cells(), (p, b) -> run(e, p, b), Blas.on(TWO)));
        Map<String, Object> deep = new java.util.LinkedHashMap<>(records.get(1)); // depth 4, width 70: collapsed
        deep.put("vni", null);
        deep.put("participation_ratio", null);
        deep.put("mean_variance", 0.0);
        deep.put("dead_fraction", 1.0);
        records.set(1, deep);
        Rendering out = e.render(records, OutputDir.create(dir));
        List<List<String>> csv = WrittenFiles.csv(dir.resolve("heatmap.csv"), 4);
        int collapsed = csv.get(0).indexOf("collapsed");
        assertThat(csv.get(2).get(collapsed)).isEqualTo("true");
        assertThat(csv.get(1).get(collapsed)).isEqualTo("false");
        String report = Files.readString(dir.resolve("report.md"));
        String reading = report.substring(report.indexOf("## Reading"));
        assertThat(reading).contains("1 of 4 networks collapsed, at L = 4, N = 70 (every node constant over the inputs: the VNI is undefined, the extreme of "
                + "vanishing nodes); they are shown, and counted apart from the comparisons with the theory.")
                .contains("goes from " + CellRecords.text(ConfigFields.real(records.get(0), "participation_ratio")) + " to undefined (collapsed)")
                .doesNotContain("L = 4, N = 70 (0.0714").doesNotContain("NaN");
        assertThat(Files.readString(dir.resolve("heatmap-depth.svg"))).contains("L = 4, collapsed");
        assertThat(out.console()).contains("collapsed");
    }

    @Test
    void renderRefusesAMissingPanel() {
        HeatmapExperiment e = new HeatmapExperiment(tiny());
        assertThatThrownBy(() -> e.render(List.of(), OutputDir.create(dir)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no record for cell depth=2,width=70; expected one record per cell");
    }

    @Test
    void imagesOfAnMnistStyleDirectoryAreTheInputs() throws Exception {
        int n = 30;
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) ((i * 37) % 251);
        idx(dir.resolve("train-images-idx3-ubyte"), new int[] {n, 28, 28}, pixels);
        idx(dir.resolve("t10k-images-idx3-ubyte"), new int[] {n, 28, 28}, pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        idx(dir.resolve("train-labels-idx1-ubyte"), new int[] {n}, labels);
        idx(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {n}, labels);

        HeatmapExperiment.Settings c = new HeatmapExperiment.Settings(Activation.HARD_TANH, GAUSSIAN, 8, new int[] {2}, 2, new int[] {8}, 20, null, 0.1, 7, 1)
                .withData(dir);
        Map<String, Object> r = new HeatmapExperiment(c).run(new HeatmapExperiment.Panel(2, 8), Blas.on(ONE));
        double sum = 0;
        for (int i = 0; i < 20 * 784; i++) {
            double v = (float) ((pixels[i] & 0xff) / 255.0);
            sum += v * v;
        }
        assertThat(ConfigFields.real(r, "input_second_moment")).isCloseTo(sum / (20 * 784), within(1e-12));
        assertThat(ConfigFields.int32(r, "inputs")).isEqualTo(20);
        // The images' own covariance, from the Gram matrix of the centred rows (M = 20 < 784 pixels).
        double[][] x = new double[20][784];
        for (int j = 0; j < 784; j++) {
            double mean = 0;
            for (int i = 0; i < 20; i++) mean += (float) ((pixels[i * 784 + j] & 0xff) / 255.0);
            mean /= 20;
            for (int i = 0; i < 20; i++) x[i][j] = (float) ((pixels[i * 784 + j] & 0xff) / 255.0) - mean;
        }
        double tr = 0, tr2 = 0;
        for (int a = 0; a < 20; a++) {
            for (int b = 0; b < 20; b++) {
                double g = 0;
                for (int j = 0; j < 784; j++) g += x[a][j] * x[b][j];
                tr2 += g * g;
                if (a == b) tr += g;
            }
        }
        assertThat(ConfigFields.real(r, "input_vni")).isCloseTo(tr2 / (tr * tr), within(1e-9));
        assertThat(ConfigFields.real(r, "input_participation_ratio")).isCloseTo(tr * tr / tr2, within(1e-6));
        assertThat(ConfigFields.int32(r, "input_features")).isEqualTo(784);

        HeatmapExperiment tooMany = new HeatmapExperiment(new HeatmapExperiment.Settings(Activation.HARD_TANH, GAUSSIAN, 8, new int[] {2}, 2,
                new int[] {8}, 40, dir, Double.NaN, 7, 1));
        assertThatThrownBy(tooMany::loadData).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--inputs 40 exceeds the 30 training images in " + dir + "; expected at most 30");
    }

    /** An IDX file of unsigned bytes. */
    private static void idx(Path file, int[] dims, byte[] body) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        Files.write(file, b.put(body).array());
    }
}
