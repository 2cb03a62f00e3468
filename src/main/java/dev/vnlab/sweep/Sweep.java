package dev.vnlab.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fixed, ordered list of cells (configuration x seed), each with a stable key: what an
 * experiment runs, split over processes by {@link Shard} and recorded cell by cell by
 * {@link CellLog}. Immutable.
 *
 * @param <P> the parameters of a cell
 */
public final class Sweep<P> {
    private final List<Cell<P>> cells;
    private final Map<String, Cell<P>> byKey = new HashMap<>();

    private Sweep(List<Cell<P>> cells) {
        this.cells = Collections.unmodifiableList(cells);
        for (Cell<P> c : cells) byKey.put(c.key(), c);
    }

    /**
     * The cells of {@code params}, in that order, keyed by {@code key}.
     *
     * @throws IllegalArgumentException if a key is blank, spans lines, or repeats
     */
    public static <P> Sweep<P> of(List<P> params, Function<P, String> key) {
        List<Cell<P>> cells = new ArrayList<>(params.size());
        Map<String, Integer> seen = new HashMap<>();
        for (P p : params) {
            String k = key.apply(p);
            if (k == null || k.isBlank() || k.indexOf('\n') >= 0 || k.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("cell key '" + k + "' is invalid; expected a non-blank single-line key");
            }
            Integer before = seen.putIfAbsent(k, cells.size());
            if (before != null) throw new IllegalArgumentException("cell key '" + k + "' repeats (cells " + before + " and " + cells.size() + "); expected distinct keys");
            cells.add(new Cell<>(cells.size(), k, p));
        }
        return new Sweep<>(cells);
    }

    /** Every cell, in order (unmodifiable). */
    public List<Cell<P>> cells() {
        return cells;
    }

    /** The number of cells. */
    public int size() {
        return cells.size();
    }

    /** The cells of one shard, in sweep order. */
    public List<Cell<P>> cells(Shard shard) {
        List<Cell<P>> out = new ArrayList<>();
        for (Cell<P> c : cells) if (shard.includes(c.index())) out.add(c);
        return out;
    }

    /** The cell with this key, or null. */
    public Cell<P> cell(String key) {
        return byKey.get(key);
    }
}
