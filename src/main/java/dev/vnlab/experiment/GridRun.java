package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.settings.Names;
import java.util.Map;

/** One run of the training grid, its record read back. */
record GridRun(OptimizerKind optimizer, Activation activation, Init.Scheme scheme, double sigmaW2, int depth, double lr, int run,
                         String status, boolean success, boolean diverged, String message, int epochs, double finalAccuracy, double vniInit,
                         double vniEnd, double seconds) {
    static GridRun of(Map<String, Object> r) {
        return new GridRun(OptimizerKind.parse(ConfigFields.string(r, "optimizer")), Names.parse(Activation.class, "cell record activation", ConfigFields.string(r, "activation")),
                Names.parse(Init.Scheme.class, "cell record init", ConfigFields.string(r, "init")), ConfigFields.real(r, "sigma_w2"), ConfigFields.int32(r, "depth"),
                ConfigFields.real(r, "lr"), ConfigFields.int32(r, "run"), ConfigFields.string(r, "status"), ConfigFields.flag(r, "success"),
                ConfigFields.flag(r, "diverged"), ConfigFields.string(r, "message"), ConfigFields.int32(r, "epochs"), ConfigFields.real(r, "final_train_accuracy"),
                ConfigFields.real(r, "vni_init"), ConfigFields.real(r, "vni_end"), ConfigFields.real(r, "seconds"));
    }

    /** The output layer collapsed at initialisation (see {@link Collapse#ofTraining}: a run diverged in its first epoch has no finite network to tell). */
    boolean collapsedInit() {
        return Collapse.ofTraining(vniInit, diverged && epochs == 0);
    }

    /** The output layer collapsed after the last completed epoch; not told for a diverged run, whose last network may not be finite. */
    boolean collapsedEnd() {
        return Collapse.ofTraining(vniEnd, diverged);
    }

    /** A run that failed without diverging and ended collapsed. */
    boolean failedCollapsed() {
        return !success && collapsedEnd();
    }

    /** The status of grid-runs.csv: the trainer's, except a run that failed and ended collapsed is "collapsed". */
    String shownStatus() {
        return failedCollapsed() ? "collapsed" : status;
    }
}
