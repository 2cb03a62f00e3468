package dev.vnlab.metrics;

import dev.vnlab.data.RowSource;
import dev.vnlab.linalg.Blas;
import dev.vnlab.nn.Mlp;
import dev.vnlab.nn.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * A training callback that records {@link LayerMetrics} of every hidden layer over a fixed probe
 * set after each epoch (Section 3.2 of the paper: the VNI per epoch). {@link #record} adds a
 * measurement at any other moment, typically at initialisation. Not thread-safe.
 */
public final class VniMonitor implements Trainer.Callback {
    /**
     * The statistics of every hidden layer at one moment.
     *
     * @param epoch the epochs completed when measured (0 at initialisation)
     * @param layers one entry per depth, 1 to L in order ({@link LayerMetrics.Layer#depth})
     */
    public record Snapshot(int epoch, List<LayerMetrics.Layer> layers) {
        public Snapshot {
            layers = List.copyOf(layers);
        }

        /** The VNI of the last hidden layer, the paper's output-layer VNI. */
        public double outputVni() { return layers.get(layers.size() - 1).vni(); }
    }

    private final RowSource probe;
    private final int batch;
    private final boolean entropyRank;
    private final List<Snapshot> history = new ArrayList<>();

    /**
     * @param probe the inputs the statistics are taken over (at least 2 rows)
     * @param batch rows per forward pass
     * @param entropyRank also compute the entropy effective rank (an eigen-decomposition per layer)
     * @throws IllegalArgumentException if the probe has fewer than 2 rows or batch is below 1
     */
    public VniMonitor(RowSource probe, int batch, boolean entropyRank) {
        if (probe.rows() < 2) throw new IllegalArgumentException("probe set of " + probe.rows() + " input(s) is too small; expected at least 2");
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        this.probe = probe;
        this.batch = batch;
        this.entropyRank = entropyRank;
    }

    /** Measures {@code net} now, records it as after {@code epoch} epochs, and returns it. */
    public Snapshot record(Mlp net, int epoch, Blas blas) {
        Snapshot s = new Snapshot(epoch, List.of(LayerMetrics.measure(net, probe, batch, entropyRank, blas)));
        history.add(s);
        return s;
    }

    @Override
    public boolean afterEpoch(Trainer trainer, Trainer.EpochStats stats) {
        record(trainer.network(), stats.epoch() + 1, trainer.blas());
        return true;
    }

    /** Every snapshot so far, in the order taken. */
    public List<Snapshot> history() { return List.copyOf(history); }
}
