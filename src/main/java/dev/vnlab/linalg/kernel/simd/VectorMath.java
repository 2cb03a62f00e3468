package dev.vnlab.linalg.kernel.simd;

import static dev.vnlab.linalg.kernel.FloatMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane-wise twin of {@link dev.vnlab.linalg.kernel.FloatMath}: every function performs the
 * same IEEE operations in the same order, so each lane's result has the same bits as the scalar
 * definition, whether this code runs compiled or interpreted. The small functions return
 * vectors and rely on C2 inlining them into the kernel loops; the Box-Muller steps, too large
 * to be sure of that, take and store arrays, so no vector crosses a call left out of line.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = SimdFloat.S;

    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = c.fma(LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(EXP_P0, EXP_P1);
        p = p.fma(r, FloatVector.broadcast(S, EXP_P2));
        p = p.fma(r, FloatVector.broadcast(S, EXP_P3));
        p = p.fma(r, FloatVector.broadcast(S, EXP_P4));
        p = p.fma(r, FloatVector.broadcast(S, EXP_P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(TANH_P0, TANH_P1);
        p = p.fma(z, FloatVector.broadcast(S, TANH_P2));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P3));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P4));
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector m = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        FloatVector large = m.blend(m.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
    }

    static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(ERF_T10, ERF_T9);
        p = p.fma(z, FloatVector.broadcast(S, ERF_T8));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T7));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T6));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T5));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T4));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T3));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T2));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T1));
        p = p.fma(z, FloatVector.broadcast(S, ERF_T0));
        FloatVector small = x.mul(p);
        FloatVector t = FloatVector.broadcast(S, 1f).div(a.fma(0.5f, 1f));
        FloatVector q = t.fma(ERFC_C9, ERFC_C8);
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C7));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C6));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C5));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C4));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C3));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C2));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C1));
        q = q.fma(t, FloatVector.broadcast(S, ERFC_C0));
        FloatVector m = FloatVector.broadcast(S, 1f).sub(t.mul(exp(a.neg().fma(a, q))));
        FloatVector large = m.blend(m.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, ERF_SMALL));
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        return FloatVector.broadcast(S, 1f).blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(1f));
    }

    /**
     * {@code a[at, at + L) := sqrt(-2 ln a[at, at + L))} for u in (0, 1]: Box-Muller's radius,
     * FloatMath's logPositiveNormal then the scale and root. Arrays in and out, and no call of
     * its own inside: should C2 leave this call out of line (a cold-looking call site in an
     * on-stack-replacement compile, or the node budget spent), no vector is boxed across it.
     */
    static void storeRadius(float[] a, int at) {
        FloatVector x = FloatVector.fromArray(S, a, at);
        IntVector bits = x.reinterpretAsInts();
        FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126).convert(VectorOperators.I2F, 0);
        FloatVector m = bits.and(0x007f_ffff).or(0x3f00_0000).reinterpretAsFloats();
        VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
        FloatVector f = m.sub(1f).blend(m.add(m).sub(1f), low);
        FloatVector fe = e.blend(e.sub(1f), low);
        FloatVector z = f.mul(f);
        FloatVector p = f.fma(LOG_P0, LOG_P1);
        p = p.fma(f, FloatVector.broadcast(S, LOG_P2));
        p = p.fma(f, FloatVector.broadcast(S, LOG_P3));
        p = p.fma(f, FloatVector.broadcast(S, LOG_P4));
        p = p.fma(f, FloatVector.broadcast(S, LOG_P5));
        p = p.fma(f, FloatVector.broadcast(S, LOG_P6));
        p = p.fma(f, FloatVector.broadcast(S, LOG_P7));
        p = p.fma(f, FloatVector.broadcast(S, LOG_P8));
        FloatVector y = p.mul(f).mul(z);
        y = fe.fma(FloatVector.broadcast(S, LN2_LO), y);
        y = z.fma(FloatVector.broadcast(S, -0.5f), y);
        FloatVector log = fe.fma(FloatVector.broadcast(S, LN2_HI), f.add(y));
        log.mul(-2f).sqrt().intoArray(a, at);
    }

    /**
     * With r at {@code a[cosAt..]} and u at {@code a[sinAt..]}, stores {@code mean + sd * r cos(2 pi u)}
     * at {@code a[cosAt..]} and {@code mean + sd * r sin(2 pi u)} at {@code a[sinAt..]}: FloatMath's
     * cosTurn and sinTurn sharing one reduction and one evaluation of each polynomial. Arrays in
     * and out, and the polynomials and quadrant tests written out rather than called, for the
     * reason {@link #storeRadius} gives.
     */
    static void storeRotated(float[] a, int cosAt, int sinAt, float sd, float mean) {
        FloatVector r = FloatVector.fromArray(S, a, cosAt), u = FloatVector.fromArray(S, a, sinAt);
        FloatVector t = u.mul(4f), tr = t.add(ROUND_MAGIC);
        FloatVector f = t.sub(tr.sub(ROUND_MAGIC));
        IntVector q = tr.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        FloatVector z = f.mul(f);
        FloatVector ps = z.fma(SIN_S4, SIN_S3); // sin(pi f / 2), |f| <= 1/2
        ps = ps.fma(z, FloatVector.broadcast(S, SIN_S2));
        ps = ps.fma(z, FloatVector.broadcast(S, SIN_S1));
        ps = ps.fma(z, FloatVector.broadcast(S, SIN_S0));
        FloatVector sq = ps.mul(f);
        FloatVector pc = z.fma(COS_C5, COS_C4); // cos(pi f / 2)
        pc = pc.fma(z, FloatVector.broadcast(S, COS_C3));
        pc = pc.fma(z, FloatVector.broadcast(S, COS_C2));
        pc = pc.fma(z, FloatVector.broadcast(S, COS_C1));
        FloatVector cq = pc.fma(z, FloatVector.broadcast(S, 1f));
        // Quadrant q: odd swaps sine and cosine; the 2s bit of q negates the sine, that of q + 1 the cosine.
        VectorMask<Float> swap = q.and(1).compare(VectorOperators.NE, 0).cast(S);
        FloatVector sin = sq.blend(cq, swap), cos = cq.blend(sq, swap);
        sin = sin.blend(sin.neg(), q.and(2).compare(VectorOperators.NE, 0).cast(S));
        cos = cos.blend(cos.neg(), q.add(1).and(2).compare(VectorOperators.NE, 0).cast(S));
        r.mul(cos).fma(sd, mean).intoArray(a, cosAt);
        r.mul(sin).fma(sd, mean).intoArray(a, sinAt);
    }
}
