package dev.vnlab.sweep;

import dev.vnlab.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One results file as read: its {@link Header} and the records of the cells it holds, in the
 * order they were appended. Format: UTF-8 JSON lines, the header first, then one
 * {@code {"key": ..., "record": {...}}} per finished cell, each line ending in '\n'.
 *
 * <p>A run killed while appending can leave a last line without its line end (or, after a
 * crash of the machine, one that does not parse): that torn tail is not a record and is left
 * out ({@link #validLength()} is where it starts), so the cell counts as not done and runs
 * again; only the file's own writer cuts it off ({@link CellLog}). A damaged line anywhere
 * else is an error.
 *
 * @param path the file
 * @param header its header, or null if the file is empty or holds only a torn header
 * @param entries the cells' records, in file order
 * @param validLength the bytes up to the end of the last complete line
 * @param tornBytes the bytes of a torn last line left out (0 if none)
 */
public record ResultsFile(Path path, Header header, List<Entry> entries, long validLength, long tornBytes) {
    /** The file name pattern of results files: {@code cells.jsonl} and {@code cells-shard-I-of-N.jsonl}. */
    public static final Pattern NAME = Pattern.compile("cells(-shard-\\d+-of-\\d+)?\\.jsonl");

    /** One finished cell: its key and record. */
    public record Entry(String key, Map<String, Object> record) {
        /** The entry as one JSON line (no line end). */
        public String toJsonLine() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("key", key);
            line.put("record", record);
            return Json.write(line);
        }
    }

    /** The results file a shard appends to: {@code cells.jsonl} for the whole sweep, else {@code cells-shard-I-of-N.jsonl}. */
    public static String fileName(Shard shard) {
        return shard.isWhole() ? "cells.jsonl" : "cells-shard-" + shard.index() + "-of-" + shard.count() + ".jsonl";
    }

    /**
     * Reads a results file.
     *
     * @throws IOException if it cannot be read, or it is not a results file, or a line other
     *         than the last is damaged (the message names the file and the line)
     */
    public static ResultsFile read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        List<Entry> entries = new ArrayList<>();
        Header header = null;
        long valid = 0;
        int line = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') end++;
            line++;
            if (end == bytes.length) break; // no line end: a torn last line
            boolean last = end + 1 == bytes.length;
            Object parsed;
            try {
                parsed = Json.parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                if (last) break; // a complete but unreadable last line: torn too
                throw damaged(path, line, e.getMessage());
            }
            try {
                if (header == null) header = Header.fromJson(parsed);
                else entries.add(entry(parsed));
            } catch (IllegalArgumentException e) {
                throw damaged(path, line, e.getMessage());
            }
            valid = end + 1;
            start = end + 1;
        }
        return new ResultsFile(path, header, Collections.unmodifiableList(entries), valid, bytes.length - valid);
    }

    /** A results file that does not exist yet: no header, no entries. */
    static ResultsFile absent(Path path) {
        return new ResultsFile(path, null, List.of(), 0, 0);
    }

    /** Every results file directly in {@code dir}, by name (none if dir does not exist). */
    public static List<ResultsFile> readAll(Path dir) throws IOException {
        List<ResultsFile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) files.add(p);
        }
        Collections.sort(files);
        for (Path p : files) out.add(read(p));
        return out;
    }

    static Entry entry(Object parsed) {
        if (parsed instanceof Map<?, ?> m && m.get("key") instanceof String key && m.get("record") instanceof Map<?, ?> r) {
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) r;
            return new Entry(key, record);
        }
        throw new IllegalArgumentException("it is not a {\"key\", \"record\"} object");
    }

    private static IOException damaged(Path path, int line, String why) {
        return new IOException("results file " + path + " is damaged at line " + line + " (" + why
                + "); expected one JSON object per line; move the file away to recompute its cells");
    }
}
