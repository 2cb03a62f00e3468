package dev.vnlab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as text: exact (the shortest decimal that reads back as the same double, for files)
 * and compact (a few significant digits, for tables people read).
 */
final class NumberText {
    private NumberText() {}

    /**
     * The shortest decimal that parses back to {@code v} ({@link Double#toString}, which is
     * shortest since JDK 19), {@code NaN}, {@code Infinity} or {@code -Infinity}.
     */
    static String exact(double v) {
        return Double.toString(v);
    }

    /** {@code v} exactly, as a float: the shortest decimal that parses back to the same float. */
    static String exact(float v) {
        return Float.toString(v);
    }

    /**
     * {@code v} to {@code digits} significant digits without trailing zeros: plain notation
     * ({@code 0.1235}, {@code 200}) for magnitudes in [1e-3, 10^digits), else {@code 1.235e-4};
     * {@code NaN}, {@code inf}, {@code -inf} for the non-finite values.
     */
    static String significant(double v, int digits) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        double magnitude = Math.abs(rounded.doubleValue());
        if (magnitude >= 1e-3 && magnitude < Math.pow(10, digits)) return rounded.stripTrailingZeros().toPlainString();
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }

    /** {@code v} with exactly {@code decimals} digits after the point, a typographic minus sign. */
    static String fixed(double v, int decimals) {
        String s = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (s.startsWith("-")) s = isZero(s) ? s.substring(1) : "\u2212" + s.substring(1);
        return s;
    }

    /** {@code 10} raised to {@code exponent} with superscript digits: {@code 10⁻³}. */
    static String powerOfTen(int exponent) {
        return "10" + superscript(exponent);
    }

    /** An integer in superscript digits, with a superscript minus. */
    static String superscript(int n) {
        String digits = Integer.toString(n);
        StringBuilder s = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            s.append(switch (c) {
                case '-' -> '\u207b';
                case '1' -> '\u00b9';
                case '2' -> '\u00b2';
                case '3' -> '\u00b3';
                default -> (char) ('\u2070' + (c - '0'));
            });
        }
        return s.toString();
    }

    private static boolean isZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '0' && c != '.') return false;
        }
        return true;
    }
}
