package dev.vnlab.experiment;

import static dev.vnlab.experiment.CellRecords.text;

import dev.vnlab.experiment.GradientScales.Settings;
import dev.vnlab.nn.Activation;
import dev.vnlab.spectrum.TheoryValue;
import dev.vnlab.theory.MeanField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The reading of the gradient-scales experiment's report: what its numbers show against the theory, whichever way they go. */
final class GradientScalesReading {
    /** chi within this of 1 is critical (the critical scale is found to a few ulp). */
    private static final double CRITICAL_SLACK = 1e-9;

    private final Settings settings;

    GradientScalesReading(Settings settings) {
        this.settings = settings;
    }

    /** A weight scale in prose, with its chi or "(critical)". */
    static String scaleName(double sigmaW2, double chi) {
        return "σ_w² = " + text(sigmaW2) + (Math.abs(chi - 1) <= CRITICAL_SLACK ? " (critical)" : " (χ = " + text(chi) + ")");
    }

    String reading(List<List<GradientPoint>> byScale) {
        StringBuilder s = new StringBuilder("Theory is set against measurement below as theory / measured − 1, or as the factor theory / measured "
                + "where that is beyond 2. ");
        int lo = settings.depths()[0], hi = settings.depths()[settings.depths().length - 1];
        for (List<GradientPoint> scale : byScale) {
            GradientPoint a = scale.get(0), b = scale.get(scale.size() - 1);
            if (lo == hi) {
                s.append(String.format(Locale.ROOT, "At %s and L = %d the backward variance is %s (χ^L = %s), the forward variance %s, the weight-gradient "
                                + "variance of layer 1 %s, and the VNI %s. ", scaleName(a.sigmaW2(), a.chi()), lo, text(a.backward().mean()), text(a.chiToL()),
                        text(a.forward().mean()), text(a.weights()[0].mean()), vniText(a)));
            } else {
                s.append(String.format(Locale.ROOT, "At %s, from L = %d to %d the backward variance goes from %s to %s (×%s; χ^L predicts ×%s), "
                                + "the forward variance from %s to %s (×%s), the weight-gradient variance of layer 1 from %s to %s (×%s), and the VNI from %s to %s. ",
                        scaleName(a.sigmaW2(), a.chi()), lo, hi, text(a.backward().mean()), text(b.backward().mean()), text(b.backward().mean() / a.backward().mean()),
                        text(b.chiToL() / a.chiToL()), text(a.forward().mean()), text(b.forward().mean()), text(b.forward().mean() / a.forward().mean()),
                        text(a.weights()[0].mean()), text(b.weights()[0].mean()), text(b.weights()[0].mean() / a.weights()[0].mean()), vniText(a), vniText(b)));
            }
            List<String> collapsed = new ArrayList<>();
            for (GradientPoint p : scale) if (p.collapsed() > 0) collapsed.add(p.collapsed() + " of " + settings.nets() + " networks collapsed at L = " + p.depth());
            if (!collapsed.isEmpty()) {
                s.append(Collapse.sentence(String.join(", ", collapsed), "their VNI is counted apart, not averaged (their variances, which are defined, are)"))
                        .append(' ');
            }
            s.append(String.format(Locale.ROOT, "Theory against the measured means at the worst depth: finite-depth %s (forward), %s (backward), %s (layer-1 weights); fixed point %s, %s, %s. Between networks the backward variance at L = %d has sd %s of its mean. ",
                    worst(scale, p -> p.forward().mean(), GradientPoint::finiteForward), worst(scale, p -> p.backward().mean(), GradientPoint::finiteBackward),
                    worst(scale, p -> p.weights()[0].mean(), p -> p.finiteWeight(0)), worst(scale, p -> p.forward().mean(), GradientPoint::fixedForward),
                    worst(scale, p -> p.backward().mean(), GradientPoint::fixedBackward), worst(scale, p -> p.weights()[0].mean(), p -> p.fixedWeight(0)),
                    hi, text(b.backward().sd() / b.backward().mean())));
        }
        for (List<GradientPoint> scale : byScale) {
            GradientPoint b = scale.get(scale.size() - 1);
            if (b.chi() > 1 + CRITICAL_SLACK && b.forward().mean() < 0.1 * b.fixedForward()) {
                s.append(String.format(Locale.ROOT, "At %s the forward variance stays at %s where σ_x² χ^L is %s: the activation's outputs cannot grow "
                                + "with the linearised signal, so eq. 4.1 and the weight-gradient form of eq. 4.3 (which takes Var[x_{l−1}] from it) do not apply; "
                                + "eq. 4.2 involves only derivatives. ",
                        scaleName(b.sigmaW2(), b.chi()), text(b.forward().mean()), text(b.fixedForward())));
            }
        }
        s.append(pointOfThePaper(byScale));
        double critical = criticalScaleOrNaN(byScale);
        double qStar = TheoryValue.attempt(() -> MeanField.fixedPoint(settings.activation(), critical, settings.sigmaB2())).value();
        if (qStar == 0 && MeanField.isIdentity(settings.activation(), critical, settings.sigmaB2())) {
            s.append("At the critical scale the variance map is the identity (every q is a fixed point), so q_l stays at q_1 = σ_w² σ_x² and the "
                    + "finite-depth scales are the fixed-point ones. ");
        } else if (qStar == 0) {
            s.append("The critical scale's fixed point is q* = 0, which q_l approaches only slowly" + (settings.activation() == Activation.TANH ? " (like 1/l)" : "")
                    + ", so along the actual variance sequence χ_l stays below 1 and the finite-depth scales decay with L where the fixed-point form is constant. ");
        }
        s.append("The VNI predictions (eq. 3.6 and its finite-depth form) are first order in L/N and not bounded by 1; the covariance VNI equals the "
                + "Jacobian ratio they predict only where x_L − mean ≈ J x_0 holds (docs/theory.md section 5), and over M = " + settings.inputs()
                + " inputs it is biased upward by about 1/M = " + text(1.0 / settings.inputs()) + ".");
        return s.toString();
    }

