package dev.vnlab.experiment;

import dev.vnlab.report.Report;

/**
 * What rendering an experiment's results leaves besides its files: the report (already written
 * as report.md; a caller may add sections, a re-run command say, and write it again) and the
 * text to print on the console (its tables).
 *
 * @param report the report.md content
 * @param console the console table(s), each line ending with a newline
 */
public record Rendered(Report report, String console) {}
