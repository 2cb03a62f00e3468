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
 * measurement at any other moment, typically at initialisation. A monitor made by
 * {@link #withDiagnostics} records, from the same one pass, everything an inspection reads of a
 * layer ({@link LayerDiagnostics}, {@link WeightStatistics}), so a training run and an imported
 * network read alike. Not thread-safe.
 */
public final class VniMonitor implements Trainer.Callback {
    /**
     * The statistics of every hidden layer at one moment.
     *
     * @param epoch the epochs completed when measured (0 at initialisation)
     * @param layers one entry per depth, 1 to L in order ({@link LayerMetrics.Layer#depth})
     * @param diagnostics the same layers' {@link LayerDiagnostics}, or empty when not asked for
     * @param weights the hidden layers' {@link WeightStatistics}, 1 to L, or empty when not asked for
     */
    public record Snapshot(int epoch, List<LayerMetrics.Layer> layers, List<LayerDiagnostics.Layer> diagnostics, List<WeightStatistics> weights) {
        public Snapshot {
            layers = List.copyOf(layers);
            diagnostics = List.copyOf(diagnostics);
            weights = List.copyOf(weights);
        }

        /** The statistics of {@link LayerMetrics} alone. */
        public Snapshot(int epoch, List<LayerMetrics.Layer> layers) {
            this(epoch, layers, List.of(), List.of());
        }

        /** The VNI of the last hidden layer, the paper's output-layer VNI. */
        public double outputVni() { return layers.get(layers.size() - 1).vni(); }
    }

    private final RowSource probe;
    private final int batch;
    private final boolean entropyRank, diagnostics;
    private final List<Snapshot> history = new ArrayList<>();

    /**
     * @param probe the inputs the statistics are taken over (at least 2 rows)
     * @param batch rows per forward pass
     * @param entropyRank also compute the entropy effective rank (an eigen-decomposition per layer)
     * @throws IllegalArgumentException if the probe has fewer than 2 rows or batch is below 1
     */
    public VniMonitor(RowSource probe, int batch, boolean entropyRank) {
        this(probe, batch, entropyRank, false);
    }

    /**
     * A monitor whose snapshots also hold every hidden layer's {@link LayerDiagnostics} and
     * {@link WeightStatistics} (the entropy rank included: an eigen-decomposition of each layer's
     * covariance and of its weights' Gram matrix per snapshot).
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static VniMonitor withDiagnostics(RowSource probe, int batch) {
        return new VniMonitor(probe, batch, true, true);
    }

    private VniMonitor(RowSource probe, int batch, boolean entropyRank, boolean diagnostics) {
        if (probe.rows() < 2) throw new IllegalArgumentException("probe set of " + probe.rows() + " input(s) is too small; expected at least 2");
        if (batch < 1) throw new IllegalArgumentException("batch size " + batch + " is invalid; expected at least 1");
        this.probe = probe;
        this.batch = batch;
        this.entropyRank = entropyRank;
        this.diagnostics = diagnostics;
    }

    /** Measures {@code net} now, records it as after {@code epoch} epochs, and returns it. */
    public Snapshot record(Mlp net, int epoch, Blas blas) {
        Snapshot s = diagnostics ? diagnose(net, epoch, blas) : new Snapshot(epoch, List.of(LayerMetrics.measure(net, probe, batch, entropyRank, blas)));
        history.add(s);
        return s;
    }

    @Override
    public boolean afterEpoch(Trainer trainer, Trainer.EpochStats stats) {
        record(trainer.network(), stats.epoch() + 1, trainer.blas());
        return true;
    }

    private Snapshot diagnose(Mlp net, int epoch, Blas blas) {
        List<LayerMetrics.Layer> layers = new ArrayList<>();
        List<LayerDiagnostics.Layer> all = List.of(LayerDiagnostics.measure(net, probe, batch, 0, blas).layers());
        for (LayerDiagnostics.Layer d : all) { // the same covariance's numbers, so the same as LayerMetrics gives
            layers.add(new LayerMetrics.Layer(d.depth(), d.inputs(), d.vni(), d.participationRatio(), d.effectiveRank(), d.deadFraction(), d.meanVariance()));
        }
        List<WeightStatistics> weights = new ArrayList<>();
        for (int l = 1; l <= net.depth(); l++) weights.add(WeightStatistics.of(net.weight(l), net.bias(l), blas));
        return new Snapshot(epoch, layers, all, weights);
    }

    /** Every snapshot so far, in the order taken. */
    public List<Snapshot> history() { return List.copyOf(history); }
}
