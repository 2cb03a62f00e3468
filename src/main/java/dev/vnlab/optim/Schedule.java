package dev.vnlab.optim;

/** A learning rate as a function of the epoch (0-based). */
@FunctionalInterface
public interface Schedule {
    /** The learning rate for epoch {@code epoch}. */
    double rate(int epoch);

    /** The same rate every epoch. */
    static Schedule constant(double lr) {
        checkRate(lr);
        return e -> lr;
    }

    /** {@code lr * gamma^floor(epoch / every)}: step decay. */
    static Schedule step(double lr, int every, double gamma) {
        checkRate(lr);
        if (every < 1) throw new IllegalArgumentException("step schedule period " + every + " is invalid; expected at least 1 epoch");
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("step schedule factor " + gamma + " is invalid; expected (0, 1]");
        return e -> lr * Math.pow(gamma, Math.floorDiv(e, every));
    }

    /** Cosine annealing from lr to {@code min} over {@code epochs} epochs, then min. */
    static Schedule cosine(double lr, double min, int epochs) {
        checkRate(lr);
        if (!(min >= 0 && min <= lr)) throw new IllegalArgumentException("cosine schedule floor " + min + " is invalid; expected 0 to " + lr);
        if (epochs < 1) throw new IllegalArgumentException("cosine schedule length " + epochs + " is invalid; expected at least 1 epoch");
        return e -> e >= epochs ? min : min + (lr - min) * (1 + Math.cos(Math.PI * e / epochs)) / 2;
    }

    private static void checkRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate " + lr + " is invalid; expected a finite value > 0");
    }
}
