package dev.vnlab.linalg.kernel.simd;

import static dev.vnlab.linalg.kernel.RandomLanes.LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised random fills in the layout of {@link dev.vnlab.linalg.kernel.RandomLanes}: the
 * 8 xoshiro256** lanes of a state are processed in chunks of one preferred-width long vector
 * (one chunk on AVX-512, two on AVX2), each chunk's state held in registers across the fill.
 */
final class SimdRandom {
    private SimdRandom() {}

    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Long lanes per chunk; a chunk yields 2 * LL ints (= FS.length()) per step. */
    private static final int LL = Math.min(LANES, LS.length());
    private static final int CHUNKS = LANES / LL;

    static boolean supported() {
        // The layout needs whole chunks and float/double species as wide as the long one.
        return LANES % LL == 0 && FS.length() == 2 * LL && DS.length() == LL;
    }

    static void uniform(long[] s, float[] out, int off, int n, float lo, float hi) {
        final int per = 2 * LANES;            // floats per step
        final int full = n / per * per;
        final float width = hi - lo;
        float[] tail = n > full ? new float[per] : null;
        for (int c = 0; c < CHUNKS; c++) {
            int base = c * LL;
            LongVector s0 = LongVector.fromArray(LS, s, base), s1 = LongVector.fromArray(LS, s, LANES + base);
            LongVector s2 = LongVector.fromArray(LS, s, 2 * LANES + base), s3 = LongVector.fromArray(LS, s, 3 * LANES + base);
            for (int i = 0; i <= n - per || (i < n && tail != null); i += per) {
                LongVector r = s1.mul(5L).lanewise(VectorOperators.ROL, 7).mul(9L);
                LongVector t = s1.lanewise(VectorOperators.LSHL, 17);
                s2 = s2.lanewise(VectorOperators.XOR, s0);
                s3 = s3.lanewise(VectorOperators.XOR, s1);
                s1 = s1.lanewise(VectorOperators.XOR, s2);
                s0 = s0.lanewise(VectorOperators.XOR, s3);
                s2 = s2.lanewise(VectorOperators.XOR, t);
                s3 = s3.lanewise(VectorOperators.ROL, 45);
                FloatVector u = uniformFloats(r.reinterpretAsInts()).fma(width, lo);
                if (i + per <= n) u.intoArray(out, off + i + 2 * base);
                else u.intoArray(tail, 2 * base);
            }
            s0.intoArray(s, base);
            s1.intoArray(s, LANES + base);
            s2.intoArray(s, 2 * LANES + base);
            s3.intoArray(s, 3 * LANES + base);
        }
        if (tail != null) System.arraycopy(tail, 0, out, off + full, n - full);
    }

    static void gaussian(long[] s, float[] out, int off, int n, float mean, float sd) {
        final int per = 4 * LANES;            // floats per two steps
        final int full = n / per * per;
        float[] tail = n > full ? new float[per] : null;
        for (int c = 0; c < CHUNKS; c++) {
            int base = c * LL;
            LongVector s0 = LongVector.fromArray(LS, s, base), s1 = LongVector.fromArray(LS, s, LANES + base);
            LongVector s2 = LongVector.fromArray(LS, s, 2 * LANES + base), s3 = LongVector.fromArray(LS, s, 3 * LANES + base);
            for (int i = 0; i <= n - per || (i < n && tail != null); i += per) {
                // Step 1: radii.
                LongVector r = s1.mul(5L).lanewise(VectorOperators.ROL, 7).mul(9L);
                LongVector t = s1.lanewise(VectorOperators.LSHL, 17);
                s2 = s2.lanewise(VectorOperators.XOR, s0);
                s3 = s3.lanewise(VectorOperators.XOR, s1);
                s1 = s1.lanewise(VectorOperators.XOR, s2);
                s0 = s0.lanewise(VectorOperators.XOR, s3);
                s2 = s2.lanewise(VectorOperators.XOR, t);
                s3 = s3.lanewise(VectorOperators.ROL, 45);
                IntVector x = r.reinterpretAsInts();
                FloatVector u1 = ((FloatVector) x.lanewise(VectorOperators.LSHR, 1).convert(VectorOperators.I2F, 0))
                        .fma(0x1p-31f, 0x1p-32f);
                // Step 2: angles.
                r = s1.mul(5L).lanewise(VectorOperators.ROL, 7).mul(9L);
                t = s1.lanewise(VectorOperators.LSHL, 17);
                s2 = s2.lanewise(VectorOperators.XOR, s0);
                s3 = s3.lanewise(VectorOperators.XOR, s1);
                s1 = s1.lanewise(VectorOperators.XOR, s2);
                s0 = s0.lanewise(VectorOperators.XOR, s3);
                s2 = s2.lanewise(VectorOperators.XOR, t);
                s3 = s3.lanewise(VectorOperators.ROL, 45);
                FloatVector u2 = uniformFloats(r.reinterpretAsInts());
                // The uniforms go where their outputs will: u1 at the cosine's slot, u2 at the sine's.
                float[] dst = i + per <= n ? out : tail;
                int at = i + per <= n ? off + i : 0;
                u1.intoArray(dst, at + 2 * base);
                u2.intoArray(dst, at + 2 * LANES + 2 * base);
            }
            s0.intoArray(s, base);
            s1.intoArray(s, LANES + base);
            s2.intoArray(s, 2 * LANES + base);
            s3.intoArray(s, 3 * LANES + base);
        }
        boxMuller(out, off, full, mean, sd);
        if (tail != null) {
            boxMuller(tail, 0, per, mean, sd);
            System.arraycopy(tail, 0, out, off + full, n - full);
        }
    }

