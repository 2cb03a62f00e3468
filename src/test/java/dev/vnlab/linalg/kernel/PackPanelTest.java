package dev.vnlab.linalg.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The GEMM packing kernels of every available kernel set against their definitions, element by
 * element, over widths that are and are not multiples of the vector length, k depths with and
 * without a tail, and offsets into larger arrays, with and without a per-column shift; elements
 * outside the packed range must stay untouched.
 */
@Tag("kernels")
class PackPanelTest {
    private static final int[] WIDTHS = {1, 3, 4, 5, 8, 12, 16, 24, 32};
    private static final int[] DEPTHS = {1, 3, 7, 8, 9, 16, 31, 64};

    private static List<Kernels> kernelSets() {
        List<Kernels> all = new ArrayList<>();
        all.add(KernelProvider.scalar());
        KernelProvider.simd().ifPresent(all::add);
        return all;
    }

    @Test
    void panelRowsCopyEachKRowOfEachPanel() {
        Random rnd = new Random(1);
        for (Kernels k : kernelSets()) {
            for (int width : WIDTHS) {
                for (int kc : DEPTHS) {
                    for (int panels : new int[] {1, 2, 5}) {
                        for (boolean shifted : new boolean[] {false, true}) {
                        int ld = panels * width + 3, s = 2, d = 5, so = 4;
                        float[] src = randomFloats(rnd, s + kc * ld);
                        double[] srcD = randomDoubles(rnd, s + kc * ld);
                        // Shifts near the values, so the differences lose leading bits and show any double rounding.
                        float[] shift = shifted ? randomFloats(rnd, so + panels * width + 2) : null;
                        double[] shiftD = shifted ? randomDoubles(rnd, so + panels * width + 2) : null;
                        float[] dst = filled(d + panels * kc * width + 4);
                        double[] dstD = filledD(d + panels * kc * width + 4);
                        k.packPanelRows(kc, panels, width, src, s, ld, shift, so, dst, d);
                        k.packPanelRows(kc, panels, width, srcD, s, ld, shiftD, so, dstD, d);
                        for (int i = 0; i < dst.length; i++) {
                            int rel = i - d, p = rel / (kc * width), q = rel % (kc * width) / width, j = rel % width;
                            boolean inside = rel >= 0 && rel < panels * kc * width;
                            float want = !inside ? -7f : src[s + q * ld + p * width + j] - (shifted ? shift[so + p * width + j] : 0f);
                            double wantD = !inside ? -7.0 : srcD[s + q * ld + p * width + j] - (shifted ? shiftD[so + p * width + j] : 0.0);
                            String where = k.name() + " width " + width + " kc " + kc + " panels " + panels + (shifted ? " shifted" : "") + " index " + i;
                            assertThat(dst[i]).as(where).isEqualTo(want);
                            assertThat(dstD[i]).as(where).isEqualTo(wantD);
                        }
                        }
                    }
                }
            }
        }
    }

    @Test
    void panelColumnsTransposeTheSource() {
        Random rnd = new Random(2);
        for (Kernels k : kernelSets()) {
            for (int width : WIDTHS) {
                for (int kc : DEPTHS) {
                    int ld = kc + 5, s = 3, d = 2;
                    float[] src = randomFloats(rnd, s + width * ld);
                    double[] srcD = randomDoubles(rnd, s + width * ld);
                    float[] dst = filled(d + kc * width + 4);
                    double[] dstD = filledD(d + kc * width + 4);
                    k.packPanelColumns(kc, width, src, s, ld, dst, d);
                    k.packPanelColumns(kc, width, srcD, s, ld, dstD, d);
                    for (int i = 0; i < dst.length; i++) {
                        int rel = i - d, q = rel / width, j = rel % width;
                        boolean inside = rel >= 0 && rel < kc * width;
                        float want = inside ? src[s + j * ld + q] : -7f;
                        double wantD = inside ? srcD[s + j * ld + q] : -7.0;
                        String where = k.name() + " width " + width + " kc " + kc + " index " + i;
                        assertThat(dst[i]).as(where).isEqualTo(want);
                        assertThat(dstD[i]).as(where).isEqualTo(wantD);
                    }
                }
            }
        }
    }

    private static float[] randomFloats(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat();
        return a;
    }

    private static double[] randomDoubles(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextDouble();
        return a;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, -7f);
        return a;
    }

    private static double[] filledD(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, -7.0);
        return a;
    }
}
