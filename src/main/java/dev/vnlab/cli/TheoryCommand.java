package dev.vnlab.cli;

import dev.vnlab.experiment.TheoryExperiment;
import dev.vnlab.nn.Init;
import dev.vnlab.report.OutputDir;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code ./vnlab theory}: the free-probability predictions alone, instantly (TheoryExperiment). */
final class TheoryCommand implements Command {
    @Override public String name() { return "theory"; }

    @Override public String summary() { return "predictions only (instant): q*, chi, mu_1, mu_2, s_1 and the VNI of eq. 3.6 and finite depth per depth and width"; }

    @Override public List<Option> options() {
        return List.of(CommonOptions.out("out/theory"), CommonOptions.QUIET, ModelOptions.ACTIVATION, ModelOptions.INIT, ModelOptions.SIGMA_W2, ModelOptions.SIGMA_B2,
                ModelOptions.CRITICAL, ModelOptions.Q_STAR, ModelOptions.WIDTHS, ModelOptions.DEPTHS, ModelOptions.INPUT_VARIANCE);
    }

    @Override public int run(ParsedArgs a, PrintStream out, PrintStream err) throws IOException {
        int[] widths = a.integers("widths"), depths = a.integers("depths");
        double qx = a.real("input-variance");
        Init init = ModelOptions.init(a);
        boolean critical = a.flag("critical") || a.has("q-star");
        TheoryExperiment.Settings s = new TheoryExperiment.Settings(ModelOptions.activation(a), init, critical, widths, depths, qx,
                a.has("q-star") ? a.real("q-star") : Double.NaN);
        OutputDir dir = OutputDir.create(a.path("out"));
        out.print(new TheoryExperiment(s).write(Main.version(), dir));
        out.println("outputs in " + dir.path() + ": summary.json, theory.csv, theory.svg, theory.png, report.md");
        return 0;
    }
}
