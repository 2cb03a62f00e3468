package dev.vnlab.cli;

import dev.vnlab.experiment.DepthExperiment;
import dev.vnlab.experiment.GradientScales;
import dev.vnlab.experiment.HeatmapExperiment;
import dev.vnlab.experiment.PhaseExperiment;
import dev.vnlab.experiment.SpectrumExperiment;
import dev.vnlab.experiment.TrainingGrid;
import dev.vnlab.experiment.TrainingVni;
import dev.vnlab.experiment.XorExperiment;
import dev.vnlab.memory.HeapTooSmallException;
import dev.vnlab.parallel.Workers;
import dev.vnlab.settings.Option;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code ./vnlab} command line: dispatches to one {@link Command}; exit code 2 for user mistakes. */
public final class Main {
    static final Option THREADS = Option.value("threads", "T", null,
            "worker threads (default: -Dvnlab.threads, else all processors); results do not depend on it");

    /** The most --threads accepts. */
    private static final int MAX_THREADS = 4096;

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command c : List.of(
                new SweepCommand("demo", () -> DepthExperiment.KIND, "the main job: Fig. 3.1 on synthetic inputs, quick preset (20-30 s on 2 cores); options as for depth"),
                new SweepCommand(DepthExperiment.COMMAND, () -> DepthExperiment.KIND, "Fig. 3.1: covariance and Jacobian VNI against depth, with theory; synthetic or --data inputs; a sweep"),
                new SweepCommand(HeatmapExperiment.COMMAND, () -> HeatmapExperiment.KIND, "Fig. 3.2: heatmaps of rho^2 between last-layer nodes, a row growing in depth and one in width, "
                        + "with VNI and theory; synthetic or --data inputs; a sweep"),
                new SweepCommand(TrainingVni.COMMAND, () -> TrainingVni.KIND, "Section 3.2: the VNI of every hidden layer during SGD training on MNIST-style images, quartiles over runs; a sweep"),
                new SweepCommand(GradientScales.COMMAND, () -> GradientScales.KIND, "Section 4: forward, backward and weight-gradient variances against depth below, at and above criticality, "
                        + "beside eq. 4.1-4.3 and the VNI; a sweep"),
                new SweepCommand(TrainingGrid.COMMAND, () -> TrainingGrid.KIND, "Fig. 5.1: probability of reaching the target training accuracy over depth x learning rate, "
                        + "per activation, weights and optimizer; a sweep"),
                new SweepCommand(XorExperiment.COMMAND, () -> XorExperiment.KIND, "walking-dead gradients: critical networks learning XOR; failures, VNI and gradient norms against depth; a sweep"),
                new SweepCommand(SpectrumExperiment.COMMAND, () -> SpectrumExperiment.KIND, "the Jacobian spectrum: eigenvalue histograms of J J^T, m1, m2/m1^2 and the Jacobian VNI against depth, "
                        + "measured and predicted; a sweep"),
                new SweepCommand(PhaseExperiment.COMMAND, () -> PhaseExperiment.KIND, "the order-to-chaos phase diagram over (sigma_w^2, sigma_b^2): xi_c, the critical line, "
                        + "predicted VNI contours, and input pairs' correlations through random networks against the correlation map; a sweep"),
                new TheoryCommand(), new InspectCommand(), new MergeCommand(), new InfoCommand())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {}

    /** The command of this name, or null. */
    static Command command(String name) {
        return COMMANDS.get(name);
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        if (code != 0) System.exit(code);
    }

