package dev.vnlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The runs of one learning rate. */
record LearningRateGroup(double lr, List<TrainingRun> runs) {
    double[] each(ToDoubleFunction<TrainingRun> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    double median(ToDoubleFunction<TrainingRun> f) {
        return RunStatistics.median(each(f));
    }

    int diverged() {
        return (int) runs.stream().filter(TrainingRun::diverged).count();
    }

    /** The runs whose output layer ended collapsed. */
    int collapsed() {
        return (int) runs.stream().filter(TrainingRun::collapsedEnd).count();
    }

    /**
     * The runs of every learning rate of these settings that has any, each sorted by run.
     *
     * @throws IllegalArgumentException if a record is malformed or of another learning rate than the settings'
     */
    static List<LearningRateGroup> of(TrainingVni.Settings settings, List<Map<String, Object>> results) {
        List<LearningRateGroup> groups = new ArrayList<>();
        for (double lr : settings.learningRates()) groups.add(new LearningRateGroup(lr, new ArrayList<>()));
        for (Map<String, Object> m : results) {
            TrainingRun r = TrainingRun.of(m);
            LearningRateGroup g = groups.stream().filter(x -> x.lr() == r.lr()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("cell record of learning rate " + r.lr() + " is not of these settings; expected one of "
                            + Arrays.toString(settings.learningRates())));
            if (r.layerVni().length != r.outputVni().length || r.layerVni()[0].length != settings.depth()) {
                throw new IllegalArgumentException("cell record lr=" + r.lr() + ",run=" + r.run() + " has " + r.layerVni().length + " x " + r.layerVni()[0].length
                        + " layer VNIs; expected " + r.outputVni().length + " x " + settings.depth() + " (depth " + settings.depth() + ")");
            }
            g.runs().add(r);
        }
        groups.removeIf(g -> g.runs().isEmpty());
        if (groups.isEmpty()) throw new IllegalArgumentException("no cell records to render; expected at least one run");
        for (LearningRateGroup g : groups) g.runs().sort(java.util.Comparator.comparingInt(TrainingRun::run));
        return groups;
    }
}
