package dev.vnlab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 has them: a header row of column names, one record per
 * table row, records ending in CRLF; a field holding a comma, a quote, CR or LF, or starting or
 * ending with a space is quoted, a quote inside doubled. Numbers are written exactly (the
 * shortest decimal that reads back as the same double or float); NaN and the infinities as
 * {@code NaN}, {@code Infinity} and {@code -Infinity} (which numpy, pandas and Python's
 * {@code float} read); a null cell as an empty field.
 */
public final class Csv {
    private Csv() {}

    /** The table as CSV text. */
    public static String write(Table table) {
        StringBuilder s = new StringBuilder();
        try {
            write(table, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return s.toString();
    }

    /** Appends the table as CSV to {@code out} (a {@link java.io.Writer}, say). */
    public static void write(Table table, Appendable out) throws IOException {
        record(table.columns(), out);
        for (int i = 0; i < table.size(); i++) record(table.row(i), out);
    }

    /**
     * The records of a CSV text, each a list of fields (the header is the first); quoted
     * fields are unquoted. Accepts CRLF or LF line ends; a final line end is optional.
     *
     * @throws IllegalArgumentException naming the offset if a quoted field is not closed or a
     *     quote is followed by something other than a comma or a line end
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0, n = text.length();
        if (n == 0) return records;
        while (true) {
            if (i < n && text.charAt(i) == '"') {
                int open = i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("malformed CSV: the quoted field at offset " + open + " is not closed; expected a closing '\"'");
                    char c = text.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < n && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                    throw new IllegalArgumentException("malformed CSV at offset " + i + ": expected ',' or a line end after a quoted field, found '" + text.charAt(i) + "'");
                }
            } else {
                while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') field.append(text.charAt(i++));
            }
            record.add(field.toString());
            field.setLength(0);
            if (i < n && text.charAt(i) == ',') {
                i++;
                continue;
            }
            records.add(record);
            record = new ArrayList<>();
            if (i < n && text.charAt(i) == '\r') i++;
            if (i < n && text.charAt(i) == '\n') i++;
            if (i >= n) return records;
        }
    }

    /** One cell as a CSV field, quoted when RFC 4180 needs it. */
    static String field(Object cell) {
        String s = switch (cell) {
            case null -> "";
            case Double d -> NumberText.exact(d);
            case Float f -> NumberText.exact(f);
            default -> cell.toString();
        };
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '));
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static void record(List<?> cells, Appendable out) throws IOException {
        for (int j = 0; j < cells.size(); j++) {
            if (j > 0) out.append(',');
            out.append(field(cells.get(j)));
        }
        out.append("\r\n");
    }
}
