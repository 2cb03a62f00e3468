package dev.vnlab.experiment;

import dev.vnlab.sweep.Sweep;
import dev.vnlab.sweep.Experiment;
import dev.vnlab.data.Dataset;
import dev.vnlab.data.RowSource;
import dev.vnlab.data.Synthetic;
import dev.vnlab.linalg.Blas;
import dev.vnlab.metrics.LayerMetrics;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Init;
import dev.vnlab.nn.Loss;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Pass;
import dev.vnlab.nn.Trainer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.random.Rng;
import dev.vnlab.report.Dash;
import dev.vnlab.report.Marker;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Plot;
import dev.vnlab.report.Report;
import dev.vnlab.report.Scale;
import dev.vnlab.report.Series;
import dev.vnlab.report.Table;
import dev.vnlab.theory.Criticality;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The "walking dead gradients" of the arXiv version (1910.09745): networks at the critical
 * initialisation (sigma_w^2 mu_1 = 1, so gradients neither vanish nor explode) learning XOR,
 * the four points of {-1, +1}^2 ({@link Synthetic#xor}), full batch, one step per epoch. A run
 * succeeds when all four points are classified right within the step budget. Per run it records
 * the VNI of the last hidden layer over the four inputs at initialisation and at the end (four
 * points span at most 3 dimensions, so this VNI lies in [1/3, 1]; 1 means the four hidden
 * representations lie on a line), and the Frobenius norm of every layer's weight gradient on the
 * full batch at initialisation and at the end. The point it shows: the deeper the net, the
 * nearer the VNI is to 1 and the more runs fail, while the first and last layers' gradients stay
 * of the same order.
 *
 * <p>One cell is one run: width x depth x run number. Randomness: the network comes from
 * {@code seeded(seed).child(0).child(width).child(depth).child(run)}, the batch order (the order
 * the four rows are summed in) from {@code seeded(seed).child(1).child(run)}. Results are the
 * same bits for any thread count; {@link #run} may be called from several threads at once.
 */
public final class XorExperiment implements Experiment<XorExperiment.Params> {
    /** The command that runs it and names it in outputs. */
    public static final String COMMAND = "xor";
    private static final long NETWORK_STREAM = 0, SHUFFLE_STREAM = 1;

    /**
     * What the sweep trains.
     *
     * @param activation phi of every hidden layer
     * @param scheme the weight distribution, at the activation's critical sigma_w^2 (zero biases)
     * @param depths the depths L, ascending
     * @param widths the widths N, ascending
     * @param runs runs per width and depth
     * @param steps the step budget (full-batch steps, one per epoch)
     * @param optimizer the update rule
     * @param learningRate its constant learning rate
     * @param seed the root seed
     */
    public record Settings(Activation activation, Init.Scheme scheme, int[] depths, int[] widths, int runs, int steps, OptimizerKind optimizer,
                           double learningRate, long seed) {
        /** @throws IllegalArgumentException naming the value that is out of range and what is expected */
        public Settings {
            if (activation == null) throw new IllegalArgumentException("activation is null; expected one, e.g. tanh");
            if (scheme == null) throw new IllegalArgumentException("weight distribution is null; expected gaussian, uniform or orthogonal");
            if (optimizer == null) throw new IllegalArgumentException("optimizer is null; expected sgd, momentum, adam or rmsprop");
            Criticality.init(scheme, activation, 0); // an activation without a critical point fails here
            depths = ascending(depths, "depths", "depth", "hidden layer");
            widths = ascending(widths, "widths", "width", "node per hidden layer");
            for (int w : widths) ConfigChecks.width("--widths", w);
            if (runs < 1) throw new IllegalArgumentException("runs " + runs + " is invalid; expected at least 1 run per width and depth");
            if (steps < 1) throw new IllegalArgumentException("step budget " + steps + " is invalid; expected at least 1 step");
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate " + learningRate + " is invalid; expected a finite value > 0");
            }
        }

        private static int[] ascending(int[] v, String plural, String one, String unit) {
            if (v == null || v.length == 0) throw new IllegalArgumentException(plural + " are empty; expected at least one");
            for (int i = 0; i < v.length; i++) {
                if (v[i] < 1) throw new IllegalArgumentException(one + " " + v[i] + " is invalid; expected at least 1 " + unit);
                if (i > 0 && v[i] <= v[i - 1]) {
                    throw new IllegalArgumentException(plural + " " + Arrays.toString(v) + " are not strictly ascending; expected distinct values in increasing order");
                }
            }
            return v.clone();
        }

        /** The depths (a copy). */
        @Override public int[] depths() {
            return depths.clone();
        }

        /** The widths (a copy). */
        @Override public int[] widths() {
            return widths.clone();
        }

        /** The critical initialisation of every layer. */
        public Init init() {
            return Criticality.init(scheme, activation, 0);
        }

        /**
         * The arXiv version's experiment as far as its abstract states it: XOR learnt by critical
         * tanh networks of increasing depth. Its settings are not stated; these are a choice:
         * scaled-Gaussian weights, depths 2 to 100, widths 8, 16, 32, 20 runs each (the thesis's
         * count), Adam at lr 1e-3 for 5,000 full-batch steps. Adam, because its steps do not
         * scale with the gradient's size: a run it cannot train is not held back by a small
         * gradient alone.
         */
        public static Settings paper() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new int[] {2, 3, 5, 10, 20, 30, 50, 100}, new int[] {8, 16, 32}, 20, 5_000,
                    OptimizerKind.ADAM, 1e-3, 1);
        }

        /** A version that runs in seconds: as {@link #paper} with depths 2, 5, 10, 20, 50, 100, widths 8 and 16, 5 runs each, 1,000 steps. */
        public static Settings quick() {
            return new Settings(Activation.TANH, Init.Scheme.GAUSSIAN, new int[] {2, 5, 10, 20, 50, 100}, new int[] {8, 16}, 5, 1_000,
                    OptimizerKind.ADAM, 1e-3, 1);
        }

        /** Everything that determines the results, JSON-ready, in a fixed order (for summary.json and resume checks). */
        public Map<String, Object> toMap() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("activation", Names.of(activation));
            c.put("init", Names.of(scheme));
            c.put("sigma_w2", init().sigmaW2());
            c.put("depths", depths.clone());
            c.put("widths", widths.clone());
            c.put("runs", runs);
            c.put("steps", steps);
            c.put("optimizer", optimizer.id());
            c.put("learning_rate", learningRate);
            c.put("seed", seed);
            return c;
        }
    }

    /**
     * One cell: run {@code run} of a width and depth.
     *
     * @param width N
     * @param depth L
     * @param run the run number, 0 to runs - 1
     */
    public record Params(int width, int depth, int run) {
        /** The stable key, e.g. {@code width=16,depth=10,run=3}. */
        public String key() {
            return "width=" + width + ",depth=" + depth + ",run=" + run;
        }
    }

    private final Settings settings;
    private final Sweep<Params> sweep;

    /** The experiment of these settings. */
    public XorExperiment(Settings settings) {
        this.settings = settings;
        this.sweep = Sweep.of(cells(), Params::key);
    }

    /**
     * The experiment a configuration ({@link #config()} in its JSON form) describes; its
     * sigma_w2 follows from the activation and weight distribution and is not read.
     *
     * @throws IllegalArgumentException naming a missing or malformed field
     */
    public static XorExperiment fromConfig(Map<String, Object> c) {
        return new XorExperiment(new Settings(Names.parse(Activation.class, "activation", ConfigFields.string(c, "activation")),
                Names.parse(Init.Scheme.class, "init", ConfigFields.string(c, "init")), ConfigFields.ints(c, "depths"), ConfigFields.ints(c, "widths"),
                ConfigFields.int32(c, "runs"), ConfigFields.int32(c, "steps"), OptimizerKind.parse(ConfigFields.string(c, "optimizer")),
                ConfigFields.real(c, "learning_rate"), ConfigFields.integer(c, "seed")));
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    @Override public String command() {
        return COMMAND;
    }

    /** {@link Settings#toMap}. */
    @Override public Map<String, Object> config() {
        return settings.toMap();
    }

    @Override public Sweep<Params> sweep() {
        return sweep;
    }

    /** Renders the records ({@link #render}) and writes summary.json, whose results are the rows of the console table with every number exact. */
    @Override public String finish(String version, List<Map<String, Object>> records, OutputDir out) throws IOException {
        return render(settings, records, out).finish(COMMAND, version, config(), rerun(), out);
    }

    private String rerun() {
        Settings s = settings;
        return RerunCommand.of(COMMAND).option("activation", s.activation()).option("init", s.scheme()).option("depths", s.depths())
                .option("widths", s.widths()).option("runs", s.runs()).option("steps", s.steps()).option("optimizer", s.optimizer())
                .option("learning-rate", s.learningRate()).option("seed", s.seed()).toString();
    }

    /** The cells in a fixed order: width, depth, run (the last varying fastest). */
    public List<Params> cells() {
        List<Params> cells = new ArrayList<>();
        for (int n : settings.widths) for (int l : settings.depths) for (int k = 0; k < settings.runs(); k++) cells.add(new Params(n, l, k));
        return cells;
    }

    @Override public long memory(Params cell) {
        double n = cell.width(), depth = cell.depth();
        return CellMemory.bytes(CellMemory.trainedNetwork(2, n, depth, 2, settings.optimizer().states()) + 2 * CellMemory.trainingPass(4, 2, n, depth, 2)
                + CellMemory.covariance(n, 4, 4));
    }

    /** The floating-point operations of one cell at the full step budget (an upper estimate: successes stop early). */
    @Override public double flops(Params cell) {
        double n = cell.width(), perExample = 2.0 * (2 * n + (cell.depth() - 1) * n * n + 2 * n);
        return settings.steps() * 4 * 4 * perExample;
    }

    /**
     * Trains one run on XOR.
     *
     * @return the record: {@code width}, {@code depth}, {@code run}, {@code sigma_w2},
     *     {@code status} (target-reached, completed or diverged), {@code success},
     *     {@code steps} (taken), {@code accuracy} (at the end, over the four points),
     *     {@code loss_init}, {@code loss_end}, {@code vni_init}, {@code vni_end},
     *     {@code grad_norm_init} and {@code grad_norm_end} (the weight gradient's Frobenius norm
     *     of every layer, hidden layers 1..L then the output layer) and {@code seconds}
     */
    @Override
    public Map<String, Object> run(Params cell, Blas blas) {
        long start = System.nanoTime();
        Dataset xor = Synthetic.xor();
        Init init = settings.init();
        Rng root = Rng.seeded(settings.seed());
        Mlp net = Mlp.create(xor.features(), cell.width(), cell.depth(), xor.classes(), settings.activation(), init, init,
                root.child(NETWORK_STREAM).child(cell.width()).child(cell.depth()).child(cell.run()), blas);
        Pass pass = new Pass(net, xor.size(), blas);
        double lossInit = gradients(pass, xor);
        double[] gradInit = gradientNorms(net, blas);
        double vniInit = vni(net, xor, blas);
        Trainer trainer = new Trainer(net, settings.optimizer().create(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY,
                Schedule.constant(settings.learningRate()), xor, xor, xor.size(), root.child(SHUFFLE_STREAM).child(cell.run()), blas)
                .targetAccuracy(1.0);
        Trainer.Result result = Trainers.run(trainer, settings.steps(), cell.key());
        boolean diverged = result.status() == Trainer.Status.DIVERGED;
        double lossEnd = diverged ? Double.NaN : gradients(pass, xor);
        double[] gradEnd = diverged ? nans(gradInit.length) : gradientNorms(net, blas);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", cell.width());
        r.put("depth", cell.depth());
        r.put("run", cell.run());
        r.put("sigma_w2", init.sigmaW2());
        r.put("status", Names.of(result.status()));
        r.put("success", result.status() == Trainer.Status.TARGET_REACHED);
        r.put("steps", result.state().epochs());
        r.put("accuracy", diverged ? Double.NaN : trainer.evaluate(xor)[1]);
        r.put("loss_init", lossInit);
        r.put("loss_end", lossEnd);
        r.put("vni_init", vniInit);
        r.put("vni_end", diverged ? Double.NaN : vni(net, xor, blas));
        r.put("grad_norm_init", gradInit);
        r.put("grad_norm_end", gradEnd);
        r.put("seconds", (System.nanoTime() - start) / 1e9);
        return r;
    }

    /** One forward and backward pass over the four points: writes the gradients, returns the loss. */
    private static double gradients(Pass pass, Dataset xor) {
        pass.forward(xor.inputs());
        return pass.backward(Loss.SOFTMAX_CROSS_ENTROPY, xor.labels());
    }

    private static double[] gradientNorms(Mlp net, Blas blas) {
        double[] g = new double[net.layers()];
        for (int l = 0; l < g.length; l++) g[l] = blas.frobeniusNorm(net.weightGradient(l));
        return g;
    }

    private static double vni(Mlp net, Dataset xor, Blas blas) {
        return LayerMetrics.covariance(net, net.layers() - 2, RowSource.of(xor.inputs()), xor.size(), blas).vni();
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /** One run's record, read back. */
    private record RunRecord(int width, int depth, int run, String status, boolean success, int steps, double vniInit, double vniEnd,
                             double gradFirst, double gradLast, double gradFirstEnd, double gradLastEnd, double seconds) {
        static RunRecord of(Map<String, Object> r) {
            double[] init = ConfigFields.reals(r, "grad_norm_init"), end = ConfigFields.reals(r, "grad_norm_end");
            int depth = ConfigFields.int32(r, "depth");
            if (init.length != depth + 1 || end.length != depth + 1) {
                throw new IllegalArgumentException("cell record of depth " + depth + " has " + init.length + " and " + end.length
                        + " gradient norms; expected " + (depth + 1) + " (hidden layers and output layer)");
            }
            return new RunRecord(ConfigFields.int32(r, "width"), depth, ConfigFields.int32(r, "run"), ConfigFields.string(r, "status"),
                    ConfigFields.flag(r, "success"), ConfigFields.int32(r, "steps"), ConfigFields.real(r, "vni_init"), ConfigFields.real(r, "vni_end"),
                    init[0], init[depth - 1], end[0], end[depth - 1], ConfigFields.real(r, "seconds"));
        }

        /** The first hidden layer's gradient norm over the last hidden layer's, at initialisation. */
        double gradRatio() {
            return gradFirst / gradLast;
        }

        boolean diverged() {
            return "diverged".equals(status);
        }

        /** The last hidden layer collapsed at initialisation (see {@link Collapse#ofTraining}: a run diverged at its first step has no finite network to tell). */
        boolean collapsedInit() {
            return Collapse.ofTraining(vniInit, diverged() && steps == 0);
        }

        /** The last hidden layer collapsed at the end; a diverged run has no VNI after its divergence, and so no collapse. */
        boolean collapsedEnd() {
            return Collapse.ofTraining(vniEnd, diverged());
        }

        /** A failed run that did not diverge and ended collapsed. */
        boolean failedCollapsed() {
            return !success && collapsedEnd();
        }

        /** The status of xor-runs.csv: the trainer's, except a run that failed and ended collapsed is "collapsed". */
        String shownStatus() {
            return failedCollapsed() ? "collapsed" : status;
        }
    }

    /**
     * Writes xor.csv (one row per width and depth), xor-runs.csv (one row per run), the figures
     * xor-failure (failure rate against depth), xor-vni (the VNI at initialisation and at the end
     * against depth) and xor-gradients (the first and last hidden layers' gradient norms at
     * initialisation against depth), and report.md with a reading of them.
     *
     * @param results the records of the cells ({@link #run}), in any order, as returned or as parsed back from JSON
     * @return the report, xor.csv's table (the results of summary.json) and the console table
     * @throws IllegalArgumentException if a record is malformed or outside the settings' sweep
     */
    public static Rendering render(Settings s, List<Map<String, Object>> results, OutputDir out) throws IOException {
        List<RunRecord> all = new ArrayList<>();
        for (Map<String, Object> m : results) {
            RunRecord r = RunRecord.of(m);
            if (Arrays.stream(s.widths).noneMatch(n -> n == r.width) || Arrays.stream(s.depths).noneMatch(l -> l == r.depth)) {
                throw new IllegalArgumentException("cell record of width " + r.width + " and depth " + r.depth + " is outside the sweep of these settings; expected widths "
                        + Arrays.toString(s.widths) + " and depths " + Arrays.toString(s.depths));
            }
            all.add(r);
        }
        if (all.isEmpty()) throw new IllegalArgumentException("no cell records to render; expected at least one run");
        all.sort(Comparator.comparingInt((RunRecord r) -> r.width).thenComparingInt(r -> r.depth).thenComparingInt(r -> r.run));
        Table points = new Table("width", "depth", "runs", "failures", "diverged", "collapsed", "failure_rate", "steps_to_success_median", "vni_init_q25", "vni_init_median",
                "vni_init_q75", "vni_end_median_success", "vni_end_median_failure", "grad_first_init_median", "grad_last_init_median",
                "grad_ratio_init_median", "grad_first_end_median_failure", "grad_last_end_median_failure");
        Table runs = new Table("width", "depth", "run", "status", "success", "steps", "vni_init", "vni_end", "grad_first_init", "grad_last_init",
                "grad_first_end", "grad_last_end", "seconds");
        Table shown = new Table("N", "L", "runs", "failed", "diverged", "collapsed", "VNI init", "VNI end (failed)", "‖∇W₁‖ init", "‖∇W_L‖ init", "ratio");
        Plot failure = new Plot("XOR: failure rate against depth (critical " + Labels.display(s.activation()) + ")").xLabel("depth L")
                .yLabel("fraction of runs that failed").xScale(Scale.LOG).yRange(-0.04, 1.04);
        Plot vni = new Plot("VNI of the last hidden layer over the 4 XOR inputs").xLabel("depth L").yLabel("VNI (1/3 to 1 for 4 inputs)")
                .xScale(Scale.LOG);
        Plot gradients = new Plot("Weight-gradient norms at initialisation").xLabel("depth L").yLabel("Frobenius norm of dLoss/dW")
                .xScale(Scale.LOG).yScale(Scale.LOG);
        double[] depthAxis = Arrays.stream(s.depths).asDoubleStream().toArray();
        for (int w = 0; w < s.widths.length; w++) {
            int width = s.widths[w];
            Color color = Plot.PALETTE.get(w % Plot.PALETTE.size());
            int d = s.depths.length;
            double[] rate = new double[d], vniInit = new double[d], vni25 = new double[d], vni75 = new double[d], vniEndFailed = new double[d],
                    first = new double[d], last = new double[d];
            for (int i = 0; i < d; i++) {
                int depth = s.depths[i];
                List<RunRecord> here = all.stream().filter(r -> r.width == width && r.depth == depth).toList();
                if (here.isEmpty()) {
                    rate[i] = vniInit[i] = vni25[i] = vni75[i] = vniEndFailed[i] = first[i] = last[i] = Double.NaN;
                    continue;
                }
                List<RunRecord> won = here.stream().filter(RunRecord::success).toList(), lost = here.stream().filter(r -> !r.success).toList();
                rate[i] = (double) lost.size() / here.size();
                double[] q = RunStatistics.quartiles(values(here, RunRecord::vniInit));
                vni25[i] = q[0];
                vniInit[i] = q[1];
                vni75[i] = q[2];
                vniEndFailed[i] = RunStatistics.median(values(lost, RunRecord::vniEnd));
                first[i] = RunStatistics.median(values(here, RunRecord::gradFirst));
                last[i] = RunStatistics.median(values(here, RunRecord::gradLast));
                double ratio = RunStatistics.median(values(here, RunRecord::gradRatio));
                int diverged = (int) here.stream().filter(RunRecord::diverged).count(), collapsed = (int) here.stream().filter(RunRecord::failedCollapsed).count();
                points.add(width, depth, here.size(), lost.size(), diverged, collapsed, rate[i], RunStatistics.median(values(won, r -> r.steps)), q[0], q[1], q[2],
                        RunStatistics.median(values(won, RunRecord::vniEnd)), vniEndFailed[i], first[i], last[i], ratio,
                        RunStatistics.median(values(lost, RunRecord::gradFirstEnd)), RunStatistics.median(values(lost, RunRecord::gradLastEnd)));
                shown.add(width, depth, here.size(), lost.size(), diverged, collapsed, q[1], vniEndFailed[i], first[i], last[i], ratio);
                for (RunRecord r : here) {
                    runs.add(r.width, r.depth, r.run, r.shownStatus(), r.success, r.steps, r.vniInit, r.vniEnd, r.gradFirst, r.gradLast, r.gradFirstEnd,
                            r.gradLastEnd, r.seconds);
                }
            }
            String name = "N = " + width;
            failure.add(Series.of(name, depthAxis, rate).marker(Marker.CIRCLE).color(color));
            vni.add(Series.of(name + ", initialisation: median, 25-75%", depthAxis, vniInit).band(vni25, vni75).marker(Marker.CIRCLE).color(color));
            if (Arrays.stream(vniEndFailed).anyMatch(v -> !Double.isNaN(v))) {
                vni.add(Series.of(name + ", end of failed runs: median", depthAxis, vniEndFailed).dash(Dash.DASHED).marker(Marker.SQUARE).color(color));
            }
            gradients.add(Series.of(name + ", first hidden layer", depthAxis, first).marker(Marker.CIRCLE).color(color));
            gradients.add(Series.of(name + ", last hidden layer", depthAxis, last).dash(Dash.DASHED).marker(Marker.SQUARE).color(color));
        }
        out.writeCsv("xor.csv", points);
        out.writeCsv("xor-runs.csv", runs);
        out.writeFigure("xor-failure", failure);
        out.writeFigure("xor-vni", vni);
        out.writeFigure("xor-gradients", gradients);
        Report report = new Report("XOR and walking-dead gradients (arXiv 1910.09745)").paragraph(setup(s)).table(shown)
                .paragraph("Columns: N width, L depth; failed: runs that did not classify all four points within the budget, among them diverged (stopped at "
                        + Trainer.DIVERGENCE_RULE + ", with no VNI after it) and collapsed (ended with " + Collapse.MEANING + "); VNI init: the median "
                        + "VNI of the last hidden layer over the four inputs at initialisation; VNI end (failed): its median at the end of the failed runs that "
                        + "neither diverged nor collapsed; "
                        + "‖∇W₁‖ and ‖∇W_L‖ init: the median Frobenius norms of the first and last hidden layers' weight gradients at initialisation; "
                        + "ratio: the median of their ratio. Every run in xor-runs.csv, whose status is target-reached, completed (failed), diverged or collapsed.")
                .figure("Fraction of runs that failed to learn XOR, against depth", "xor-failure")
                .figure("VNI of the last hidden layer over the four XOR inputs: at initialisation (median and quartile band) and at the end of failed runs", "xor-vni")
                .figure("Weight-gradient norms of the first (solid) and last (dashed) hidden layers at initialisation, medians over runs", "xor-gradients")
                .section("Reading").paragraph(reading(s, all));
        out.writeReport(report);
        return new Rendering(report, points, shown.toConsole());
    }

    private static double[] values(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    private static String setup(Settings s) {
        return String.format(Locale.ROOT, "XOR on {-1, +1}^2 (four points, two classes), learnt by %s MLPs of widths %s and depths %s with %s weights at "
                        + "the critical sigma_w^2 = %s (sigma_w^2 mu_1 = 1; zero biases), softmax cross-entropy, %s at lr %s on the full batch for at most "
                        + "%d steps; a run succeeds once all four points are classified right. %d runs per width and depth. Seed %d.",
                Labels.display(s.activation()), Arrays.toString(s.widths), Arrays.toString(s.depths), Labels.display(s.scheme()), Labels.compact(s.init().sigmaW2()),
                s.optimizer().label(), Labels.compact(s.learningRate()), s.steps(), s.runs(), s.seed());
    }

    /** "depth 50: 2, depth 100: 3" for the runs given, by depth. */
    private static String depthsOf(List<RunRecord> runs) {
        java.util.Map<Integer, Long> byDepth = new java.util.TreeMap<>();
        for (RunRecord r : runs) byDepth.merge(r.depth, 1L, Long::sum);
        List<String> parts = new ArrayList<>();
        byDepth.forEach((d, k) -> parts.add("depth " + d + ": " + k));
        return String.join(", ", parts);
    }

    /** One paragraph of what the sweep shows, set against the paper's claim. */
    private static String reading(Settings s, List<RunRecord> all) {
        int shallow = s.depths[0], deep = s.depths[s.depths.length - 1];
        List<RunRecord> top = all.stream().filter(r -> r.depth == shallow).toList(), bottom = all.stream().filter(r -> r.depth == deep).toList();
        List<RunRecord> won = all.stream().filter(RunRecord::success).toList(), lost = all.stream().filter(r -> !r.success).toList();
        StringBuilder t = new StringBuilder();
        if (shallow == deep) t.append(String.format(Locale.ROOT, "%d of %d runs failed at depth %d", lost.size(), all.size(), deep));
        else t.append(String.format(Locale.ROOT, "%d of %d runs failed: %d of %d at depth %d and %d of %d at depth %d", lost.size(), all.size(),
                top.stream().filter(r -> !r.success).count(), top.size(), shallow, bottom.stream().filter(r -> !r.success).count(), bottom.size(), deep));
        List<RunRecord> diverged = all.stream().filter(RunRecord::diverged).toList(), collapsed = all.stream().filter(RunRecord::failedCollapsed).toList();
        t.append(diverged.isEmpty() ? "" : String.format(Locale.ROOT, "; %d of them diverged (%s) and have no VNI at the end", diverged.size(), depthsOf(diverged)));
        t.append(". ");
        if (!collapsed.isEmpty()) {
            List<String> counts = new ArrayList<>();
            for (int depth : s.depths) {
                long k = collapsed.stream().filter(r -> r.depth == depth).count(), n = all.stream().filter(r -> r.depth == depth).count();
                if (k > 0) counts.add(k + " of " + n + " runs at depth " + depth);
            }
            t.append(Collapse.sentence(String.join(", ", counts) + " failed and ended collapsed", "they are counted apart, not in the medians of the VNI at the end"))
                    .append(' ');
        }
        long collapsedInit = all.stream().filter(RunRecord::collapsedInit).count();
        if (collapsedInit > 0) {
            t.append(Collapse.sentence(collapsedInit + " of the " + all.size() + " networks had collapsed already at initialisation",
                    "they are counted apart from the VNI at initialisation")).append(' ');
        }
        t.append(String.format(Locale.ROOT, "The median VNI at initialisation goes from %s at depth %d to %s at depth %d; ",
                Labels.compact(RunStatistics.median(values(top, RunRecord::vniInit))), shallow,
                Labels.compact(RunStatistics.median(values(bottom, RunRecord::vniInit))), deep));
        t.append(String.format(Locale.ROOT, "it is %s at initialisation in the runs that went on to fail and %s in those that succeeded, and %s at the end of the "
                        + "failed runs that neither diverged nor collapsed. ",
                Labels.compact(RunStatistics.median(values(lost, RunRecord::vniInit))), Labels.compact(RunStatistics.median(values(won, RunRecord::vniInit))),
                Labels.compact(RunStatistics.median(values(lost, RunRecord::vniEnd)))));
        double[] ratios = values(bottom, RunRecord::gradRatio);
        double median = RunStatistics.median(ratios);
        t.append(String.format(Locale.ROOT, "Within a network the gradient keeps its scale from the last hidden layer to the first%s: at depth %d the first "
                        + "layer's norm is %s times the last's (median; quartiles %s to %s). ", median > 0.1 && median < 10 ? "" : " only loosely", deep,
                Labels.compact(median), Labels.compact(RunStatistics.quantile(ratios, 0.25)), Labels.compact(RunStatistics.quantile(ratios, 0.75))));
        double gradTop = RunStatistics.median(values(top, RunRecord::gradLast)), gradBottom = RunStatistics.median(values(bottom, RunRecord::gradLast));
        boolean normalised = s.optimizer() == OptimizerKind.ADAM || s.optimizer() == OptimizerKind.RMSPROP;
        t.append(String.format(Locale.ROOT, "Across depths its overall size %s: the last hidden layer's median norm is %s at depth %d and %s at depth %d (%s). ",
                gradBottom < gradTop / 10 ? "does fall" : "stays of the same order", Labels.compact(gradTop), shallow, Labels.compact(gradBottom), deep,
                normalised ? s.optimizer().label() + "'s steps do not scale with the gradient's size, so a small gradient alone does not stall it"
                        : s.optimizer().label() + "'s steps scale with the gradient, so a small gradient alone slows it"));
        t.append("The arXiv version's claim is that at VNI near 1 a network cannot learn XOR although its gradients neither vanish nor explode, and that "
                + "failures become more likely with depth; the numbers above say how far this sweep agrees.");
        return t.toString();
    }
}
