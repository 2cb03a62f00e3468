package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.settings.Names;
import dev.vnlab.theory.Criticality;
import java.util.ArrayList;
import java.util.List;

/**
 * One cell: run {@code run} of one configuration.
 *
 * @param optimizer the update rule
 * @param activation phi of every hidden layer
 * @param scheme the weight distribution (at the activation's critical sigma_w^2)
 * @param depth L
 * @param learningRate the constant learning rate
 * @param run the run number, 0 to runs - 1
 */
public record GridCell(OptimizerKind optimizer, Activation activation, Init.Scheme scheme, int depth, double learningRate, int run) {
    /** The stable key, e.g. {@code optimizer=sgd,activation=tanh,init=gaussian,depth=25,lr=0.0001,run=3}. */
    public String key() {
        return "optimizer=" + optimizer.id() + ",activation=" + Names.of(activation) + ",init=" + Names.of(scheme) + ",depth=" + depth
                + ",lr=" + Labels.exact(learningRate) + ",run=" + run;
    }

    /** The critical initialisation of this activation and scheme (zero biases). */
    public Init init() {
        return Criticality.init(scheme, activation, 0);
    }

    /**
     * The cells in a fixed order: optimizer, activation, weight distribution, depth, learning
     * rate, run (the last varying fastest), each in the settings' order.
     */
    static List<GridCell> of(TrainingGrid.Settings settings) {
        List<GridCell> cells = new ArrayList<>();
        for (OptimizerRates o : settings.optimizers()) {
            for (Activation a : settings.activations()) {
                for (Init.Scheme w : settings.schemes()) {
                    for (int depth : settings.depths()) {
                        for (double lr : o.learningRates()) {
                            for (int k = 0; k < settings.runs(); k++) cells.add(new GridCell(o.optimizer(), a, w, depth, lr, k));
                        }
                    }
                }
            }
        }
        return cells;
    }
}