    /**
     * Box-Muller in place over whole blocks of 4 LANES floats holding u1 (first half) and u2
     * (second half): {@code (r cos, r sin)} with {@code r = sqrt(-2 ln u1)}, times sd plus mean.
     * Two loops in methods of their own, radii then rotations, each calling a VectorMath step that
     * takes and stores arrays: log, sin and cos together exceed C2's inlining node budget, and a
     * step left out of line must not box the vectors it is handed (once 160 MB of garbage per 10^7
     * samples).
     */
    private static void boxMuller(float[] a, int off, int n, float mean, float sd) {
        radii(a, off, n);
        rotations(a, off, n, mean, sd);
    }

    /** First half of every block: u1 := sqrt(-2 ln u1). */
    private static void radii(float[] a, int off, int n) {
        final int half = 2 * LANES, fl = FS.length();
        for (int b = off; b < off + n; b += 2 * half) {
            for (int j = 0; j < half; j += fl) {
                VectorMath.storeRadius(a, b + j);
            }
        }
    }

    /** Every block: (r, u2) := (mean + sd r cos(2 pi u2), mean + sd r sin(2 pi u2)). */
    private static void rotations(float[] a, int off, int n, float mean, float sd) {
        final int half = 2 * LANES, fl = FS.length();
        for (int b = off; b < off + n; b += 2 * half) {
            for (int j = 0; j < half; j += fl) {
                VectorMath.storeRotated(a, b + j, b + half + j, sd, mean);
            }
        }
    }

    static void uniform(long[] s, double[] out, int off, int n, double lo, double hi) {
        final int per = LANES;
        final int full = n / per * per;
        final double width = hi - lo;
        double[] tail = n > full ? new double[per] : null;
        for (int c = 0; c < CHUNKS; c++) {
            int base = c * LL;
            LongVector s0 = LongVector.fromArray(LS, s, base), s1 = LongVector.fromArray(LS, s, LANES + base);
            LongVector s2 = LongVector.fromArray(LS, s, 2 * LANES + base), s3 = LongVector.fromArray(LS, s, 3 * LANES + base);
            for (int i = 0; i <= n - per || (i < n && tail != null); i += per) {
                LongVector r = s1.mul(5L).lanewise(VectorOperators.ROL, 7).mul(9L);
                LongVector t = s1.lanewise(VectorOperators.LSHL, 17);
                s2 = s2.lanewise(VectorOperators.XOR, s0);
                s3 = s3.lanewise(VectorOperators.XOR, s1);
                s1 = s1.lanewise(VectorOperators.XOR, s2);
                s0 = s0.lanewise(VectorOperators.XOR, s3);
                s2 = s2.lanewise(VectorOperators.XOR, t);
                s3 = s3.lanewise(VectorOperators.ROL, 45);
                DoubleVector u = uniformDoubles(r).fma(width, lo);
                if (i + per <= n) u.intoArray(out, off + i + base);
                else u.intoArray(tail, base);
            }
            s0.intoArray(s, base);
            s1.intoArray(s, LANES + base);
            s2.intoArray(s, 2 * LANES + base);
            s3.intoArray(s, 3 * LANES + base);
        }
        if (tail != null) System.arraycopy(tail, 0, out, off + full, n - full);
    }

    /** ((x >>> 8) + 0.5) * 2^-24 per int lane. */
    private static FloatVector uniformFloats(IntVector x) {
        return ((FloatVector) x.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0)).add(0.5f).mul(0x1p-24f);
    }

    /** ((x >>> 11) + 0.5) * 2^-53 per long lane. */
    private static DoubleVector uniformDoubles(LongVector x) {
        return ((DoubleVector) x.lanewise(VectorOperators.LSHR, 11).convert(VectorOperators.L2D, 0)).add(0.5).mul(0x1p-53);
    }
}
