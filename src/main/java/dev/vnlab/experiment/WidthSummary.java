package dev.vnlab.experiment;

import dev.vnlab.experiment.DepthExperiment.Settings;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.spectrum.TheoryAlongDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

    /**
     * The per-(width, depth) statistics over the networks of one width: means and sds over the
     * networks that have not collapsed at that depth, how many have, and the inputs' own VNI and
     * participation ratio (NaN in records of an earlier version, which did not measure them).
     */
record WidthSummary(int width, double qx, double[] covMean, double[] covSd, double[] jacMean, double[] jacSd, double[] jacProbeSe,
                                int[] collapsed, double inputVni, double inputParticipation, double inputFeatures, TheoryAlongDepth theory) {
    /**
     * The summaries of every width from the cells' records in sweep order (width by width,
     * network by network), with the theory at the width and the inputs' mean square.
     *
     * @throws IllegalArgumentException if a record is malformed or holds a number of depths other than the settings'
     */
    static List<WidthSummary> of(Settings settings, List<Map<String, Object>> records) {
        int d = settings.depths().length;
        List<WidthSummary> out = new ArrayList<>();
        for (int w = 0; w < settings.widths().length; w++) {
            int width = settings.widths()[w];
            double[][] cov = new double[settings.nets()][], variance = new double[settings.nets()][], jac = new double[settings.nets()][],
                    se = new double[settings.nets()][];
            double qx = settings.inputVariance(), inputVni = Double.NaN, inputParticipation = Double.NaN, inputFeatures = Double.NaN;
            for (int k = 0; k < settings.nets(); k++) {
                Map<String, Object> r = records.get(w * settings.nets() + k); // sweep order: width-major
                cov[k] = lengthChecked(ConfigFields.reals(r, "covariance_vni"), d, "covariance_vni");
                variance[k] = lengthChecked(ConfigFields.reals(r, "node_variance"), d, "node_variance");
                jac[k] = lengthChecked(ConfigFields.reals(r, "jacobian_vni"), d, "jacobian_vni");
                se[k] = lengthChecked(ConfigFields.reals(r, "jacobian_vni_se"), d, "jacobian_vni_se");
                if (settings.data() != null) qx = ConfigFields.real(r, "input_second_moment");
                if (Double.isNaN(inputVni)) { // the same input set for every network of a width
                    inputVni = ConfigFields.optionalReal(r, "input_vni");
                    inputParticipation = ConfigFields.optionalReal(r, "input_participation_ratio");
                    inputFeatures = ConfigFields.optionalReal(r, "input_features");
                }
            }
            double[] covMean = new double[d], covSd = new double[d], jacMean = new double[d], jacSd = new double[d], probeSe = new double[d];
            int[] collapsed = new int[d];
            for (int l = 0; l < d; l++) {
                double[] c = column(cov, l), v = column(variance, l);
                boolean[] gone = new boolean[c.length];
                for (int k = 0; k < c.length; k++) gone[k] = Collapse.of(c[k], v[k]);
                collapsed[l] = Collapse.count(gone);
                double[] kept = Collapse.kept(c, gone), j = Collapse.kept(column(jac, l), gone), s = Collapse.kept(column(se, l), gone);
                covMean[l] = CellRecords.mean(kept);
                covSd[l] = CellRecords.sd(kept);
                jacMean[l] = CellRecords.mean(j);
                jacSd[l] = CellRecords.sd(j);
                double sq = 0;
                for (double x : s) sq += x * x;
                probeSe[l] = s.length == 0 ? Double.NaN : Math.sqrt(sq) / s.length; // of the mean over networks: independent probes
            }
            out.add(new WidthSummary(width, qx, covMean, covSd, jacMean, jacSd, probeSe, collapsed, inputVni, inputParticipation, inputFeatures,
                    TheoryAlongDepth.of(settings.activation(), settings.init(), settings.depths(), width, qx)));
        }
        return out;
    }

    private static double[] lengthChecked(double[] v, int n, String field) {
        if (v.length != n) throw new IllegalArgumentException("record field '" + field + "' has " + v.length + " values; expected " + n + ", one per depth");
        return v;
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) c[i] = rows[i][j];
        return c;
    }
}
