package dev.vnlab.weights;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Layers;
import dev.vnlab.nn.Mlp;
import dev.vnlab.settings.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained MLP's weights on disk, as PyTorch and numpy users save them: {@code .safetensors}
 * ({@link SafeTensors}) or numpy {@code .npz} ({@link Npz}), told apart by their first bytes.
 * Layers are read by {@link LinearStack}; written, they are named as {@code nn.Sequential}
 * numbers its modules ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ..., an activation
 * between each pair), so {@code load_state_dict} takes them as they are.
 */
public final class WeightFiles {
    /** The metadata key of a .safetensors file that names the hidden layers' activation. */
    public static final String ACTIVATION_KEY = "activation";

    private WeightFiles() {}

    /**
     * A network read from a file: its layers, and the activation the file names (null when it
     * names none, as .npz files never do).
     */
    public record Imported(LinearStack layers, Activation activation) {}

    /**
     * Reads the linear layers of {@code file}.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws WeightFileException naming the file (and the tensor) if it is malformed, names an
     *         unknown activation, or its tensors are not an MLP's
     */
    public static Imported read(Path file) throws IOException {
        if (Files.notExists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new WeightFileException(file, "is not a regular file; expected a .safetensors or .npz file"); // a pipe would block the read
        List<Tensor> tensors;
        String activation = null;
        if (isZip(file)) {
            tensors = Npz.read(file);
        } else {
            SafeTensors.Contents c = SafeTensors.read(file);
            tensors = c.tensors();
            activation = c.metadata().get(ACTIVATION_KEY);
        }
        LinearStack layers = LinearStack.of(file, tensors);
        if (activation == null) return new Imported(layers, null);
        try {
            return new Imported(layers, Names.parse(Activation.class, "metadata " + ACTIVATION_KEY, activation));
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, e.getMessage());
        }
    }

    /**
     * Writes {@code net}'s layers 1..L+1 to {@code file}: a .safetensors file (float32, with the
     * activation in its metadata) unless the name ends in {@code .npz}. Written atomically.
     */
    public static void write(Path file, Layers net) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        for (int l = 1; l <= net.depth() + 1; l++) {
            FloatMatrix w = net.weight(l);
            String prefix = String.valueOf(2 * (l - 1));
            tensors.add(new Tensor(prefix + ".weight", new int[] {w.rows(), w.cols()}, w.copy().data()));
            tensors.add(new Tensor(prefix + ".bias", new int[] {w.rows()}, net.bias(l).clone()));
        }
        if (file.getFileName().toString().endsWith(".npz")) Npz.write(file, tensors);
        else SafeTensors.write(file, tensors, Map.of(ACTIVATION_KEY, Names.of(net.activation())));
    }

    /** The network of {@code file} with {@code phi} after every hidden layer. */
    public static Mlp network(Path file, Activation phi) throws IOException {
        return read(file).layers().network(phi);
    }

    /** A zip archive (.npz) starts with a local file header, or an empty one with its end record. */
    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
        }
    }
}
