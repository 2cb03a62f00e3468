package dev.vnlab.experiment;

import dev.vnlab.optim.Adam;
import dev.vnlab.optim.Momentum;
import dev.vnlab.optim.Optimizer;
import dev.vnlab.optim.Parameter;
import dev.vnlab.optim.RmsProp;
import dev.vnlab.optim.Sgd;
import dev.vnlab.settings.Names;
import java.util.List;

/**
 * The update rules of Fig. 5.1 (SGD) and its supplementary (momentum 0.9, Adam, RMSProp). The
 * paper names no other hyper-parameter; those here are the defaults of MXNet, the framework it
 * ran on: Adam beta1 0.9, beta2 0.999, eps 1e-8; RMSProp decay 0.9, eps 1e-8 (MXNet's gamma1),
 * where PyTorch's default decay is 0.99.
 */
public enum OptimizerKind {
    /** Plain SGD. */
    SGD("SGD"),
    /** SGD with momentum 0.9 (heavy ball, not Nesterov). */
    MOMENTUM("momentum 0.9"),
    /** Adam. */
    ADAM("Adam"),
    /** RMSProp. */
    RMSPROP("RMSProp");

    private final String label;

    OptimizerKind(String label) {
        this.label = label;
    }

    /** The lower-case name used in cell keys, records and file names: "sgd", "momentum", "adam", "rmsprop". */
    public String id() {
        return Names.of(this);
    }

    /** The name shown in tables and figures. */
    public String label() {
        return label;
    }

    /** A fresh optimizer of this rule over {@code params}. */
    public Optimizer create(List<Parameter> params) {
        return switch (this) {
            case SGD -> new Sgd(params);
            case MOMENTUM -> new Momentum(params, 0.9, false);
            case ADAM -> new Adam(params, 0.9, 0.999, 1e-8, false);
            case RMSPROP -> new RmsProp(params, 0.9, 1e-8);
        };
    }

    /** The arrays of state the rule keeps per parameter array: 0 for SGD, 1 for momentum and RMSProp, 2 for Adam. */
    public int states() {
        return switch (this) {
            case SGD -> 0;
            case MOMENTUM, RMSPROP -> 1;
            case ADAM -> 2;
        };
    }

    /**
     * The rule named {@code id} (case-insensitive, as {@link Names#parse}).
     *
     * @throws IllegalArgumentException naming the value and the names expected
     */
    public static OptimizerKind parse(String id) {
        return Names.parse(OptimizerKind.class, "optimizer", id);
    }
}
