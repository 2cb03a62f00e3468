package dev.vnlab.weights;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Mlp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The linear layers of a weight file, in order: what an MLP's state dict holds. A layer is a
 * prefix with a {@code PREFIX.weight} tensor (PyTorch's {@code nn.Linear}, out x in) or a
 * {@code PREFIX.kernel} tensor (Flax's {@code Dense}, in x out, transposed here), and optionally a
 * {@code PREFIX.bias} of out values (none: zeros, as {@code bias=False}); '/' separates too.
 * Layers are ordered by their prefixes with digit runs compared as numbers, so {@code layers.10}
 * follows {@code layers.2}; the last is the output layer. Every other tensor, a shape that does
 * not chain, a missing weight or a value that is not finite is refused by name.
 */
public final class LinearStack {
    /**
     * One linear layer.
     *
     * @param prefix the name its tensors share, e.g. {@code layers.2}
     * @param weight out x in
     * @param bias out values
     */
    public record Layer(String prefix, FloatMatrix weight, float[] bias) {}

    private final List<Layer> layers;

    private LinearStack(List<Layer> layers) {
        this.layers = layers;
    }

    /** The layers in order, the output layer last. */
    public List<Layer> layers() { return layers; }

    /**
     * The linear layers the tensors of {@code file} describe.
     *
     * @throws WeightFileException naming the file and the tensor: a tensor that belongs to no linear
     *         layer, a weight that is not two-dimensional, a bias without a weight or of the wrong
     *         length, a non-finite value, shapes that do not chain, or fewer than two layers
     */
    public static LinearStack of(Path file, List<Tensor> tensors) throws WeightFileException {
        Map<String, Tensor> weights = new LinkedHashMap<>(), kernels = new LinkedHashMap<>(), biases = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            String name = t.name();
            int dot = Math.max(name.lastIndexOf('.'), name.lastIndexOf('/'));
            String prefix = dot < 0 ? "" : name.substring(0, dot), role = name.substring(dot + 1);
            Map<String, Tensor> into = switch (role) {
                case "weight" -> weights;
                case "kernel" -> kernels;
                case "bias" -> biases;
                default -> throw new WeightFileException(file, name, "is not a linear layer's weight, kernel or bias; expected only PREFIX.weight "
                        + "(out x in), PREFIX.kernel (in x out) and PREFIX.bias tensors, an MLP's");
            };
            if (dot < 0) throw new WeightFileException(file, name, "has no layer prefix; expected a name such as 0." + role + " or layers.0." + role);
            if (into.put(prefix, t) != null) throw new WeightFileException(file, name, "appears twice; expected one per layer");
            checkFinite(file, t);
        }
        for (Map.Entry<String, Tensor> k : kernels.entrySet()) {
            Tensor w = weights.get(k.getKey());
            if (w != null) throw new WeightFileException(file, k.getValue().name(), "shares its layer with " + w.name() + "; expected a weight or a kernel, not both");
        }
        Map<String, Layer> byPrefix = new TreeMap<>(LinearStack::natural);
        for (Map<String, Tensor> source : List.of(weights, kernels)) {
            for (Map.Entry<String, Tensor> e : source.entrySet()) {
                Tensor w = e.getValue();
                if (w.rank() != 2 || w.dim(0) == 0 || w.dim(1) == 0) {
                    throw new WeightFileException(file, w.name(), "has shape " + Arrays.toString(w.shape()) + "; expected two dimensions of at least 1");
                }
                boolean kernel = source == kernels;
                FloatMatrix m = FloatMatrix.wrap(w.dim(0), w.dim(1), w.values());
                if (kernel) m = m.transpose();
                Tensor b = biases.remove(e.getKey());
                float[] bias = new float[m.rows()];
                if (b != null) {
                    if (b.rank() != 1 || b.dim(0) != m.rows()) {
                        throw new WeightFileException(file, b.name(), "has shape " + Arrays.toString(b.shape()) + "; expected [" + m.rows() + "], one per output of " + w.name());
                    }
                    bias = b.values();
                }
                byPrefix.put(e.getKey(), new Layer(e.getKey(), m, bias));
            }
        }
        if (!biases.isEmpty()) {
            Tensor b = biases.values().iterator().next();
            throw new WeightFileException(file, b.name(), "is a bias without a weight; expected " + b.name().substring(0, b.name().length() - 4) + "weight beside it");
        }
        List<Layer> layers = new ArrayList<>(byPrefix.values());
        if (layers.size() < 2) {
            throw new WeightFileException(file, layers.size() + " linear layer(s) make no hidden layer; expected at least 2 (hidden layers, then the output layer)");
        }
        for (int i = 1; i < layers.size(); i++) {
            Layer before = layers.get(i - 1), at = layers.get(i);
            if (at.weight.cols() != before.weight.rows()) {
                throw new WeightFileException(file, "layer " + at.prefix + " (" + at.weight.rows() + " x " + at.weight.cols() + ", out x in) takes " + at.weight.cols()
                        + " inputs but layer " + before.prefix + " gives " + before.weight.rows() + "; expected the shapes to chain, layers in the order "
                        + String.join(", ", byPrefix.keySet()));
            }
        }
        return new LinearStack(List.copyOf(layers));
    }

    /** The network of these layers with {@code phi} after every hidden one (the weights copied). */
    public Mlp network(Activation phi) {
        return Mlp.of(phi, layers.stream().map(Layer::weight).toList(), layers.stream().map(Layer::bias).toList());
    }

    private static void checkFinite(Path file, Tensor t) throws WeightFileException {
        float[] v = t.values();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new WeightFileException(file, t.name(), "element " + i + " is " + v[i] + "; expected finite values");
        }
    }

    /** ASCII digits only: a run of other scripts' digits compared as a number against ASCII characters would break transitivity. */
    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Names compared with runs of digits as numbers: {@code layers.2} before {@code layers.10}. */
    static int natural(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (digit(x) && digit(y)) {
                int si = i, sj = j;
                while (i < a.length() && digit(a.charAt(i))) i++;
                while (j < b.length() && digit(b.charAt(j))) j++;
                String p = a.substring(si, i).replaceFirst("^0+(?=.)", ""), q = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
                if (c != 0) return c;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b); // "01" and "1" stay distinct
    }
}
