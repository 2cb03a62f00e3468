package dev.vnlab.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells recorded in the results files of one sweep, by key: the first record of a key wins
 * (files by name, lines in order), so a cell recorded twice (a shard re-run elsewhere, a merged
 * file beside its shards) counts once.
 */
final class Recorded {
    private final Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();

    /**
     * The records of {@code files}, each checked against {@code expected} and {@code sweep}.
     *
     * @throws IllegalArgumentException if a file holds another configuration, or a key that is not in the sweep
     */
    Recorded(List<ResultsFile> files, Header expected, Sweep<?> sweep, String mismatch) throws IOException {
        for (ResultsFile f : files) {
            if (f.header() == null || f.entries().isEmpty()) continue; // no cell, nothing to mix up
            requireSameSweep(expected, f, mismatch);
            for (ResultsFile.Entry e : f.entries()) {
                if (sweep.cell(e.key()) == null) {
                    throw new IllegalArgumentException(f.path() + " records cell '" + e.key() + "', which is not in the sweep; expected a results file of this configuration");
                }
                byKey.putIfAbsent(e.key(), e.record());
            }
        }
    }

    /**
     * Throws unless file {@code f} holds cells of the sweep {@code expected} describes.
     *
     * @param where how the message goes on after the expected value: "here; expected ..."
     * @throws IllegalArgumentException naming the file and the first field that differs
     */
    static void requireSameSweep(Header expected, ResultsFile f, String where) {
        Header.Difference d = expected.difference(f.header());
        if (d != null) {
            throw new IllegalArgumentException(f.path() + " holds cells of another configuration: " + d.field() + " is " + d.theirs()
                    + " there and " + d.mine() + " " + where);
        }
    }

    boolean has(String key) {
        return byKey.containsKey(key);
    }

    int size() {
        return byKey.size();
    }

    /** The keys of the sweep's cells that have no record, in sweep order. */
    List<String> missing(Sweep<?> sweep) {
        List<String> out = new ArrayList<>();
        for (Cell<?> c : sweep.cells()) if (!byKey.containsKey(c.key())) out.add(c.key());
        return out;
    }

    /** Every cell's record in sweep order (all must be present). */
    List<Map<String, Object>> inSweepOrder(Sweep<?> sweep) {
        List<Map<String, Object>> out = new ArrayList<>(sweep.size());
        for (Cell<?> c : sweep.cells()) out.add(byKey.get(c.key()));
        return out;
    }

    /** Every recorded cell as file entries, in sweep order. */
    List<ResultsFile.Entry> entries(Sweep<?> sweep) {
        List<ResultsFile.Entry> out = new ArrayList<>();
        for (Cell<?> c : sweep.cells()) if (byKey.containsKey(c.key())) out.add(new ResultsFile.Entry(c.key(), byKey.get(c.key())));
        return out;
    }
}
