package dev.vnlab.experiment;

import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.spectrum.TheoryValue;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.MeanField;

/**
 * How a report says that an initialisation is critical: from its scales alone (so a merged
 * sweep, rebuilt from the recorded sigma_w^2 and sigma_b^2, says the same as the run that chose
 * them with --critical or --q-star).
 */
final class InitText {
    private InitText() {}

    /** chi within this of 1 is critical (the critical scale is found to a few ulp). */
    static final double CRITICAL_SLACK = 1e-9;

    /**
     * " (critical: chi = sigma_w^2 mu_1(q*) = 1 at q* = 0.5)" when chi = 1, with "every q a fixed
     * point" where the variance map is the identity; "" otherwise or where the theory gives no
     * fixed point.
     */
    static String criticalNote(Activation phi, Init init) {
        double chi = TheoryValue.attempt(() -> Criticality.chi(phi, init.sigmaW2(), init.sigmaB2())).value();
        if (!(Math.abs(chi - 1) <= CRITICAL_SLACK)) return "";
        if (MeanField.isIdentity(phi, init.sigmaW2(), init.sigmaB2())) return " (critical: chi = sigma_w^2 mu_1 = 1, every q a fixed point)";
        double q = MeanField.fixedPoint(phi, init.sigmaW2(), init.sigmaB2());
        return " (critical: chi = sigma_w^2 mu_1(q*) = 1 at q* = " + CellRecords.text(q) + ")";
    }
}
