package dev.vnlab.experiment;

import dev.vnlab.settings.Names;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How the training experiments spell values: in cell keys and records (stable, exact) and in
 * figure and table labels (short).
 */
public final class Labels {
    private Labels() {}

    /** An enum constant as figures and prose show it: tanh, ReLU, leaky ReLU, Gaussian, orthogonal. */
    static String display(Enum<?> e) {
        String n = Names.of(e);
        return switch (n) {
            case "relu" -> "ReLU";
            case "leaky-relu" -> "leaky ReLU";
            case "gaussian" -> "Gaussian";
            default -> n;
        };
    }

    /** A value exactly, in plain decimal notation without trailing zeros (0.001, 500): for cell keys. */
    static String exact(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A value to 3 significant digits, in scientific notation below 0.01 (1e-3, 3.16e-4, 0.1, 10): for labels. */
    static String compact(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return Double.toString(v);
        BigDecimal r = new BigDecimal(v).round(new MathContext(3));
        if (Math.abs(v) >= 0.01) return r.stripTrailingZeros().toPlainString();
        int exponent = r.precision() - r.scale() - 1;
        return r.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
    }

    /**
     * {@code n} values from {@code from} to {@code to} equally spaced in log10, each rounded to 4
     * significant digits so that keys and labels stay short (1e-4, 1.778e-4, ..., 1e-2): the
     * presets' learning-rate ranges, and the CLI's FROM:TO:N.
     */
    public static double[] logSpaced(double from, double to, int n) {
        double[] v = new double[n];
        double a = Math.log10(from), b = Math.log10(to);
        for (int i = 0; i < n; i++) {
            double e = n == 1 ? a : a + (b - a) * i / (n - 1);
            v[i] = new BigDecimal(Math.pow(10, e)).round(new MathContext(4)).doubleValue();
        }
        return v;
    }

    /** {@code n} distinct integers from {@code from} to {@code to}, equally spaced in log10 and rounded. */
    static int[] logSpacedIntegers(int from, int to, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = (int) Math.round(from * Math.pow((double) to / from, n == 1 ? 0 : (double) i / (n - 1)));
        return v;
    }
}
