package dev.vnlab.experiment;

import dev.vnlab.settings.ConfigFields;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** One training run of the train command, its record read back. */
record TrainingRun(double lr, int run, String status, String message, int epochs, double[] trainLoss, double[] trainAccuracy,
                         double[] testAccuracy, double[] outputVni, double[][] layerVni, Map<String, double[][]> diagnostics, double seconds) {
    static TrainingRun of(Map<String, Object> r) {
        Map<String, double[][]> diagnostics = new LinkedHashMap<>();
        for (String key : TrainingVni.DIAGNOSTICS.keySet()) if (r.containsKey(key)) diagnostics.put(key, ConfigFields.realRows(r, key)); // older records: none
        return new TrainingRun(ConfigFields.real(r, "lr"), ConfigFields.int32(r, "run"), ConfigFields.string(r, "status"), ConfigFields.string(r, "message"),
                ConfigFields.int32(r, "epochs"), ConfigFields.reals(r, "train_loss"), ConfigFields.reals(r, "train_accuracy"),
                ConfigFields.reals(r, "test_accuracy"), ConfigFields.reals(r, "output_vni"), ConfigFields.realRows(r, "layer_vni"), diagnostics,
                ConfigFields.real(r, "seconds"));
    }

    /**
     * Diagnostic {@code key} ({@link TrainingVni#DIAGNOSTICS}) of hidden layer {@code layer}
     * (0-based; -1 for the last) at measurement {@code moment} (0: initialisation); NaN where the
     * run has no such value.
     */
    double diagnostic(String key, int moment, int layer) {
        double[][] v = diagnostics.get(key);
        if (v == null || moment >= v.length || v[moment].length == 0) return Double.NaN;
        int l = layer < 0 ? v[moment].length - 1 : layer;
        return l < v[moment].length ? v[moment][l] : Double.NaN;
    }

    boolean diverged() {
        return "diverged".equals(status);
    }

    /**
     * Hidden layer {@code layer} (0-based) collapsed at measurement {@code moment} (0: at
     * initialisation), told as {@link Collapse#ofTraining} does: not for the last
     * measurement of a diverged run.
     */
    boolean collapsed(int moment, int layer) {
        return moment < layerVni.length && Collapse.ofTraining(layerVni[moment][layer], diverged() && moment == layerVni.length - 1);
    }

    /** The output layer (the last hidden layer) collapsed after {@code epoch} epochs. */
    boolean outputCollapsed(int epoch) {
        return epoch < outputVni.length && Collapse.ofTraining(outputVni[epoch], diverged() && epoch == outputVni.length - 1);
    }

    /** The output layer collapsed after the last epoch the run completed. */
    boolean collapsedEnd() {
        return outputCollapsed(outputVni.length - 1);
    }

    /** The status of training-vni-runs.csv: the trainer's, except a run that ended collapsed is "collapsed". */
    String shownStatus() {
        return collapsedEnd() ? "collapsed" : status;
    }

    /** The value after {@code epoch} epochs (epoch 0: initialisation) of a per-epoch series, NaN where the run has none. */
    static double at(double[] perEpoch, int epoch) {
        return epoch >= 1 && epoch <= perEpoch.length ? perEpoch[epoch - 1] : Double.NaN;
    }

    double vni(int epoch) {
        return epoch < outputVni.length ? outputVni[epoch] : Double.NaN;
    }

    double finalVni() {
        return outputVni[outputVni.length - 1];
    }

    double maxVni() {
        return Arrays.stream(outputVni).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    static double last(double[] v) {
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }
}
