package dev.vnlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.parallel.Workers;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The streaming covariance and its statistics against a two-pass double-precision reference,
 * closed forms (orthogonal designs with known spectra) and thread-count determinism.
 */
class CovarianceTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2), THREE = Workers.of(3);
    private static final Blas BLAS = Blas.on(ONE);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
        THREE.close();
    }

    /** Two-pass covariance in double, by definition. */
    static double[][] referenceCovariance(FloatMatrix x) {
        int m = x.rows(), n = x.cols();
        double[] mean = new double[n];
        for (int r = 0; r < m; r++) for (int j = 0; j < n; j++) mean[j] += x.get(r, j);
        for (int j = 0; j < n; j++) mean[j] /= m;
        double[][] c = new double[n][n];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < n; i++) {
                double a = x.get(r, i) - mean[i];
                for (int j = 0; j < n; j++) c[i][j] += a * (x.get(r, j) - mean[j]);
            }
        }
        for (double[] row : c) for (int j = 0; j < n; j++) row[j] /= (m - 1);
        return c;
    }

    static double referenceVni(double[][] c) {
        double tr = 0, tr2 = 0;
        for (int i = 0; i < c.length; i++) {
            tr += c[i][i];
            for (double v : c[i]) tr2 += v * v;
        }
        return tr2 / (tr * tr);
    }

    /** Correlated columns: a few shared factors plus noise, with offsets and unequal scales. */
    static FloatMatrix correlated(int m, int n, long seed) {
        Random rnd = new Random(seed);
        int factors = 3;
        double[][] load = new double[factors][n];
        for (double[] f : load) for (int j = 0; j < n; j++) f[j] = rnd.nextGaussian();
        FloatMatrix x = new FloatMatrix(m, n);
        for (int r = 0; r < m; r++) {
            double[] z = new double[factors];
            for (int f = 0; f < factors; f++) z[f] = rnd.nextGaussian();
            for (int j = 0; j < n; j++) {
                double v = 0.3 * rnd.nextGaussian() + 0.5 * j / n;
                for (int f = 0; f < factors; f++) v += load[f][j] * z[f];
                x.set(r, j, (float) ((1 + j % 4) * v));
            }
        }
        return x;
    }

    static Covariance stream(FloatMatrix x, int batch, Blas blas) {
        CovarianceAccumulator acc = new CovarianceAccumulator(x.cols(), blas);
        for (int r = 0; r < x.rows(); r += batch) acc.add(x.view(r, 0, Math.min(batch, x.rows() - r), x.cols()));
        assertThat(acc.count()).isEqualTo(x.rows());
        return acc.covariance();
    }

    @ParameterizedTest(name = "M={0} N={1} batch={2}")
    @CsvSource({"2,1,1", "3,5,1", "5,5,2", "6,5,4", "7,50,3", "50,7,1", "50,7,64", "64,64,17", "65,64,64",
            "300,37,300", "300,37,100", "1000,37,256", "1000,37,257", "513,129,1", "600,200,99"})
    void streamingEqualsTwoPassReference(int m, int n, int batch) {
        FloatMatrix x = correlated(m, n, 31L * m + n);
        double[][] ref = referenceCovariance(x);
        Covariance c = stream(x, batch, BLAS);
        // Exact double arithmetic while M <= N; blocks of 256 float products (about 1e-6) beyond.
        double tol = m <= n ? 1e-11 : 2e-6;
        assertThat(c.vni()).isCloseTo(referenceVni(ref), within(tol * referenceVni(ref)));
        DoubleMatrix got = c.matrix();
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, ref[i][i]);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) assertThat(got.get(i, j)).as("C[%d][%d]", i, j).isCloseTo(ref[i][j], within(tol * scale));
            assertThat(c.variances()[i]).isCloseTo(ref[i][i], within(tol * scale));
        }
        assertThat(c.participationRatio()).isCloseTo(1 / c.vni(), within(1e-12 * c.participationRatio()));
        assertThat(c.inputs()).isEqualTo(m);
        assertThat(c.nodes()).isEqualTo(n);
    }

    @Test
    void shiftedSumsKeepPrecisionForLargeMeansAndTinySpread() {
        // Saturated units: values near 1 with spread 1e-4. Raw second moments in float would
        // cancel to noise; the shifted accumulation keeps the reference's digits.
        Random rnd = new Random(3);
        int m = 2000, n = 40;
        FloatMatrix x = new FloatMatrix(m, n);
        for (int r = 0; r < m; r++) {
            double common = rnd.nextGaussian();
            for (int j = 0; j < n; j++) x.set(r, j, (float) (0.999 - 1e-4 * (common + (j % 5 + 1) * rnd.nextGaussian())));
        }
        double ref = referenceVni(referenceCovariance(x));
        assertThat(stream(x, 100, BLAS).vni()).isCloseTo(ref, within(1e-5 * ref));
        assertThat(stream(x, m, BLAS).vni()).isCloseTo(ref, within(1e-5 * ref));
    }

    @Test
    void identicalColumnsGiveVniOneAndIndependentColumnsOneOverN() {
        Random rnd = new Random(5);
        int m = 4000, n = 20;
        FloatMatrix same = new FloatMatrix(m, n), indep = new FloatMatrix(m, n);
        for (int r = 0; r < m; r++) {
            float v = (float) rnd.nextGaussian();
            for (int j = 0; j < n; j++) {
                same.set(r, j, v);
                indep.set(r, j, (float) rnd.nextGaussian());
            }
        }
        assertThat(stream(same, 333, BLAS).vni()).isCloseTo(1.0, within(1e-6));
        // E[VNI] = 1/N + (N - 1)/(N (M - 1)) roughly for independent unit-variance columns.
        double expected = 1.0 / n + (n - 1.0) / (n * (m - 1.0));
        assertThat(stream(indep, 333, BLAS).vni()).isCloseTo(expected, within(0.003));
    }

    /**
     * Columns j = a_j w_j with w_j distinct non-constant Walsh functions on M = 64 points: zero
     * mean, mutually orthogonal, so C = diag(a_j^2 M / (M - 1)) exactly and the spectrum is known.
     */
    static FloatMatrix walsh(int n, double[] a) {
        int m = 64;
        FloatMatrix x = new FloatMatrix(m, n);
        for (int r = 0; r < m; r++) for (int j = 0; j < n; j++) x.set(r, j, (float) (a[j] * (Integer.bitCount(r & (j + 1)) % 2 == 0 ? 1 : -1)));
        return x;
    }

    @ParameterizedTest(name = "N={0}")
    @CsvSource({"10", "63"})
    void spectrumEntropyRankAndCorrelationsOfAKnownDesign(int n) {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) a[j] = 1 + 0.5 * j;
        FloatMatrix x = walsh(n, a);
        Covariance c = stream(x, 7, BLAS);
        // 64 > N: the N x N side; both sizes exercise the large side, the rows side is checked below.
        double[] lambda = new double[n];
        for (int j = 0; j < n; j++) lambda[j] = a[j] * a[j] * 64 / 63;
        Arrays.sort(lambda);
        double[] e = c.eigenvalues();
        assertThat(e).hasSize(n);
        for (int j = 0; j < n; j++) assertThat(e[j]).isCloseTo(lambda[j], within(1e-5 * lambda[n - 1]));
        double total = Arrays.stream(lambda).sum(), h = 0, sq = 0;
        for (double l : lambda) {
            h -= l / total * Math.log(l / total);
            sq += l * l;
        }
        assertThat(c.entropyRank()).isCloseTo(Math.exp(h), within(1e-5 * n));
        assertThat(c.participationRatio()).isCloseTo(total * total / sq, within(1e-5 * n));
        DoubleMatrix rho2 = c.correlationSquared();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) assertThat(rho2.get(i, j)).isCloseTo(i == j ? 1 : 0, within(1e-6));
        }
    }

    @Test
    void fewerInputsThanNodesUseTheRowsSideWithTheSameSpectrum() {
        FloatMatrix x = correlated(12, 40, 9);
        Covariance small = stream(x, 5, BLAS); // M = 12 <= N = 40: rows kept
        double[][] ref = referenceCovariance(x);
        double[] e = small.eigenvalues();
        assertThat(e).hasSize(12);
        double tr = 0, tr2 = 0;
        for (double v : e) {
            tr += v;
            tr2 += v * v;
        }
        double refTr = 0;
        for (int i = 0; i < 40; i++) refTr += ref[i][i];
        assertThat(tr).isCloseTo(refTr, within(1e-10 * refTr));
        assertThat(small.trace()).isCloseTo(refTr, within(1e-10 * refTr));
        assertThat(tr2 / (tr * tr)).isCloseTo(referenceVni(ref), within(1e-10));
        assertThat(e[0]).as("the centring's zero eigenvalue").isCloseTo(0, within(1e-10 * refTr));
    }

    @Test
    void deadNodesAreExactlyZeroAndUncorrelated() {
        FloatMatrix x = correlated(700, 30, 4);
        for (int r = 0; r < 700; r++) {
            x.set(r, 3, 0f);       // a dead ReLU
            x.set(r, 17, 0.75f);   // a saturated unit
        }
        for (int batch : new int[] {1, 50, 700}) {
            Covariance c = stream(x, batch, BLAS);
            assertThat(c.variances()[3]).isZero();
            assertThat(c.variances()[17]).isZero();
            assertThat(c.deadFraction()).isEqualTo(2.0 / 30);
            DoubleMatrix rho2 = c.correlationSquared();
            for (int j = 0; j < 30; j++) {
                assertThat(rho2.get(3, j)).isZero();
                assertThat(rho2.get(j, 17)).isZero();
            }
            assertThat(c.vni()).isCloseTo(referenceVni(referenceCovariance(x)), within(1e-5));
        }
        FloatMatrix constant = new FloatMatrix(10, 4).fill(2f);
        Covariance c = stream(constant, 3, BLAS);
        assertThat(c.deadFraction()).isEqualTo(1.0);
        assertThat(c.vni()).isNaN();
        assertThat(c.entropyRank()).isNaN();
    }

    @Test
    void collapsedOnlyWhenEveryNodeIsConstantNotWhenTheValuesAreNotFinite() {
        FloatMatrix constant = new FloatMatrix(10, 4).fill(-1f);
        Covariance c = stream(constant, 4, BLAS);
        assertThat(c.collapsed()).isTrue();
        assertThat(c.vni()).isNaN();

        FloatMatrix oneAlive = new FloatMatrix(10, 4).fill(-1f);
        for (int r = 0; r < 10; r++) oneAlive.set(r, 2, r);
        Covariance alive = stream(oneAlive, 4, BLAS);
        assertThat(alive.collapsed()).isFalse();
        assertThat(alive.vni()).isEqualTo(1.0); // one node carries all the variance

        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            FloatMatrix overflowed = correlated(20, 4, 3);
            overflowed.set(5, 1, bad);
            Covariance o = stream(overflowed, 7, BLAS);
            assertThat(o.vni()).as("%s in the values", bad).isNaN();
            assertThat(o.collapsed()).as("a NaN VNI of non-finite values is not collapse").isFalse();
        }
    }

    @Test
    void deadFractionWithARelativeThreshold() {
        FloatMatrix x = correlated(300, 10, 8);
        for (int r = 0; r < 300; r++) x.set(r, 0, x.get(r, 0) * 1e-4f);
        Covariance c = stream(x, 300, BLAS);
        assertThat(c.deadFraction()).isZero();
        assertThat(c.deadFraction(1e-6)).isEqualTo(0.1);
        assertThat(c.meanVariance()).isCloseTo(c.trace() / 10, within(1e-15));
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        FloatMatrix x = correlated(1500, 300, 11); // GEMM blocks big enough to run in parallel
        Covariance one = stream(x, 700, Blas.on(ONE));
        for (Workers w : new Workers[] {TWO, THREE}) {
            Covariance c = stream(x, 700, Blas.on(w));
            assertThat(Double.doubleToRawLongBits(c.vni())).isEqualTo(Double.doubleToRawLongBits(one.vni()));
            assertThat(c.matrix().data()).isEqualTo(one.matrix().data());
        }
    }

    /**
     * A private scratch keeps a lone block's float Gram matrix instead of widening it; reading the
     * covariance in between, going on afterwards, and a shared scratch must all give the bits of
     * one uninterrupted accumulation.
     */
    @Test
    void readingMidwayAndSharingTheScratchChangeNoBits() {
        FloatMatrix x = correlated(2500, 60, 12);
        FloatMatrix first = x.view(0, 0, 800, 60), rest = x.view(800, 0, 1700, 60);
        CovarianceAccumulator plain = new CovarianceAccumulator(60, BLAS);
        plain.add(first);
        plain.add(rest);
        CovarianceAccumulator midway = new CovarianceAccumulator(60, BLAS);
        midway.add(first);
        Covariance early = midway.covariance();
        midway.add(rest);
        CovarianceAccumulator.Scratch shared = new CovarianceAccumulator.Scratch();
        CovarianceAccumulator a = new CovarianceAccumulator(60, BLAS, shared), b = new CovarianceAccumulator(60, BLAS, shared);
        a.add(first);
        b.add(rest); // overwrites the shared scratch between a's blocks
        Covariance aEarly = a.covariance();
        a.add(rest);
        double[] want = plain.covariance().matrix().data();
        assertThat(midway.covariance().matrix().data()).isEqualTo(want);
        assertThat(a.covariance().matrix().data()).isEqualTo(want);
        assertThat(early.matrix().data()).isEqualTo(aEarly.matrix().data());
        assertThat(early.vni()).isCloseTo(referenceVni(referenceCovariance(first.copy())), within(2e-6 * early.vni()));
    }

    @Test
    void clearStartsOver() {
        FloatMatrix x = correlated(400, 20, 2), y = correlated(30, 20, 3);
        CovarianceAccumulator acc = new CovarianceAccumulator(20, BLAS);
        acc.add(x);
        acc.clear();
        acc.add(y);
        assertThat(acc.count()).isEqualTo(30);
        assertThat(acc.covariance().vni()).isCloseTo(referenceVni(referenceCovariance(y)), within(1e-6));
    }

    private static long[] bits(Covariance c) {
        double[] v = c.variances();
        long[] b = new long[v.length + 4];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        b[v.length] = Double.doubleToRawLongBits(c.vni());
        b[v.length + 1] = Double.doubleToRawLongBits(c.trace());
        b[v.length + 2] = Double.doubleToRawLongBits(c.traceOfSquare());
        b[v.length + 3] = c.inputs();
        return b;
    }

    /** statistics() (C formed in reused scratch) gives covariance()'s statistics to the bit, on either side and any block count. */
    @ParameterizedTest(name = "M={0} N={1} batch={2}")
    @CsvSource({"3,5,1", "50,7,64", "300,37,100", "1000,37,257", "2500,60,800", "1500,300,700"})
    void statisticsAreTheCovariancesBits(int m, int n, int batch) {
        FloatMatrix x = correlated(m, n, 7L * m + n);
        for (Workers w : new Workers[] {ONE, TWO}) {
            Blas blas = Blas.on(w);
            CovarianceAccumulator acc = new CovarianceAccumulator(n, blas);
            for (int r = 0; r < m; r += batch) acc.add(x.view(r, 0, Math.min(batch, m - r), n));
            Covariance full = acc.covariance(), stats = acc.statistics();
            assertThat(bits(stats)).isEqualTo(bits(full));
            assertThat(stats.holdsMatrix()).isEqualTo(m <= n); // the small side keeps its rows either way
            assertThat(full.holdsMatrix()).isTrue();
            assertThat(bits(acc.statistics())).as("read twice from the reused scratch").isEqualTo(bits(full));
        }
    }

    /** A cleared accumulator reuses its arrays (stale contents included) and gives a fresh one's bits, whatever came before. */
    @Test
    void aClearedAccumulatorGivesAFreshOnesBits() {
        FloatMatrix big = correlated(2500, 60, 21), small = correlated(1300, 60, 22), tiny = correlated(40, 60, 23);
        CovarianceAccumulator reused = new CovarianceAccumulator(60, BLAS);
        for (FloatMatrix x : new FloatMatrix[] {big, small, tiny, big, small}) {
            reused.clear();
            reused.add(x);
            CovarianceAccumulator fresh = new CovarianceAccumulator(60, BLAS);
            fresh.add(x);
            assertThat(bits(reused.statistics())).isEqualTo(bits(fresh.covariance()));
            assertThat(reused.covariance().matrix().data()).isEqualTo(fresh.covariance().matrix().data());
        }
    }

    /** Layers that share one scratch (as a pass's depths do) read their statistics in turn with the bits of their own covariances. */
    @Test
    void statisticsFromASharedScratchKeepEachLayersBits() {
        CovarianceAccumulator.Scratch shared = new CovarianceAccumulator.Scratch();
        FloatMatrix x = correlated(1200, 50, 31), y = correlated(1200, 50, 32);
        CovarianceAccumulator a = new CovarianceAccumulator(50, BLAS, shared), b = new CovarianceAccumulator(50, BLAS, shared);
        a.add(x);
        b.add(y);
        Covariance sa = a.statistics(), sb = b.statistics();
        assertThat(bits(sa)).isEqualTo(bits(stream(x, 1200, BLAS)));
        assertThat(bits(sb)).isEqualTo(bits(stream(y, 1200, BLAS)));
    }

    @Test
    void statisticsOnlyRefuseTheMatrixNamingWhatToUseInstead() {
        CovarianceAccumulator acc = new CovarianceAccumulator(5, BLAS);
        acc.add(correlated(40, 5, 4));
        Covariance s = acc.statistics();
        assertThat(s.deadFraction()).isZero();
        assertThat(s.participationRatio()).isCloseTo(1 / s.vni(), within(1e-12));
        String message = "this covariance of 5 nodes holds its statistics only, not the matrix its %s needs; expected one from CovarianceAccumulator.covariance()";
        assertThatThrownBy(s::matrix).isInstanceOf(IllegalStateException.class).hasMessage(message, "entries");
        assertThatThrownBy(s::eigenvalues).isInstanceOf(IllegalStateException.class).hasMessage(message, "eigenvalues");
        assertThatThrownBy(s::entropyRank).isInstanceOf(IllegalStateException.class).hasMessage(message, "eigenvalues");
        assertThatThrownBy(s::correlationSquared).isInstanceOf(IllegalStateException.class).hasMessage(message, "entries");
    }

    @Test
    void badInputIsRejectedWithItsValues() {
        assertThatThrownBy(() -> new CovarianceAccumulator(0, BLAS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node count 0 is invalid; expected at least 1");
        CovarianceAccumulator acc = new CovarianceAccumulator(5, BLAS);
        assertThatThrownBy(() -> acc.add(new FloatMatrix(3, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch is 3x4; expected 5 columns, one per node");
        acc.add(new FloatMatrix(1, 5));
        assertThatThrownBy(acc::covariance).isInstanceOf(IllegalStateException.class)
                .hasMessage("the covariance of 1 input(s) is undefined; expected at least 2");
        acc.add(new FloatMatrix(1, 5));
        assertThatThrownBy(() -> acc.covariance().deadFraction(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relative variance threshold -1.0 is invalid; expected a finite value >= 0");
    }
}
