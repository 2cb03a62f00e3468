package dev.vnlab.experiment;

import static dev.vnlab.experiment.SharedSettings.ACTIVATION;
import static dev.vnlab.experiment.SharedSettings.NETS;
import static dev.vnlab.experiment.SharedSettings.SCHEME;
import static dev.vnlab.experiment.SharedSettings.SEED;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.DrawnNetwork;
import dev.vnlab.nn.Init;
import dev.vnlab.random.Rng;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Check;
import dev.vnlab.settings.Checks;
import dev.vnlab.settings.Field;
import dev.vnlab.settings.Schema;
import dev.vnlab.settings.Setting;
import dev.vnlab.settings.ValueType;
import dev.vnlab.spectrum.Estimate;
import dev.vnlab.spectrum.PairCorrelations;
import dev.vnlab.theory.ActivationMoments;
import dev.vnlab.theory.CorrelationMap;
import dev.vnlab.theory.Criticality;
import dev.vnlab.theory.NoFixedPointException;
import dev.vnlab.theory.Predictions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order-to-chaos phase diagram over (sigma_w^2, sigma_b^2) (docs/theory.md, the correlation map): at
 * each point of a grid the mean-field q*, chi_1, the correlation map's stable fixed point c*,
 * its slope chi_c and the depth scales xi_q and xi_c, with the fixed-point VNI predicted at one
 * depth and width; per row the critical sigma_w^2 (chi_1 = 1). Beside the theory, measured
 * correlation propagation: pairs of inputs of a given cosine sent through random networks at a
 * few probe points, their cosine layer by layer against the correlation map's.
 *
 * <p>Cells: one per grid row (a sigma_b^2: the theory of every sigma_w^2 in it, by
 * {@link CorrelationMap.Rule#FAST}) and one per probe point and network. Randomness: probe p's
 * network k from {@code seeded(seed).child(0).child(p).child(k)}, its input pairs from
 * {@code child(1).child(p).child(k)}. Thread-safe: cells may run concurrently.
 */
public final class PhaseExperiment extends SweepExperiment<PhaseExperiment.Settings, PhaseExperiment.Cell> {
    /** The command name. */
    public static final String COMMAND = "phase";
    /** The command, the settings and how they make the experiment. */
    public static final ExperimentKind<Settings> KIND = new ExperimentKind<>(COMMAND, Settings.SCHEMA, PhaseExperiment::new);
    private static final long NETWORK_STREAM = 0, PAIR_STREAM = 1;

    /**
     * What the diagram covers.
     *
     * @param activation phi
     * @param scheme how the weights are drawn (sets s_1 of the VNI prediction, and the probes' networks)
     * @param sigmaW2Range the grid's lowest and highest sigma_w^2
     * @param columns sigma_w^2 values, evenly spaced over the range, at least 2
     * @param sigmaB2Range the grid's lowest and highest sigma_b^2
     * @param rows sigma_b^2 values, at least 2
     * @param depth L of the VNI prediction
     * @param width N of the VNI prediction and of the probes' networks
     * @param probeSigmaW2 the sigma_w^2 of each probe point
     * @param probeSigmaB2 the sigma_b^2 of every probe point
     * @param probeDepth the probes' networks' depth
     * @param pairs input pairs per probe network
     * @param inputCosine the cosine c_0 of each pair's two inputs (of mean square 1 each)
     * @param nets networks per probe point
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init.Scheme scheme, double[] sigmaW2Range, int columns, double[] sigmaB2Range, int rows, int depth,
                           int width, double[] probeSigmaW2, double probeSigmaB2, int probeDepth, int pairs, double inputCosine, int nets, long seed) {
        static final Setting<double[]> SIGMA_W2_RANGE = Setting.of("sigma_w2_range", "LO,HI", ValueType.REALS, "the grid's lowest and highest sigma_w^2")
                .checked(range(false));
        static final Setting<Integer> COLUMNS = Setting.of("columns", "C", ValueType.INT, "sigma_w^2 values of the grid").checked(Checks.range(2, 1000));
        static final Setting<double[]> SIGMA_B2_RANGE = Setting.of("sigma_b2_range", "LO,HI", ValueType.REALS, "the grid's lowest and highest sigma_b^2")
                .checked(range(true));
        static final Setting<Integer> ROWS = Setting.of("rows", "R", ValueType.INT, "sigma_b^2 values of the grid").checked(Checks.range(2, 1000));
        static final Setting<Integer> DEPTH = Setting.of("depth", "L", ValueType.INT, "depth of the predicted VNI contours").checked(Checks.atLeast(1));
        static final Setting<Integer> WIDTH = SharedSettings.WIDTH.help("width N of the predicted VNI contours and of the probe networks");
        static final Setting<double[]> PROBE_SIGMA_W2 = Setting.of("probe_sigma_w2", "LIST", ValueType.REALS,
                "sigma_w^2 of each point where input pairs are sent through random networks").checked(Checks.distinctPositive());
        static final Setting<Double> PROBE_SIGMA_B2 = Setting.of("probe_sigma_b2", "X", ValueType.REAL, "sigma_b^2 of the probe points").checked(Checks.nonNegative());
        static final Setting<Integer> PROBE_DEPTH = Setting.of("probe_depth", "L", ValueType.INT, "depth of the probe networks").checked(Checks.range(1, 100_000));
        static final Setting<Integer> PAIRS = Setting.of("pairs", "P", ValueType.INT, "input pairs per probe network").checked(Checks.range(1, 100_000));
        static final Setting<Double> INPUT_COSINE = Setting.of("input_cosine", "C0", ValueType.REAL, "cosine of each pair's two inputs").checked(cosine());

        /** The settings as options, JSON fields and the re-run command, in the configuration's order. */
        public static final Schema<Settings> SCHEMA = Schema.of(List.of(new Field<>(ACTIVATION, Settings::activation), new Field<>(SCHEME, Settings::scheme),
                new Field<>(SIGMA_W2_RANGE, Settings::sigmaW2Range), new Field<>(COLUMNS, Settings::columns), new Field<>(SIGMA_B2_RANGE, Settings::sigmaB2Range),
                new Field<>(ROWS, Settings::rows), new Field<>(DEPTH, Settings::depth), new Field<>(WIDTH, Settings::width),
                new Field<>(PROBE_SIGMA_W2, Settings::probeSigmaW2), new Field<>(PROBE_SIGMA_B2, Settings::probeSigmaB2), new Field<>(PROBE_DEPTH, Settings::probeDepth),
                new Field<>(PAIRS, Settings::pairs), new Field<>(INPUT_COSINE, Settings::inputCosine), new Field<>(NETS, Settings::nets), new Field<>(SEED, Settings::seed)),
                v -> new Settings(v.get(ACTIVATION), v.get(SCHEME), v.get(SIGMA_W2_RANGE), v.get(COLUMNS), v.get(SIGMA_B2_RANGE), v.get(ROWS), v.get(DEPTH),
                        v.get(WIDTH), v.get(PROBE_SIGMA_W2), v.get(PROBE_SIGMA_B2), v.get(PROBE_DEPTH), v.get(PAIRS), v.get(INPUT_COSINE), v.get(NETS), v.get(SEED)),
                quick(), paper());

        /** @throws IllegalArgumentException naming the option whose value is out of range and what is expected */
        public Settings {
            java.util.Objects.requireNonNull(activation, "activation");
            java.util.Objects.requireNonNull(scheme, "scheme");
            sigmaW2Range = SIGMA_W2_RANGE.check(sigmaW2Range).clone();
            COLUMNS.check(columns);
            sigmaB2Range = SIGMA_B2_RANGE.check(sigmaB2Range).clone();
            ROWS.check(rows);
            DEPTH.check(depth);
            WIDTH.check(width);
            probeSigmaW2 = PROBE_SIGMA_W2.check(probeSigmaW2).clone();
            PROBE_SIGMA_B2.check(probeSigmaB2);
            PROBE_DEPTH.check(probeDepth);
            PAIRS.check(pairs);
            INPUT_COSINE.check(inputCosine);
            NETS.check(nets);
        }

        /** Two values LO &lt; HI, LO positive (or, with {@code zeroAllowed}, at least 0). */
        private static Check<double[]> range(boolean zeroAllowed) {
            return (flag, v) -> {
                boolean lowOk = v.length == 2 && (zeroAllowed ? v[0] >= 0 : v[0] > 0);
                if (!lowOk || !(v[1] > v[0])) {
                    throw new IllegalArgumentException(flag + " " + java.util.Arrays.toString(v) + " is invalid; expected two values LO,HI with "
                            + (zeroAllowed ? "0 <= LO" : "0 < LO") + " < HI");
                }
                return v;
            };
        }

        private static Check<Double> cosine() {
            return (flag, v) -> {
                if (!(v >= -1 && v < 1)) throw new IllegalArgumentException(flag + " " + v + " is invalid; expected -1 <= c_0 < 1");
                return v;
            };
        }

        /**
         * Seconds on two cores: tanh with Gaussian weights over sigma_w^2 in [0.5, 4] (36 values)
         * and sigma_b^2 in [0, 0.3] (24), the VNI predicted at depth 100 and width 500; pairs of
         * cosine 0.5 through 2 networks of width 500 and depth 50 at sigma_b^2 = 0.05 and sigma_w^2
         * = 1 (ordered), 1.76 (at the critical 1.761) and 3.5 (chaotic), 50 pairs each.
         */
        public static Settings quick() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new double[] {0.5, 4}, 36, new double[] {0, 0.3}, 24, 100, 500,
                    new double[] {1, 1.76, 3.5}, 0.05, 50, 50, 0.5, 2, 1);
        }

        /**
         * Schoenholz et al.'s Fig. 1 plane (the thesis draws no phase diagram): sigma_w^2 in [1, 4]
         * (91 values), sigma_b^2 in [0, 0.3] (61); probes as quick, 10 networks each, width 1000 and
         * depth 100.
         */
        public static Settings paper() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new double[] {1, 4}, 91, new double[] {0, 0.3}, 61, 100, 1000,
                    new double[] {1, 1.76, 3.5}, 0.05, 100, 100, 0.5, 10, 1);
        }

        /** This configuration with another root seed. */
        public Settings withSeed(long seed) {
            return new Settings(activation, scheme, sigmaW2Range, columns, sigmaB2Range, rows, depth, width, probeSigmaW2, probeSigmaB2, probeDepth, pairs,
                    inputCosine, nets, seed);
        }

        @Override public double[] sigmaW2Range() { return sigmaW2Range.clone(); }

        @Override public double[] sigmaB2Range() { return sigmaB2Range.clone(); }

        @Override public double[] probeSigmaW2() { return probeSigmaW2.clone(); }

        /** Column j's sigma_w^2. */
        public double sigmaW2(int j) { return sigmaW2Range[0] + (sigmaW2Range[1] - sigmaW2Range[0]) * j / (columns - 1); }

        /** Row i's sigma_b^2. */
        public double sigmaB2(int i) { return sigmaB2Range[0] + (sigmaB2Range[1] - sigmaB2Range[0]) * i / (rows - 1); }
    }

    /** A cell: a grid row of theory, or one network at a probe point. */
    public sealed interface Cell permits Row, Probe {
        /** The stable key. */
        String key();
    }

    /** Row i of the grid (sigma_b^2 number i). */
    public record Row(int row) implements Cell {
        @Override public String key() { return "row=" + row; }
    }

    /** Network k at probe point p. */
    public record Probe(int point, int net) implements Cell {
        @Override public String key() { return "probe=" + point + ",net=" + net; }
    }

    /** The experiment of this configuration: the rows, then the probes point by point. */
    public PhaseExperiment(Settings settings) {
        super(KIND, settings, cells(settings), Cell::key);
    }

    private static List<Cell> cells(Settings s) {
        List<Cell> out = new ArrayList<>();
        for (int i = 0; i < s.rows; i++) out.add(new Row(i));
        for (int p = 0; p < s.probeSigmaW2.length; p++) for (int k = 0; k < s.nets; k++) out.add(new Probe(p, k));
        return out;
    }

    /** A row: its record; a probe: the network drawn a layer at a time, its pairs, the observed pass. */
    @Override public long memory(Cell cell) {
        double n = settings.width;
        if (cell instanceof Row) return CellMemory.bytes(CellMemory.record(12.0 * settings.columns));
        return CellMemory.bytes(CellMemory.drawnNetwork(n, n) + CellMemory.forwardPass(2.0 * settings.pairs, n, n) + CellMemory.record(3.0 * settings.probeDepth));
    }

    /** A row: about 30 product-rule pair expectations per point (160^2 evaluations of phi each); a probe: a forward pass. */
    @Override public double flops(Cell cell) {
        double n = settings.width;
        if (cell instanceof Row) return settings.columns * 30.0 * 160 * 160 * 20;
        return 2.0 * 2 * settings.pairs * n * n * settings.probeDepth;
    }

    /**
     * A row: {@code row}, {@code sigma_b2}, {@code critical_sigma_w2} (NaN where chi_1 never
     * reaches 1) and per column, in order, {@code sigma_w2}, {@code q_star}, {@code chi_1},
     * {@code c_star}, {@code chi_c}, {@code xi_q}, {@code xi_c} (infinite on the critical line)
     * and {@code vni} (the fixed-point prediction at the settings' depth and width), NaN where
     * the variance map has no fixed point. A probe: {@code point}, {@code net}, {@code sigma_w2},
     * {@code sigma_b2}, {@code cosine} and {@code cosine_se} (the mean over pairs of the cosine
     * of x_l, l = 0..L, with its standard error) and {@code input_second_moment} (the pairs'
     * mean square input).
     */
    @Override
    public Map<String, Object> run(Cell cell, Blas blas) {
        return cell instanceof Row r ? row(r) : probe((Probe) cell, blas);
    }

    private Map<String, Object> row(Row cell) {
        int c = settings.columns;
        double b2 = settings.sigmaB2(cell.row);
        double[] w2 = new double[c], q = new double[c], chi1 = new double[c], cStar = new double[c], chiC = new double[c], xiQ = new double[c], xiC = new double[c],
                vni = new double[c];
        for (int j = 0; j < c; j++) {
            w2[j] = settings.sigmaW2(j);
            try {
                CorrelationMap.Phase p = CorrelationMap.phase(settings.activation, w2[j], b2, CorrelationMap.Rule.FAST);
                q[j] = p.qStar();
                chi1[j] = p.chi1();
                cStar[j] = p.cStar();
                chiC[j] = p.chiC();
                xiQ[j] = p.xiQ();
                xiC[j] = p.xiC();
                vni[j] = Predictions.fixedPoint(settings.activation, new Init(settings.scheme, w2[j], b2), settings.depth, settings.width).vni();
            } catch (NoFixedPointException e) {
                q[j] = chi1[j] = cStar[j] = chiC[j] = xiQ[j] = xiC[j] = vni[j] = Double.NaN;
            }
        }
        double critical;
        try {
            critical = Criticality.forBias(settings.activation, b2).sigmaW2();
        } catch (RuntimeException e) { // no sigma_w^2 makes chi_1 = 1 at this bias (e.g. ReLU with sigma_b^2 > 0)
            critical = Double.NaN;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("row", cell.row);
        r.put("sigma_b2", b2);
        r.put("critical_sigma_w2", critical);
        r.put("sigma_w2", w2);
        r.put("q_star", q);
        r.put("chi_1", chi1);
        r.put("c_star", cStar);
        r.put("chi_c", chiC);
        r.put("xi_q", xiQ);
        r.put("xi_c", xiC);
        r.put("vni", vni);
        return r;
    }

    private Map<String, Object> probe(Probe cell, Blas blas) {
        int n = settings.width, p = settings.pairs;
        double w2 = settings.probeSigmaW2[cell.point], b2 = settings.probeSigmaB2;
        Rng root = Rng.seeded(settings.seed);
        Init init = new Init(settings.scheme, w2, b2);
        DrawnNetwork net = DrawnNetwork.of(n, n, settings.probeDepth, 1, settings.activation, init, init, root.child(NETWORK_STREAM).child(cell.point).child(cell.net), blas);
        FloatMatrix z = new FloatMatrix(2 * p, n), pairs = new FloatMatrix(2 * p, n);
        root.child(PAIR_STREAM).child(cell.point).child(cell.net).fillGaussian(z, 0f, 1f, blas);
        double c0 = settings.inputCosine, s0 = Math.sqrt(1 - c0 * c0), square = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double a = z.get(2 * i, j), b = c0 * a + s0 * z.get(2 * i + 1, j);
                pairs.set(2 * i, j, (float) a);
                pairs.set(2 * i + 1, j, (float) b);
                square += a * a + b * b;
            }
        }
        int[] depths = new int[settings.probeDepth + 1];
        for (int l = 0; l <= settings.probeDepth; l++) depths[l] = l;
        Estimate[] cos = PairCorrelations.measure(net, pairs, depths, blas);
        double[] mean = new double[cos.length], se = new double[cos.length];
        for (int l = 0; l < cos.length; l++) {
            mean[l] = cos[l].value();
            se[l] = cos[l].standardError();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("point", cell.point);
        r.put("net", cell.net);
        r.put("sigma_w2", w2);
        r.put("sigma_b2", b2);
        r.put("input_second_moment", square / (2.0 * p * n));
        r.put("cosine", mean);
        r.put("cosine_se", se);
        return r;
    }

    /**
     * The theory at a probe point.
     *
     * @param map the correlation map's cosine of x_l, l = 1..L, for the probes' inputs
     * @param fixedCosine the cosine of x at the fixed point (q*, c*); NaN where there is none
     * @param phase the point's phase, or null where the variance map has no fixed point
     */
    record ProbeTheory(double[] map, double fixedCosine, CorrelationMap.Phase phase) {}

    /**
     * The correlation map at probe point p for inputs of mean square qx and cosine c_0, layer by
     * layer and at its fixed point: the finite-depth and fixed-point forms beside the measurement.
     */
    ProbeTheory probeTheory(int point, double qx) {
        double w2 = settings.probeSigmaW2[point], b2 = settings.probeSigmaB2;
        double[] finite = CorrelationMap.cosineSequence(settings.activation, w2, b2, qx, settings.inputCosine, settings.probeDepth, CorrelationMap.Rule.FAST);
        try {
            CorrelationMap.Phase p = CorrelationMap.phase(settings.activation, w2, b2, CorrelationMap.Rule.FAST);
            double fixed = CorrelationMap.crossMoment(settings.activation, p.qStar(), p.cStar(), CorrelationMap.Rule.FAST)
                    / ActivationMoments.meanSquare(settings.activation, p.qStar());
            return new ProbeTheory(finite, fixed, p);
        } catch (NoFixedPointException e) {
            return new ProbeTheory(finite, Double.NaN, null);
        }
    }

    @Override public Rendering render(List<Map<String, Object>> records, OutputDir out) throws IOException {
        return new PhaseRendering(this).render(records, out);
    }
}
