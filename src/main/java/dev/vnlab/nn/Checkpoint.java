package dev.vnlab.nn;

import dev.vnlab.io.AtomicFile;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.optim.Optimizer;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A training run on disk: the network's weights and biases, the optimizer's state and the
 * trainer's progress, enough for a resumed run to continue bit for bit.
 *
 * <p>Format version {@value #VERSION}, big-endian: the magic {@code VNLABCKP}, the version, the
 * activation name, the layer count and each layer's fan-out and fan-in; per layer W (row-major
 * floats) and b; the optimizer's own block ({@link Optimizer#save}); epochs, steps, the initial
 * loss and the epoch history; then a CRC-32 of everything before it. Format 1 (without the
 * initial loss) is still read. A checkpoint is written to a temporary file,
 * forced to disk and renamed over the old one, so a run killed while saving keeps the previous
 * checkpoint intact.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = {'V', 'N', 'L', 'A', 'B', 'C', 'K', 'P'};
    /** The format written; loading reads it and format 1, and refuses any other. */
    public static final int VERSION = 2;

    private Checkpoint() {}

    /** Writes net, optimizer and trainer state to {@code file} atomically (see class comment). */
    public static void save(Path file, Mlp net, Optimizer optimizer, Trainer.State state) throws IOException {
        AtomicFile.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16); // reused by every float run
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(net.activation().name());
            out.writeInt(net.depth() + 1); // weight layers 1..L+1, in order
            for (int l = 1; l <= net.depth() + 1; l++) {
                out.writeInt(net.width(l));
                out.writeInt(net.width(l - 1));
            }
            for (int l = 1; l <= net.depth() + 1; l++) {
                FloatMatrix w = net.weight(l);
                for (int i = 0; i < w.rows(); i++) writeFloats(out, buf, w.data(), w.index(i, 0), w.cols());
                writeFloats(out, buf, net.bias(l), 0, net.bias(l).length);
            }
            optimizer.save(out);
            out.writeInt(state.epochs());
            out.writeLong(state.steps());
            out.writeDouble(state.initialLoss());
            out.writeInt(state.history().size());
            for (Trainer.EpochStats s : state.history()) {
                out.writeInt(s.epoch());
                out.writeDouble(s.learningRate());
                out.writeDouble(s.trainLoss());
                out.writeDouble(s.trainAccuracy());
                out.writeDouble(s.testLoss());
                out.writeDouble(s.testAccuracy());
                out.writeDouble(s.seconds());
            }
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue()); // outside the checksum
        });
    }

    /**
     * Loads {@code file} into {@code net} and {@code optimizer} (which must have the saved
     * architecture and rule) and returns the trainer state to {@link Trainer#restore}. The
     * checksum and the architecture are verified before anything is modified, and the weights
     * are copied in only after the whole file has been parsed.
     *
     * @throws IOException naming the file if it is not a checkpoint, of another version,
     *     truncated, corrupt, or for a different network
     */
    public static Trainer.State load(Path file, Mlp net, Optimizer optimizer) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length + 12) throw new IOException(file + " is not a vnlab checkpoint: only " + bytes.length + " bytes");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        byte[] magic = java.util.Arrays.copyOf(bytes, MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException(file + " is not a vnlab checkpoint (bad magic number)");
        if (stored != crc.getValue()) throw new IOException(file + " is corrupt or truncated: its checksum does not match its contents");
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 8 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION && version != 1) throw new IOException(file + " has checkpoint format " + version + "; this vnlab reads formats 1 and " + VERSION);
            String activation = in.readUTF();
            int layers = in.readInt();
            String saved = describe(activation, layers, in);
            String expected = describe(net);
            if (!saved.equals(expected)) throw new IOException(file + " holds a network " + saved + "; expected " + expected);
            float[][] w = new float[layers][], b = new float[layers][];
            for (int l = 0; l < layers; l++) {
                w[l] = readFloats(in, net.width(l + 1) * net.width(l)); // the file's l-th layer is layer l + 1
                b[l] = readFloats(in, net.width(l + 1));
            }
            // Optimizer.load validates before it replaces its state; weights are copied after.
            optimizer.load(in);
            int epochs = in.readInt();
            long steps = in.readLong();
            double initialLoss = version == 1 ? Double.NaN : in.readDouble();
            int n = in.readInt();
            if (n < 0 || n > epochs) throw new IOException(file + " is corrupt: " + n + " history entries for " + epochs + " epochs");
            List<Trainer.EpochStats> history = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                history.add(new Trainer.EpochStats(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble()));
            }
            if (in.available() != 0) throw new IOException(file + " is corrupt: " + in.available() + " unexpected bytes at the end");
            for (int l = 0; l < layers; l++) {
                FloatMatrix wl = net.weight(l + 1);
                for (int i = 0; i < wl.rows(); i++) System.arraycopy(w[l], i * wl.cols(), wl.data(), wl.index(i, 0), wl.cols());
                System.arraycopy(b[l], 0, net.bias(l + 1), 0, b[l].length);
            }
            return new Trainer.State(epochs, steps, initialLoss, history);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    /**
     * A trainer callback that saves to {@code file} after every {@code every} epochs (and
     * leaves the run going).
     */
    public static Trainer.Callback every(int every, Path file) {
        if (every < 1) throw new IllegalArgumentException("checkpoint interval " + every + " is invalid; expected at least 1 epoch");
        return (trainer, stats) -> {
            if ((stats.epoch() + 1) % every == 0) save(file, trainer.network(), trainer.optimizer(), trainer.state());
            return true;
        };
    }

    private static String describe(Mlp net) {
        StringBuilder s = new StringBuilder(net.activation().name()).append(' ').append(net.width(0));
        for (int l = 1; l <= net.depth() + 1; l++) s.append('-').append(net.width(l));
        return s.toString();
    }

    private static String describe(String activation, int layers, DataInputStream in) throws IOException {
        if (layers < 1 || layers > 1_000_000) throw new IOException("corrupt layer count " + layers);
        StringBuilder s = new StringBuilder(activation);
        int previous = -1;
        for (int l = 0; l < layers; l++) {
            int out = in.readInt(), fanIn = in.readInt();
            if (l == 0) s.append(' ').append(fanIn);
            else if (fanIn != previous) s.append(" (inconsistent)");
            s.append('-').append(out);
            previous = out;
        }
        return s.toString();
    }

    private static void writeFloats(DataOutputStream out, ByteBuffer buf, float[] a, int off, int n) throws IOException {
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, buf.capacity() / 4);
            buf.clear();
            buf.asFloatBuffer().put(a, off + i, k);
            out.write(buf.array(), 0, 4 * k);
            i += k;
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        byte[] bytes = new byte[4 * n];
        in.readFully(bytes);
        float[] a = new float[n];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(a);
        return a;
    }
}
