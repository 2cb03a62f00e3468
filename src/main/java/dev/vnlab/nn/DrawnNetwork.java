package dev.vnlab.nn;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.random.Rng;
import java.util.Objects;

/**
 * A random network that is only measured, drawn a layer at a time as the passes reach it: it
 * holds the architecture, the {@link Init}s and the random stream, and draws layer l's weights
 * and bias when {@link #weight} or {@link #bias} first asks for it, with the very numbers
 * {@link Mlp#create} gives for the same arguments (the same drawing code). Layers are numbered as
 * {@link Layers} defines.
 *
 * <p>Memory: {@link #HELD} layers at a time instead of all L + 1, each in a buffer of the
 * largest layer's size reused from draw to draw (and, while an orthogonal layer is drawn, its
 * float64 QR temporaries). The passes ({@link ObservedPass}, the Jacobian products) use one
 * layer at a time; the second buffer keeps the layer before, so that a product turning back at
 * the end of a walk (J^T u, then J v) does not draw it twice. A layer's matrices stay valid
 * until layers of HELD other numbers have been asked for since; the buffers then hold other
 * layers. Time: a layer is drawn again each time a pass comes back to it, once per batch of a
 * forward pass and once per walk of a Jacobian product (n_l n_{l-1} random numbers, or a QR of
 * that size for orthogonal weights), so large batches keep the draws few.
 *
 * <p>Not thread-safe: a network is used by one thread at a time (one cell of a sweep); the
 * {@link Blas} it was made with carries the workers of each draw.
 */
public final class DrawnNetwork implements Layers {
    /** The number of layers held at once. */
    public static final int HELD = 2;

    private final Activation phi;
    private final LayerDraws draws;
    private final Blas blas;
    private final Held[] held = new Held[HELD]; // held[0] the most recently asked for
    private final int largest; // the elements of the largest W_l: every buffer's size, so none is ever replaced
    private long drawn;

    /** One layer held: its number (0: none yet) and its weights and bias, on reused storage. */
    private static final class Held {
        int layer;
        float[] storage;
        FloatMatrix w;
        float[] b = new float[0]; // exactly n_l long: the passes take the width from it
    }

    private DrawnNetwork(Activation phi, LayerDraws draws, Blas blas) {
        this.phi = Objects.requireNonNull(phi, "phi");
        this.draws = draws;
        this.blas = Objects.requireNonNull(blas, "blas");
        for (int i = 0; i < HELD; i++) held[i] = new Held();
        int most = 0;
        for (int l = 1; l <= draws.depth() + 1; l++) most = Math.max(most, Math.multiplyExact(draws.size(l), draws.size(l - 1)));
        largest = most;
    }

    /**
     * The network {@link Mlp#create(int, int[], int, Activation, Init, Init, Rng, Blas)} makes
     * from the same arguments, drawn on demand: nothing is drawn yet.
     *
     * @throws IllegalArgumentException if a width is below 1
     */
    public static DrawnNetwork of(int inputs, int[] widths, int outputs, Activation phi, Init hidden, Init output, Rng rng, Blas blas) {
        return new DrawnNetwork(phi, LayerDraws.of(inputs, widths, outputs, Objects.requireNonNull(hidden, "hidden"),
                Objects.requireNonNull(output, "output"), Objects.requireNonNull(rng, "rng")), blas);
    }

    /** {@code depth} hidden layers all {@code width} wide. */
    public static DrawnNetwork of(int inputs, int width, int depth, int outputs, Activation phi, Init hidden, Init output, Rng rng, Blas blas) {
        return of(inputs, LayerDraws.uniform(width, depth), outputs, phi, hidden, output, rng, blas);
    }

    @Override public int depth() { return draws.depth(); }

    @Override public Activation activation() { return phi; }

    @Override public int width(int l) {
        return draws.size(LayerDraws.checkWidth(l, depth()));
    }

    /** W_l (n_l x n_{l-1}, l = 1..L+1), drawn if not held; valid as the class describes, not to be modified. */
    @Override public FloatMatrix weight(int l) { return layer(l).w; }

    /** b_l (n_l values, l = 1..L+1), drawn if not held; valid as the class describes, not to be modified. */
    @Override public float[] bias(int l) { return layer(l).b; }

    /** How many layer draws this network has made so far: what re-walking the layers costs. */
    public long draws() { return drawn; }

    /** The held layer l, drawn into the least recently asked-for buffer if not held; moved to the front. */
    private Held layer(int l) {
        LayerDraws.checkLayer(l, depth());
        int i = 0;
        while (i < HELD - 1 && held[i].layer != l) i++;
        Held h = held[i];
        if (h.layer != l) draw(l, h);
        System.arraycopy(held, 0, held, 1, i);
        held[0] = h;
        return h;
    }

    private void draw(int l, Held h) {
        int rows = draws.size(l), cols = draws.size(l - 1);
        if (h.storage == null) h.storage = new float[largest]; // allocated on first use: a shallow pass fills fewer buffers
        if (h.b.length != rows) h.b = new float[rows];
        h.w = FloatMatrix.wrap(h.storage, 0, rows, cols, cols);
        h.layer = 0; // not a valid layer should the draw fail
        draws.draw(l, h.w, h.b, blas);
        h.layer = l;
        drawn++;
    }
}
