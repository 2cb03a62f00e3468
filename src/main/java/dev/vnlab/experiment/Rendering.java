package dev.vnlab.experiment;

import dev.vnlab.report.Report;
import dev.vnlab.report.Table;

/**
 * What an experiment's {@code render} hands back once it has written its CSV files, figures and
 * report.md: the report (to extend and write again, with a re-run command say), the main table
 * (its rows are the {@code results} of summary.json) and the text the command prints.
 *
 * @param report the report as written to report.md
 * @param table the main table, every number exact
 * @param console the fixed-width table(s) and notes to print
 */
public record Rendering(Report report, Table table, String console) {}