    /** Runs the CLI with the given streams in the process's environment; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /**
     * Runs the CLI with the given streams and environment (where sweeps read
     * SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX); returns the exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length > 1 && COMMANDS.containsKey(args[1])) {
                printCommandHelp(COMMANDS.get(args[1]), out);
            } else {
                printHelp(out);
            }
            return 0;
        }
        Command c = COMMANDS.get(args[0]);
        if (c == null) {
            err.println("vnlab: unknown command '" + args[0] + "'; expected one of " + String.join(", ", commandNames()) + " (./vnlab help)");
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
            printCommandHelp(c, out);
            return 0;
        }
        if ("heap".equals(System.getProperty("vnlab.plan"))) return planHeap(c, rest, out, env);
        try {
            ParsedArgs parsed = ParsedArgs.parse(c.name(), c.options(), rest, env);
            if (!c.takesArguments() && !parsed.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + parsed.positional().get(0) + "'; options start with --, see ./vnlab " + c.name() + " --help");
            }
            return c.run(parsed, out, err);
        } catch (HeapTooSmallException e) {
            err.println("vnlab " + c.name() + ": " + e.getMessage() + "; expected a larger heap, e.g. VNLAB_JAVA_OPTS=-Xmx"
                    + e.suggestedMaxHeapMib() + "m ./vnlab " + c.name() + " ... (or smaller settings)");
            return 2;
        } catch (UsageException | IllegalArgumentException e) {
            err.println("vnlab " + c.name() + ": " + e.getMessage());
            return 2;
        } catch (java.nio.file.FileSystemException e) { // a missing file, a directory not writable: the user's to fix
            err.println("vnlab " + c.name() + ": " + Failures.describe(e));
            return 2;
        } catch (java.io.IOException e) { // explained by its message (a damaged file, a disk error): no stack trace
            err.println("vnlab " + c.name() + ": failed: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("vnlab " + c.name() + ": " + Failures.outOfMemory(c.name(), rest, c instanceof SweepCommand));
            return 1;
        } catch (Exception | StackOverflowError e) {
            err.println("vnlab " + c.name() + ": " + Failures.internal(e));
            if (Boolean.getBoolean("vnlab.trace")) e.printStackTrace(err);
            return 1;
        }
    }

    /**
     * {@code -Dvnlab.plan=heap}, for the launcher: prints the heap (MiB) a sweep command's run
     * should start with and runs nothing; prints nothing for other commands or options in error
     * (the real run then says what is wrong), exit 0 either way.
     */
    private static int planHeap(Command c, String[] args, PrintStream out, Map<String, String> env) {
        if (!(c instanceof SweepCommand s)) return 0;
        try {
            out.println(s.plannedHeapMib(ParsedArgs.parse(c.name(), c.options(), args, env)));
        } catch (RuntimeException e) {
            // nothing planned: the run reports the mistake
        }
        return 0;
    }

    /**
     * The thread count a command runs on: --threads if given, else the process default
     * ({@link Workers#defaults()}).
     *
     * @throws UsageException if --threads is not a whole number in [1, {@value #MAX_THREADS}]
     */
    static int threads(ParsedArgs args) {
        return args.has("threads") ? args.integer("threads", 1, MAX_THREADS) : Workers.defaults().threads();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static List<String> commandNames() {
        List<String> names = new ArrayList<>(COMMANDS.keySet());
        names.add("test");
        names.add("bench");
        names.add("docs");
        return names;
    }

    private static void printHelp(PrintStream out) {
        out.println("vnlab " + version() + ": vanishing nodes in deep networks, pure Java + Vector API");
        out.println();
        out.println("usage: ./vnlab COMMAND [options]      ./vnlab COMMAND --help for its options");
        out.println();
        out.println("commands:");
        for (Command c : COMMANDS.values()) out.printf("  %-10s %s%n", c.name(), c.summary());
        out.printf("  %-10s %s%n", "test", "the whole test suite (Maven, run by the launcher)");
        out.printf("  %-10s %s%n", "bench", "the JMH benchmarks: ./vnlab bench [REGEX] [JMH options] (run by the launcher)");
        out.printf("  %-10s %s%n", "docs", "the API reference (javadoc) into target/reports/apidocs (run by the launcher)");
        out.printf("  %-10s %s%n", "help", "this list");
        out.println();
        out.println("JVM options go in VNLAB_JAVA_OPTS, e.g. VNLAB_JAVA_OPTS='-Dvnlab.simd=false -Xmx256m' ./vnlab info");
    }

    private static void printCommandHelp(Command c, PrintStream out) {
        out.println("usage: ./vnlab " + c.name() + " [options]");
        out.println(c.summary());
        out.println();
        out.println("options:");
        for (Option o : c.options()) {
            String left = "--" + o.name() + (o.isFlag() ? "" : " " + o.valueName());
            String d = o.defaultValue() == null ? "" : o.paperDefault() == null ? " (default: " + o.defaultValue() + ")"
                    : " (default: " + o.defaultValue() + "; paper: " + o.paperDefault() + ")";
            out.printf("  %-24s %s%s%n", left, o.help(), d);
        }
        out.printf("  %-24s %s%n", "--help", "this text");
    }
}