    /**
     * The comparison the paper's point rests on: the backward variance's change over the depths at
     * the critical scale against the other scales', and whether the VNI still grows there.
     */
    private String pointOfThePaper(List<List<GradientPoint>> byScale) {
        List<String> others = new ArrayList<>();
        List<GradientPoint> critical = null;
        for (List<GradientPoint> scale : byScale) {
            double change = scale.get(scale.size() - 1).backward().mean() / scale.get(0).backward().mean();
            if (critical == null && Math.abs(scale.get(0).chi() - 1) <= CRITICAL_SLACK) critical = scale;
            else others.add("×" + text(change) + " at " + scaleName(scale.get(0).sigmaW2(), scale.get(0).chi()));
        }
        if (critical == null || critical.size() < 2) return "";
        GradientPoint a = critical.get(0), b = critical.get(critical.size() - 1);
        String vni = b.vni().mean() > a.vni().mean() ? "rises from " + text(a.vni().mean()) + " to " + text(b.vni().mean())
                : b.vni().mean() <= a.vni().mean() ? "does not rise (" + text(a.vni().mean()) + " to " + text(b.vni().mean()) + ")"
                : "goes from " + vniText(a) + " to " + vniText(b);
        return "Over the same depths the backward variance changes by ×" + text(b.backward().mean() / a.backward().mean()) + " at the critical scale"
                + (others.isEmpty() ? "" : " against " + String.join(" and ", others)) + ", while the VNI there " + vni + ". ";
    }

    /** A point's mean VNI, or "undefined (all collapsed)" where every network collapsed. */
    private String vniText(GradientPoint p) {
        return p.collapsed() == settings.nets() ? "undefined (all " + p.collapsed() + " collapsed)" : text(p.vni().mean());
    }

    /** The first critical weight scale swept, or NaN. */
    private static double criticalScaleOrNaN(List<List<GradientPoint>> byScale) {
        for (List<GradientPoint> scale : byScale) if (Math.abs(scale.get(0).chi() - 1) <= CRITICAL_SLACK) return scale.get(0).sigmaW2();
        return Double.NaN;
    }

    /**
     * The theory's largest departure from the measured means over the depths of a scale (the
     * largest |log(theory / measured)|): a signed percentage within a factor 2, else the factor.
     */
    private static String worst(List<GradientPoint> scale, ToDoubleFunction<GradientPoint> measured, ToDoubleFunction<GradientPoint> theory) {
        double worst = Double.NaN, far = -1;
        for (GradientPoint p : scale) {
            double r = theory.applyAsDouble(p) / measured.applyAsDouble(p);
            if (!(r > 0 && r < Double.POSITIVE_INFINITY)) return "NaN";
            if (Math.abs(Math.log(r)) > far) {
                far = Math.abs(Math.log(r));
                worst = r;
            }
        }
        return worst >= 0.5 && worst <= 2 ? CellRecords.signedPercent(worst - 1) : "×" + text(worst);
    }
}
