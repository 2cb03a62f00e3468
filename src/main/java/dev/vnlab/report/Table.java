package dev.vnlab.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of results: named columns and rows of typed cells, rendered as CSV ({@link Csv}),
 * as a Markdown table and as a fixed-width console table.
 *
 * <p>A cell is a {@link String}, a {@link Boolean}, an integer ({@link Byte}, {@link Short},
 * {@link Integer}, {@link Long}), a {@link Float}, a {@link Double} or {@code null} (no value).
 * Files get every number exactly; Markdown and the console show floating-point cells to
 * {@link #digits(int) a few significant digits}. A column whose cells are all numbers (or
 * null) is right-aligned.
 */
public final class Table {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private int digits = 4;

    /**
     * A table with these column names (at least one; non-blank; distinct) and no rows.
     *
     * @throws IllegalArgumentException if a name is blank or repeats, or there is none
     */
    public Table(String... columns) {
        this(List.of(columns));
    }

    /** As {@link #Table(String...)}. */
    public Table(List<String> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a table has no columns; expected at least one column name");
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (c == null || c.isBlank()) throw new IllegalArgumentException("column name '" + c + "' is blank; expected a non-blank name");
            if (!seen.add(c)) throw new IllegalArgumentException("column name '" + c + "' repeats; expected distinct column names");
        }
        this.columns = List.copyOf(columns);
    }

    /**
     * Appends one row, a cell per column in column order; returns this table.
     *
     * @throws IllegalArgumentException if the number of cells is not the number of columns or
     *     a cell is of another type than those listed in the class comment
     */
    public Table add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row " + rows.size() + " has " + cells.length + " cells; expected " + columns.size()
                    + " (" + String.join(", ", columns) + ")");
        }
        List<Object> row = new ArrayList<>(cells.length);
        for (int j = 0; j < cells.length; j++) {
            Object c = cells[j];
            if (!(c == null || c instanceof String || c instanceof Boolean || c instanceof Double || c instanceof Float
                    || c instanceof Long || c instanceof Integer || c instanceof Short || c instanceof Byte)) {
                throw new IllegalArgumentException("cell '" + columns.get(j) + "' of row " + rows.size() + " is a " + c.getClass().getName()
                        + "; expected a String, Boolean, integer, Float, Double or null");
            }
            row.add(c);
        }
        rows.add(Collections.unmodifiableList(row));
        return this;
    }

    /**
     * Sets the significant digits shown for floating-point cells in Markdown and on the
     * console (default 4; files are always exact); returns this table.
     */
    public Table digits(int digits) {
        if (digits < 1 || digits > 17) throw new IllegalArgumentException("digits " + digits + " is invalid; expected 1 to 17 significant digits");
        this.digits = digits;
        return this;
    }

    /** The column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** Row {@code i} (unmodifiable), a cell per column. */
    public List<Object> row(int i) {
        return rows.get(i);
    }

    /** The cell of row {@code i} in the column named {@code column}. */
    public Object get(int i, String column) {
        int j = columns.indexOf(column);
        if (j < 0) throw new IllegalArgumentException("column '" + column + "' does not exist; expected one of " + String.join(", ", columns));
        return rows.get(i).get(j);
    }

    /** The rows as maps from column name to cell, in column order: the {@code results} of summary.json. */
    public List<Map<String, Object>> toRecords() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int j = 0; j < columns.size(); j++) m.put(columns.get(j), row.get(j));
            out.add(m);
        }
        return out;
    }

    /** A GitHub-flavoured Markdown table; '|' in cells is escaped and line breaks become spaces. */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append('|');
        for (String c : columns) s.append(' ').append(markdownCell(c)).append(" |");
        s.append('\n').append('|');
        for (int j = 0; j < columns.size(); j++) s.append(isNumeric(j) ? " ---: |" : " --- |");
        s.append('\n');
        for (List<Object> row : rows) {
            s.append('|');
            for (Object c : row) s.append(' ').append(markdownCell(display(c))).append(" |");
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * A fixed-width table for a terminal: a header, a rule of dashes, one line per row, columns
     * two spaces apart, numbers right-aligned; every line ends with a newline.
     */
    public String toConsole() {
        int n = columns.size();
        String[][] text = new String[rows.size()][n];
        int[] width = new int[n];
        for (int j = 0; j < n; j++) width[j] = length(columns.get(j));
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < n; j++) {
                text[i][j] = display(rows.get(i).get(j)).replace('\n', ' ');
                width[j] = Math.max(width[j], length(text[i][j]));
            }
        }
        boolean[] right = new boolean[n];
        for (int j = 0; j < n; j++) right[j] = isNumeric(j);
        StringBuilder s = new StringBuilder();
        consoleLine(s, columns.toArray(String[]::new), width, right);
        String[] rule = new String[n];
        for (int j = 0; j < n; j++) rule[j] = "-".repeat(width[j]);
        consoleLine(s, rule, width, right);
        for (String[] line : text) consoleLine(s, line, width, right);
        return s.toString();
    }

    @Override
    public String toString() {
        return toConsole();
    }

    private String display(Object c) {
        return switch (c) {
            case null -> "";
            case Double d -> NumberText.significant(d, digits);
            case Float f -> NumberText.significant(f, digits);
            default -> c.toString();
        };
    }

    private boolean isNumeric(int j) {
        boolean any = false;
        for (List<Object> row : rows) {
            Object c = row.get(j);
            if (c == null) continue;
            if (!(c instanceof Number)) return false;
            any = true;
        }
        return any;
    }

    private static void consoleLine(StringBuilder s, String[] cells, int[] width, boolean[] right) {
        int start = s.length();
        for (int j = 0; j < cells.length; j++) {
            if (j > 0) s.append("  ");
            String pad = " ".repeat(width[j] - length(cells[j]));
            s.append(right[j] ? pad + cells[j] : cells[j] + pad);
        }
        while (s.length() > start && s.charAt(s.length() - 1) == ' ') s.setLength(s.length() - 1);
        s.append('\n');
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String markdownCell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
