package dev.vnlab.cli;

import dev.vnlab.experiment.TheoryExperiment;
import dev.vnlab.report.OutputDir;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code ./vnlab theory}: the free-probability predictions alone, instantly (TheoryExperiment). */
final class TheoryCommand implements Command {
    private static final Option CRITICAL = Option.flag("critical", "set sigma_w^2 to the critical value for sigma_b^2 (sigma_w^2 mu_1(q*) = 1)");

    @Override public String name() { return "theory"; }

    @Override public String summary() { return "predictions only (instant): q*, chi, mu_1, mu_2, s_1 and the VNI of eq. 3.6 and finite depth per depth and width"; }

    @Override public List<Option> options() {
        return List.of(CommonOptions.out("out/theory"), CommonOptions.QUIET, ModelOptions.ACTIVATION, ModelOptions.INIT, ModelOptions.SIGMA_W2, ModelOptions.SIGMA_B2,
                CRITICAL, ModelOptions.WIDTHS, ModelOptions.DEPTHS, ModelOptions.INPUT_VARIANCE);
    }

    @Override public int run(ParsedArgs a, PrintStream out, PrintStream err) throws IOException {
        int[] widths = a.integers("widths"), depths = a.integers("depths");
        double qx = a.real("input-variance");
        TheoryExperiment.Settings s;
        if (a.flag("critical")) {
            if (a.given("sigma-w2")) throw new UsageException("--critical sets sigma_w^2 itself; drop --sigma-w2 " + a.string("sigma-w2") + " or --critical");
            double b = ModelOptions.init(a).sigmaB2();
            s = TheoryExperiment.Settings.critical(ModelOptions.activation(a), ModelOptions.scheme(a), b, widths, depths, qx);
        } else {
            s = new TheoryExperiment.Settings(ModelOptions.activation(a), ModelOptions.init(a), false, widths, depths, qx);
        }
        OutputDir dir = OutputDir.create(a.path("out"));
        out.print(new TheoryExperiment(s).write(Main.version(), dir));
        out.println("outputs in " + dir.path() + ": summary.json, theory.csv, theory.svg, theory.png, report.md");
        return 0;
    }
}
