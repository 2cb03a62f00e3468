package dev.vnlab.linalg.kernel;


/**
 * The scalar definition of every {@link UnaryOp} and {@link BinaryOp}: used by
 * {@link ScalarKernels} for whole arrays and by the SIMD kernels for loop tails, so both
 * implementations agree on the meaning of each operation, to the bit: float transcendentals
 * are {@link FloatMath}'s (whose vector twin the SIMD kernels use), double ones are
 * {@link StrictMath}'s (fdlibm, the same bits on every JVM and JIT state).
 */
public final class ScalarOps {
    private ScalarOps() {}

    /** {@code op(x; p)} in float. */
    public static float apply(UnaryOp op, float p, float x) {
        return switch (op) {
            case SCALE -> p * x;
            case ADD_SCALAR -> x + p;
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case SQRT -> (float) Math.sqrt(x);
            case EXP -> FloatMath.exp(x);
            case TANH -> FloatMath.tanh(x);
            case SIGMOID -> FloatMath.sigmoid(x);
            case ERF -> FloatMath.erf(p * x);
            case GAUSSIAN -> FloatMath.exp(-p * (x * x));
            case RELU -> Math.max(x, 0f);
            case LEAKY_RELU -> x > 0f ? x : p * x;
            case CLAMP -> Math.min(Math.max(x, -p), p);
            case ONE_MINUS_SQUARE -> Math.fma(-x, x, 1f);
            case LOGISTIC_SLOPE -> Math.fma(-x, x, x);
            case STEP -> x > 0f ? 1f : 0f;
            case LEAKY_STEP -> x > 0f ? 1f : p;
            case BOX -> Math.abs(x) < p ? 1f : 0f;
        };
    }

    /** {@code op(x; p)} in double. */
    public static double apply(UnaryOp op, double p, double x) {
        return switch (op) {
            case SCALE -> p * x;
            case ADD_SCALAR -> x + p;
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case SQRT -> Math.sqrt(x);
            case EXP -> StrictMath.exp(x);
            case TANH -> StrictMath.tanh(x);
            case ERF -> Erf.erf(p * x);
            case GAUSSIAN -> StrictMath.exp(-p * (x * x));
            case SIGMOID -> {
                double e = StrictMath.exp(-Math.abs(x)); // stable for either sign, as FloatMath.sigmoid
                yield (x < 0 ? e : 1.0) / (1.0 + e);
            }
            case RELU -> Math.max(x, 0.0);
            case LEAKY_RELU -> x > 0.0 ? x : p * x;
            case CLAMP -> Math.min(Math.max(x, -p), p);
            case ONE_MINUS_SQUARE -> Math.fma(-x, x, 1.0);
            case LOGISTIC_SLOPE -> Math.fma(-x, x, x);
            case STEP -> x > 0.0 ? 1.0 : 0.0;
            case LEAKY_STEP -> x > 0.0 ? 1.0 : p;
            case BOX -> Math.abs(x) < p ? 1.0 : 0.0;
        };
    }

    /** {@code x op y} in float. */
    public static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }

    /** {@code x op y} in double. */
    public static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }

    /** {@link Kernels#packPanelRows}: the reference loop, also the SIMD kernels' path for odd widths. */
    public static void packPanelRows(int kc, int panels, int width, float[] src, int s, int ld, float[] shift, int so, float[] dst, int d) {
        for (int q = 0; q < kc; q++) {
            for (int p = 0, from = s + q * ld, to = d + q * width, sh = so; p < panels; p++, from += width, to += kc * width, sh += width) {
                for (int j = 0; j < width; j++) dst[to + j] = shift == null ? src[from + j] : src[from + j] - shift[sh + j];
            }
        }
    }

    /** The float64 {@link #packPanelRows(int, int, int, float[], int, int, float[], int, float[], int)}. */
    public static void packPanelRows(int kc, int panels, int width, double[] src, int s, int ld, double[] shift, int so, double[] dst, int d) {
        for (int q = 0; q < kc; q++) {
            for (int p = 0, from = s + q * ld, to = d + q * width, sh = so; p < panels; p++, from += width, to += kc * width, sh += width) {
                for (int j = 0; j < width; j++) dst[to + j] = shift == null ? src[from + j] : src[from + j] - shift[sh + j];
            }
        }
    }

    /**
     * {@link Kernels#packPanelColumns}, four source rows at a time: four read streams and
     * neighbouring stores, a third faster than one row at a time with the source in memory.
     */
    public static void packPanelColumns(int kc, int width, float[] src, int s, int ld, float[] dst, int d) {
        packPanelColumns(kc, width, src, s, ld, dst, d, width);
    }

    /** {@link #packPanelColumns(int, int, float[], int, int, float[], int)} into rows {@code dld} apart: part of a wider panel. */
    public static void packPanelColumns(int kc, int width, float[] src, int s, int ld, float[] dst, int d, int dld) {
        int j = 0;
        for (; j + 4 <= width; j += 4) {
            int r0 = s + j * ld, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
            for (int q = 0, o = d + j; q < kc; q++, o += dld) {
                dst[o] = src[r0 + q];
                dst[o + 1] = src[r1 + q];
                dst[o + 2] = src[r2 + q];
                dst[o + 3] = src[r3 + q];
            }
        }
        for (; j < width; j++) {
            for (int q = 0, r = s + j * ld, o = d + j; q < kc; q++, o += dld) dst[o] = src[r + q];
        }
    }

    /** The float64 {@link #packPanelColumns(int, int, float[], int, int, float[], int)}. */
    public static void packPanelColumns(int kc, int width, double[] src, int s, int ld, double[] dst, int d) {
        packPanelColumns(kc, width, src, s, ld, dst, d, width);
    }

    /** {@link #packPanelColumns(int, int, double[], int, int, double[], int)} into rows {@code dld} apart: part of a wider panel. */
    public static void packPanelColumns(int kc, int width, double[] src, int s, int ld, double[] dst, int d, int dld) {
        int j = 0;
        for (; j + 4 <= width; j += 4) {
            int r0 = s + j * ld, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
            for (int q = 0, o = d + j; q < kc; q++, o += dld) {
                dst[o] = src[r0 + q];
                dst[o + 1] = src[r1 + q];
                dst[o + 2] = src[r2 + q];
                dst[o + 3] = src[r3 + q];
            }
        }
        for (; j < width; j++) {
            for (int q = 0, r = s + j * ld, o = d + j; q < kc; q++, o += dld) dst[o] = src[r + q];
        }
    }
}
