package dev.vnlab.experiment;

import dev.vnlab.experiment.GradientScales.Settings;
import dev.vnlab.nn.Init;
import dev.vnlab.settings.ConfigFields;
import dev.vnlab.spectrum.TheoryAlongDepth;
import dev.vnlab.spectrum.TheoryValue;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.Predictions;
import dev.vnlab.theory.SignalScales;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One (sigma_w^2, depth) point: the measurements over its networks and the theory beside
 * them; the VNI over the networks that have not collapsed, {@code collapsed} counting the others.
 */
record GradientPoint(double sigmaW2, double chi, int depth, Spread forward, Spread backward, Spread[] weights, Spread vni, int collapsed,
                     SignalScales fixed, SignalScales finite, double chiToL, double fixedVni, double finiteVni) {
    double fixedWeight(int l) { return fixed == null ? Double.NaN : fixed.weightGradientVariances().get(l); }

    double finiteWeight(int l) { return finite == null ? Double.NaN : finite.weightGradientVariances().get(l); }

    double fixedForward() { return fixed == null ? Double.NaN : fixed.forwardVariance(); }

    double finiteForward() { return finite == null ? Double.NaN : finite.forwardVariance(); }

    double fixedBackward() { return fixed == null ? Double.NaN : fixed.backwardVariance(); }

    double finiteBackward() { return finite == null ? Double.NaN : finite.backwardVariance(); }

    /**
     * The points of every weight scale (in the settings' order, then depths) from every cell's
     * record, in any order, with the theory beside them.
     *
     * @throws IllegalArgumentException if a cell's record is missing or malformed
     */
    static List<List<GradientPoint>> of(Settings settings, List<Map<String, Object>> records) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            GradientScales.Network cell = new GradientScales.Network(ConfigFields.real(r, "sigma_w2"), ConfigFields.int32(r, "depth"), ConfigFields.int32(r, "net"));
            byKey.put(cell.key(), r);
        }
        List<List<GradientPoint>> out = new ArrayList<>();
        for (double w : settings.sigmaW2()) {
            Init init = settings.init(w);
            double chi = TheoryValue.attempt(() -> Criticality.chi(settings.activation(), w, settings.sigmaB2())).value();
            List<GradientPoint> scale = new ArrayList<>();
            for (int depth : settings.depths()) {
                double[] fwd = new double[settings.nets()], bwd = new double[settings.nets()], vni = new double[settings.nets()];
                boolean[] collapsed = new boolean[settings.nets()];
                double[][] wg = new double[depth][settings.nets()];
                for (int k = 0; k < settings.nets(); k++) {
                    GradientScales.Network cell = new GradientScales.Network(w, depth, k);
                    Map<String, Object> r = byKey.get(cell.key());
                    if (r == null) throw new IllegalArgumentException("no record for cell " + cell.key() + "; expected one record per cell");
                    fwd[k] = ConfigFields.real(r, "forward_variance");
                    bwd[k] = ConfigFields.real(r, "backward_variance");
                    vni[k] = ConfigFields.real(r, "vni");
                    collapsed[k] = Collapse.of(vni[k], fwd[k]); // the forward variance is the last layer's mean node variance
                    double[] g = ConfigFields.reals(r, "weight_gradient_variance");
                    if (g.length != depth) {
                        throw new IllegalArgumentException("cell " + cell.key() + " records " + g.length + " weight-gradient variances; expected " + depth + ", one per layer");
                    }
                    for (int l = 0; l < depth; l++) wg[l][k] = g[l];
                }
                Spread[] weights = new Spread[depth];
                for (int l = 0; l < depth; l++) weights[l] = Spread.of(wg[l]);
                SignalScales fixed = scales(() -> Predictions.fixedPointScales(settings.activation(), init, depth, settings.inputVariance(), settings.cotangentVariance()));
                SignalScales finite = scales(() -> Predictions.finiteDepthScales(settings.activation(), init, depth, settings.inputVariance(),
                        settings.inputVariance(), settings.cotangentVariance()));
                TheoryAlongDepth vniTheory = TheoryAlongDepth.of(settings.activation(), init, new int[] {depth}, settings.width(), settings.inputVariance());
                scale.add(new GradientPoint(w, chi, depth, Spread.of(fwd), Spread.of(bwd), weights, Spread.of(Collapse.kept(vni, collapsed)), Collapse.count(collapsed),
                        fixed, finite, vniTheory.fixedPoint().get(0).m1(), vniTheory.fixedPointVni()[0], vniTheory.finiteDepthVni()[0]));
            }
            out.add(scale);
        }
        return out;
    }

    /** The theory's scales, or null where it rules the configuration out. */
    private static SignalScales scales(Supplier<SignalScales> theory) {
        try {
            return theory.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }
}
