package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.settings.Names;
import dev.vnlab.theory.Criticality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** The runs of one panel of the figure: optimizer x activation x weights. */
record GridPanel(OptimizerKind optimizer, Activation activation, Init.Scheme scheme, double[] lrs, List<GridRun> runs) {
    /** The panel in prose: "SGD, tanh, Gaussian". */
    String name() {
        return optimizer.label() + ", " + Labels.display(activation) + ", " + Labels.display(scheme);
    }

    String title() {
        return Labels.display(activation) + ", " + Labels.display(scheme) + ", σw² = " + Labels.compact(Criticality.init(scheme, activation, 0).sigmaW2());
    }

    List<GridRun> at(int depth, double lr) {
        return select(r -> r.depth() == depth && r.lr() == lr);
    }

    List<GridRun> select(Predicate<GridRun> p) {
        return runs.stream().filter(p).toList();
    }

    /**
     * The panels of these settings that hold runs, each with its runs sorted by depth, learning rate and run.
     *
     * @throws IllegalArgumentException if a record is malformed or outside the settings' grid
     */
    static List<GridPanel> of(TrainingGrid.Settings settings, List<Map<String, Object>> results) {
        List<GridPanel> panels = new ArrayList<>();
        for (OptimizerRates o : settings.optimizers()) {
            for (Activation a : settings.activations()) for (Init.Scheme w : settings.schemes()) panels.add(new GridPanel(o.optimizer(), a, w, o.learningRates(), new ArrayList<>()));
        }
        List<GridRun> records = new ArrayList<>();
        for (Map<String, Object> m : results) records.add(GridRun.of(m));
        records.sort(Comparator.comparingInt((GridRun r) -> r.depth()).thenComparingDouble(r -> r.lr()).thenComparingInt(r -> r.run()));
        for (GridRun r : records) {
            GridPanel p = panels.stream().filter(x -> x.optimizer() == r.optimizer() && x.activation() == r.activation() && x.scheme() == r.scheme()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("cell record " + r.optimizer().id() + "/" + Names.of(r.activation()) + "/" + Names.of(r.scheme())
                            + " is not a panel of these settings"));
            if (Arrays.stream(settings.depths()).noneMatch(d -> d == r.depth()) || Arrays.stream(p.lrs()).noneMatch(lr -> lr == r.lr())) {
                throw new IllegalArgumentException("cell record of depth " + r.depth() + " and learning rate " + r.lr() + " is outside the grid of these settings; expected depths "
                        + Arrays.toString(settings.depths()) + " and learning rates " + Arrays.toString(p.lrs()));
            }
            p.runs().add(r);
        }
        panels.removeIf(p -> p.runs().isEmpty());
        if (panels.isEmpty()) throw new IllegalArgumentException("no cell records to render; expected at least one run");
        return panels;
    }

    static double successRate(List<GridRun> runs) {
        boolean[] f = new boolean[runs.size()];
        for (int i = 0; i < f.length; i++) f[i] = runs.get(i).success();
        return RunStatistics.rate(f);
    }

    static double median(List<GridRun> runs, ToDoubleFunction<GridRun> f) {
        return RunStatistics.median(runs.stream().mapToDouble(f).toArray());
    }
}
