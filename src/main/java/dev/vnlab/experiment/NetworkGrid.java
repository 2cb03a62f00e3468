package dev.vnlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** The cells of a sweep over one setting, the depths and the networks of each point, in that order (the last varying fastest). */
final class NetworkGrid {
    private NetworkGrid() {}

    /** Makes the cell of one value of the swept setting, one depth and one network number. */
    @FunctionalInterface
    interface Cell<X, C> {
        C of(X value, int depth, int net);
    }

    /**
     * The cells: value by value, depth by depth, network 0 to {@code nets} - 1.
     *
     * @param values the swept setting's values, in sweep order
     */
    static <X, C> List<C> of(List<X> values, int[] depths, int nets, Cell<X, C> cell) {
        return of(values, depths, v -> nets, cell);
    }

    /** The cells as {@link #of(List, int[], int, Cell)}, with {@code nets.applyAsInt(value)} networks at each value. */
    static <X, C> List<C> of(List<X> values, int[] depths, ToIntFunction<X> nets, Cell<X, C> cell) {
        List<C> out = new ArrayList<>();
        for (X v : values) for (int l : depths) for (int k = 0, n = nets.applyAsInt(v); k < n; k++) out.add(cell.of(v, l, k));
        return out;
    }
}
