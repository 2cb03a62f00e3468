package dev.vnlab.experiment;

import dev.vnlab.sweep.Cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Blas;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.parallel.Workers;
import dev.vnlab.report.Csv;
import dev.vnlab.report.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fig. 3.1's outputs from cell records: collapsed networks, the inputs' own correlations, both predictions, one depth. */
class DepthExperimentTest {
    @TempDir Path dir;

    /** Width 6, three networks, the given depths, 12 synthetic inputs, the Jacobian exactly at 2 of them. */
    private static DepthExperiment tiny(Activation phi, Init init, int... depths) {
        return new DepthExperiment(new DepthExperiment.Settings(phi, init, new int[] {6}, depths, 3, 12, null, 0.1, 2, 0, 5, 3));
    }

    private static List<Map<String, Object>> records(DepthExperiment e) throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        try (Workers w = Workers.of(1)) {
            for (DepthExperiment.Params p : e.sweep().cells().stream().map(Cell::params).toList()) records.add(e.run(p, Blas.on(w)));
        }
        return new ArrayList<>(ExperimentChecks.asParsed(records));
    }

    /** Sets a record's list entry k (the parsed JSON form). */
    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> record, String field, int k, Double value) {
        ((List<Object>) record.get(field)).set(k, value);
    }

    @Test
    void collapsedNetworksAreCountedApartAndANaNThatIsNotCollapseIsNot() throws Exception {
        DepthExperiment e = tiny(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), 1, 3);
        List<Map<String, Object>> records = records(e);
        // Network 2 collapsed at L = 3: an undefined VNI where every node's variance is 0 (its Jacobian is then 0 too).
        set(records.get(2), "covariance_vni", 1, null);
        set(records.get(2), "node_variance", 1, 0.0);
        set(records.get(2), "jacobian_vni", 1, null);
        // Network 1's values at L = 1 were not finite: NaN VNI and NaN variance, not collapse.
        set(records.get(1), "covariance_vni", 0, null);
        set(records.get(1), "node_variance", 0, null);
        String console = e.finish("test", records, OutputDir.create(dir));

        List<List<String>> csv = Csv.parse(Files.readString(dir.resolve("depth.csv")));
        List<String> header = csv.get(0);
        List<String> deep = csv.get(2), shallow = csv.get(1);
        assertThat(deep.get(header.indexOf("collapsed"))).isEqualTo("1");
        double mean = (((Number) ((List<?>) records.get(0).get("covariance_vni")).get(1)).doubleValue()
                + ((Number) ((List<?>) records.get(1).get("covariance_vni")).get(1)).doubleValue()) / 2;
        assertThat(Double.parseDouble(deep.get(header.indexOf("covariance_vni_mean")))).as("the two that did not collapse").isEqualTo(mean);
        assertThat(Double.parseDouble(deep.get(header.indexOf("jacobian_vni_mean")))).isFinite();
        assertThat(shallow.get(header.indexOf("collapsed"))).as("a non-finite network is not collapsed").isEqualTo("0");
        assertThat(shallow.get(header.indexOf("covariance_vni_mean"))).as("and its NaN is not hidden").isEqualTo("NaN");

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("1 of 3 networks collapsed at L = 3 (every node constant over the inputs: the VNI is undefined, the extreme of vanishing "
                + "nodes); they are counted apart, not averaged.").doesNotContain("collapsed at L = 1");
        assertThat(console).contains("collapsed");
    }

    @Test
    void theInputsOwnVniIsReportedAndReadWhereItIsFarAboveThatOfIndependentFeatures() throws Exception {
        DepthExperiment e = tiny(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), 1, 3);
        List<Map<String, Object>> records = records(e);
        Map<String, Object> first = records.get(0);
        assertThat(first).containsKeys("input_vni", "input_participation_ratio", "input_features");
        assertThat((double) first.get("input_vni")).isBetween(1 / 6.0, 1.0);
        assertThat(first.get("input_features")).isEqualTo(6L);
        e.finish("test", records, OutputDir.create(dir.resolve("synthetic")));
        String md = Files.readString(dir.resolve("synthetic/report.md"));
        assertThat(md).contains("The inputs themselves have VNI " + CellRecords.text((double) first.get("input_vni")));
        List<List<String>> csv = Csv.parse(Files.readString(dir.resolve("synthetic/depth.csv")));
        assertThat(Double.parseDouble(csv.get(1).get(csv.get(0).indexOf("input_vni")))).isEqualTo((double) first.get("input_vni"));

        for (Map<String, Object> r : records) { // correlated inputs: one direction carries most of the variance
            r.put("input_vni", 0.9);
            r.put("input_participation_ratio", 1 / 0.9);
        }
        e.finish("test", records, OutputDir.create(dir.resolve("correlated")));
        assertThat(Files.readString(dir.resolve("correlated/report.md"))).contains("The inputs themselves have VNI 0.9 (participation ratio 1.11 of their 6 "
                + "features; 1/n0 = 0.167). That is far above the VNI of independent features of equal variance (about 1/n0 + 1/M = 0.25)")
                .contains("which the Jacobian VNI does not see");

        for (Map<String, Object> r : records) { // records of an earlier version: nothing measured, nothing said
            r.remove("input_vni");
            r.remove("input_participation_ratio");
            r.remove("input_features");
        }
        e.finish("test", records, OutputDir.create(dir.resolve("old")));
        assertThat(Files.readString(dir.resolve("old/report.md"))).doesNotContain("The inputs themselves");
    }

    @Test
    void bothPredictionsAreSetAgainstTheJacobianVni() throws Exception {
        // Tanh at sigma_w^2 = 1, orthogonal: eq. 3.6 assumes q* = 0 (VNI 1/N), the finite-depth form follows q_l down from q_x.
        DepthExperiment e = tiny(Activation.TANH, new Init(Init.Scheme.ORTHOGONAL, 1, 0), 1, 3);
        e.finish("test", records(e), OutputDir.create(dir));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("Eq. 3.6 ").contains("The finite-depth prediction ").contains("eq. 3.6 predicts 0.167 to 0.167 and the finite-depth theory ");
    }

    @Test
    void aPredictionOffAtTheFirstDepthAndWithinAtTheNextIsNotCalledOffFromThereOn() throws Exception {
        DepthExperiment e = tiny(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), 1, 3);
        List<Map<String, Object>> records = records(e);
        for (Map<String, Object> r : records) { // eq. 3.6 gives (1 + L)/N: 1/3 at L = 1 (-33% off 0.5), 2/3 at L = 3 (+1% off 0.66)
            set(r, "jacobian_vni", 0, 0.5);
            set(r, "jacobian_vni", 1, 0.66);
        }
        e.finish("test", records, OutputDir.create(dir));
        assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("from the smallest depth on")
                .contains("Eq. 3.6 is within 10% of the Jacobian VNI at L = 3 and more than 10% off at L = 1 (0.333 against 0.5, −33%).");
    }

    @Test
    void oneDepthIsReadAsOneDepth() throws Exception {
        DepthExperiment e = tiny(Activation.HARD_TANH, new Init(Init.Scheme.GAUSSIAN, 1, 0), 3);
        e.finish("test", records(e), OutputDir.create(dir));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("Width 6: at L = 3 (L/N = 0.5) the covariance VNI is ").doesNotContain("from L = 3 to L = 3").doesNotContain("goes from");
    }
}
