package dev.vnlab.experiment;

/**
 * A measured quantity over the networks (or runs) of a point: mean, standard deviation and
 * smallest value, NaN over none.
 */
record Spread(double mean, double sd, double min) {
    static Spread of(double[] v) {
        return new Spread(CellRecords.mean(v), CellRecords.sd(v), CellRecords.min(v));
    }

    /** The lower end of an error bar on a log axis: mean - sd, or the smallest value where that is not positive. */
    double logLower() {
        return mean - sd > 0 ? mean - sd : min;
    }
}
