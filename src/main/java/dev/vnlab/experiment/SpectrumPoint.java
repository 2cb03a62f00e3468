package dev.vnlab.experiment;

import dev.vnlab.experiment.SpectrumExperiment.Settings;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.spectrum.SpectralQuadrature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One (width, depth) point: measurements over its networks, the theory, the pooled
 * eigenvalues (exact route) or Lanczos measure (its masses divided among the networks) and
 * the highest of the networks' resolution floors. The ratios (m2/m1², the VNIs) are over the networks that have not collapsed,
 * {@code collapsed} counts the others (NaN-free m1 and m2 are over every network). The
 * {@code ProbeSe} values are the standard errors of the means that the start vectors alone
 * make (0 on the exact route).
 */
record SpectrumPoint(int width, int depth, int nets, int collapsed, Spread m1, double m1ProbeSe, Spread m2, Spread ratio, double ratioProbeSe,
                     Spread jacobianVni, double vniProbeSe, Spread covarianceVni,
                     double fixedM1, double finiteM1, double fixedRatio, double finiteRatio, double fixedVni, double finiteVni, String note,
                     Spread largest, double[] eigenvalues, SpectralQuadrature.Measure measure, double floor) {
    /**
     * The points of every width (in the settings' order of widths, then depths) from every cell's
     * record, in any order.
     *
     * @throws IllegalArgumentException if a cell's record is missing or malformed
     */
    static List<List<SpectrumPoint>> of(Settings settings, List<Map<String, Object>> records) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            byKey.put(new SpectrumExperiment.Network(ConfigFields.int32(r, "width"), ConfigFields.int32(r, "depth"), ConfigFields.int32(r, "net")).key(), r);
        }
        List<List<SpectrumPoint>> out = new ArrayList<>();
        for (int n : settings.widths()) {
            List<SpectrumPoint> width = new ArrayList<>();
            for (int l : settings.depths()) {
                int k = settings.netsAt(n);
                double[] m1 = new double[k], m2 = new double[k], ratio = new double[k], jac = new double[k], cov = new double[k], top = new double[k];
                double[] m1Se = new double[k], ratioSe = new double[k], jacSe = new double[k];
                boolean[] collapsed = new boolean[k];
                List<double[]> eig = new ArrayList<>(), nodes = new ArrayList<>(), masses = new ArrayList<>();
                Map<String, Object> first = null;
                double floor = 0;
                for (int i = 0; i < k; i++) {
                    SpectrumExperiment.Network cell = new SpectrumExperiment.Network(n, l, i);
                    Map<String, Object> r = byKey.get(cell.key());
                    if (r == null) throw new IllegalArgumentException("no record for cell " + cell.key() + "; expected one record per cell");
                    if (first == null) first = r;
                    m1[i] = ConfigFields.real(r, "m1");
                    m2[i] = ConfigFields.real(r, "m2");
                    ratio[i] = ConfigFields.real(r, "m2_over_m1_squared");
                    m1Se[i] = ConfigFields.real(r, "m1_se");
                    ratioSe[i] = ConfigFields.real(r, "m2_over_m1_squared_se");
                    jacSe[i] = ConfigFields.real(r, "jacobian_vni_se");
                    jac[i] = ConfigFields.real(r, "jacobian_vni");
                    cov[i] = ConfigFields.real(r, "covariance_vni");
                    collapsed[i] = Collapse.of(cov[i], ConfigFields.optionalReal(r, "node_variance")); // records of an earlier version: never
                    eig.add(ConfigFields.reals(r, "eigenvalues"));
                    top[i] = ConfigFields.optionalReal(r, "largest"); // records of an earlier version lack the three
                    nodes.add(ConfigFields.optionalReals(r, "spectrum_nodes"));
                    double[] w = ConfigFields.optionalReals(r, "spectrum_masses");
                    for (int j = 0; j < w.length; j++) w[j] /= k;
                    masses.add(w);
                    floor = Math.max(floor, Math.max(0, ConfigFields.optionalReal(r, "spectrum_floor")));
                }
                Object note = first.get("theory_note");
                width.add(new SpectrumPoint(n, l, k, Collapse.count(collapsed), Spread.of(m1), seOfMean(m1Se), Spread.of(m2), Spread.of(Collapse.kept(ratio, collapsed)),
                        seOfMean(Collapse.kept(ratioSe, collapsed)), Spread.of(Collapse.kept(jac, collapsed)), seOfMean(Collapse.kept(jacSe, collapsed)),
                        Spread.of(Collapse.kept(cov, collapsed)),
                        ConfigFields.real(first, "fixed_point_m1"), ConfigFields.real(first, "finite_depth_m1"),
                        ConfigFields.real(first, "fixed_point_m2_over_m1_squared"), ConfigFields.real(first, "finite_depth_m2_over_m1_squared"),
                        ConfigFields.real(first, "fixed_point_vni"), ConfigFields.real(first, "finite_depth_vni"),
                        note == null ? null : note.toString(), Spread.of(top), CellRecords.concat(eig),
                        new SpectralQuadrature.Measure(CellRecords.concat(nodes), CellRecords.concat(masses)), floor));
            }
            out.add(width);
        }
        return out;
    }

    /** The standard error of a mean of independent estimates with these standard errors; NaN over none. */
    private static double seOfMean(double[] se) {
        double var = 0;
        for (double x : se) var += x * x;
        return se.length == 0 ? Double.NaN : Math.sqrt(var) / se.length;
    }

    /**
     * The error bar of a Jacobian quantity: the sd over the networks, or where one network was
     * measured, the start vectors' standard error (NaN when neither exists).
     */
    static double bar(Spread s, double probeSe) {
        return Double.isFinite(s.sd()) ? s.sd() : probeSe > 0 ? probeSe : Double.NaN;
    }
}
