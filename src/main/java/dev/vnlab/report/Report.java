package dev.vnlab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report.md of a run: a title, then sections, paragraphs, tables, figures and code blocks
 * in the order they are added. Paragraph text is Markdown and is written as given; table
 * cells are escaped by {@link Table#toMarkdown()}.
 */
public final class Report {
    private final List<String> blocks = new ArrayList<>();

    /** A report headed by {@code title} (a level-1 heading). */
    public Report(String title) {
        blocks.add("# " + oneLine(title, "report title"));
    }

    /** Starts a section (a level-2 heading); returns this report. */
    public Report section(String heading) {
        blocks.add("## " + oneLine(heading, "section heading"));
        return this;
    }

    /** Adds a paragraph of Markdown; returns this report. */
    public Report paragraph(String markdown) {
        if (markdown == null || markdown.isBlank()) throw new IllegalArgumentException("paragraph '" + markdown + "' is blank; expected text");
        blocks.add(markdown.strip());
        return this;
    }

    /** Adds a table; returns this report. */
    public Report table(Table table) {
        blocks.add(table.toMarkdown().stripTrailing());
        return this;
    }

    /**
     * Adds an image: {@code ![alt](file)}, {@code file} relative to report.md (a plain file
     * name for files of the same output directory); returns this report.
     */
    public Report image(String alt, String file) {
        blocks.add("![" + escapeAlt(alt) + "](" + link(file) + ")");
        return this;
    }

    /**
     * Adds a figure written by {@link OutputDir#writeFigure}: the PNG {@code base.png} shown,
     * the caption under it with a link to the vector version {@code base.svg}; returns this report.
     */
    public Report figure(String caption, String base) {
        String c = oneLine(caption, "figure caption");
        blocks.add("![" + escapeAlt(c) + "](" + link(base + ".png") + ")\n\n*" + c + "* ([SVG](" + link(base + ".svg") + "))");
        return this;
    }

    /** Adds a fenced code block (a command line to re-run, say) in {@code language} ("" for none); returns this report. */
    public Report code(String language, String text) {
        String fence = text.contains("```") ? "~~~~" : "```";
        blocks.add(fence + (language == null ? "" : language) + "\n" + text.stripTrailing() + "\n" + fence);
        return this;
    }

    /** The Markdown text: blocks separated by blank lines, ending with a newline. */
    public String toMarkdown() {
        return String.join("\n\n", blocks) + "\n";
    }

    private static String oneLine(String s, String what) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException(what + " '" + s + "' is blank; expected text");
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) throw new IllegalArgumentException(what + " '" + s.strip() + "' spans lines; expected one line");
        return s.strip();
    }

    private static String escapeAlt(String alt) {
        return alt == null ? "" : alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace('\n', ' ');
    }

    /** A link target: spaces and parentheses percent-encoded so the Markdown link stays intact. */
    private static String link(String file) {
        if (file == null || file.isBlank()) throw new IllegalArgumentException("image file '" + file + "' is blank; expected a file name");
        return file.replace("%", "%25").replace(" ", "%20").replace("(", "%28").replace(")", "%29");
    }
}
