package dev.vnlab.cli;

import dev.vnlab.experiment.TheoryExperiment;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Option;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code ./vnlab theory}: the free-probability predictions alone, instantly (TheoryExperiment). */
final class TheoryCommand implements Command {
    @Override public String name() { return "theory"; }

    @Override public String summary() { return "predictions only (instant): q*, chi, mu_1, mu_2, s_1 and the VNI of eq. 3.6 and finite depth per depth and width"; }

    @Override public List<Option> options() {
        List<Option> o = new ArrayList<>(List.of(CommonOptions.out("out/theory"), CommonOptions.QUIET));
        o.addAll(TheoryExperiment.Settings.SCHEMA.options());
        return o;
    }

    @Override public int run(ParsedArgs a, PrintStream out, PrintStream err) throws IOException {
        TheoryExperiment.Settings s = TheoryExperiment.Settings.SCHEMA.parse(a);
        OutputDir dir = OutputDir.create(a.path("out"));
        out.print(new TheoryExperiment(s).write(Main.version(), dir));
        out.println("outputs in " + dir.path() + ": summary.json, theory.csv, theory-density.csv, theory.svg, theory.png, theory-density.svg, theory-density.png, report.md");
        return 0;
    }
}
