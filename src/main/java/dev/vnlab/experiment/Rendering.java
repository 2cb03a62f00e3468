package dev.vnlab.experiment;

import dev.vnlab.sweep.Experiment;
import dev.vnlab.report.OutputDir;
import dev.vnlab.report.Report;
import dev.vnlab.report.Table;
import java.io.IOException;
import java.util.Map;

/**
 * What an experiment's {@code render} hands back once it has written its CSV files, figures and
 * report.md: the report (to extend and write again, with a re-run command say), the main table
 * (its rows are the {@code results} of summary.json) and the text the command prints.
 *
 * @param report the report as written to report.md
 * @param table the main table, every number exact
 * @param console the fixed-width table(s) and notes to print
 */
public record Rendering(Report report, Table table, String console) {
    /**
     * Completes the outputs of a sweep experiment ({@link Experiment#finish}): summary.json with
     * the main table's rows as its results, and report.md again with the command that re-runs it.
     *
     * @param rerun the shell command, e.g. {@code ./vnlab heatmap --seed 1 ...}
     * @return what the command prints
     */
    String finish(String command, String version, Map<String, Object> config, String rerun, OutputDir out) throws IOException {
        report.section("Re-run").code("sh", rerun);
        out.writeReport(report);
        return finish(command, version, config, out);
    }

    /** {@link #finish(String, String, Map, String, OutputDir)} for a report that is complete as written: summary.json alone. */
    String finish(String command, String version, Map<String, Object> config, OutputDir out) throws IOException {
        out.writeSummary(command, version, config, table.toRecords());
        return console;
    }
}
