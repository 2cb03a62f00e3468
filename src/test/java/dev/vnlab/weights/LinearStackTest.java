package dev.vnlab.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Mlp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Linear layers found by their names, in order, and every tensor set that is not an MLP refused by name. */
class LinearStackTest {
    private static final Path FILE = Path.of("model.safetensors");

    private static Tensor t(String name, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = name.hashCode() % 97 + i * 0.25f;
        return new Tensor(name, shape, v);
    }

    @Test
    void layersAreOrderedByTheirNamesWithNumbersComparedAsNumbers() throws Exception {
        List<Tensor> tensors = new ArrayList<>();
        for (int i : new int[] {10, 2, 0, 4, 6, 8}) { // 0.weight: 5 x 3, then 5 x 5, ..., 10.weight: 2 x 5
            tensors.add(t("layers." + i + ".weight", i == 10 ? 2 : 5, i == 0 ? 3 : 5));
            tensors.add(t("layers." + i + ".bias", i == 10 ? 2 : 5));
        }
        LinearStack s = LinearStack.of(FILE, tensors);
        assertThat(s.layers()).extracting(LinearStack.Layer::prefix).containsExactly("layers.0", "layers.2", "layers.4", "layers.6", "layers.8", "layers.10");
        Mlp net = s.network(Activation.RELU);
        assertThat(net.depth()).isEqualTo(5);
        assertThat(net.width(0)).isEqualTo(3);
        assertThat(net.width(6)).isEqualTo(2);
        Tensor w = tensors.get(4); // layers.0.weight
        assertThat(net.weight(1).get(4, 2)).isEqualTo(w.values()[4 * 3 + 2]);
        assertThat(net.bias(6)).containsExactly(tensors.get(1).values());
        assertThat(LinearStack.natural("fc2", "fc10")).isNegative();
        assertThat(LinearStack.natural("a.01", "a.1")).isNotZero();
        // digits of other scripts compare as characters, so the order stays transitive: z < U+0662 and 10 < z give 10 < U+0662
        String z = "z", arabicTwo = "\u0662", ten = "10";
        assertThat(LinearStack.natural(z, arabicTwo)).isNegative();
        assertThat(LinearStack.natural(ten, z)).isNegative();
        assertThat(LinearStack.natural(ten, arabicTwo)).isNegative();
    }

    @Test
    void flaxKernelsAreTransposedAndAMissingBiasIsZero() throws Exception {
        Tensor k0 = t("params/Dense_0/kernel", 3, 4), k1 = t("params/Dense_1/kernel", 4, 2); // in x out
        LinearStack s = LinearStack.of(FILE, List.of(k1, t("params/Dense_1/bias", 2), k0));
        FloatMatrix w0 = s.layers().get(0).weight();
        assertThat(w0.rows()).isEqualTo(4);
        assertThat(w0.get(3, 1)).isEqualTo(k0.values()[1 * 4 + 3]);
        assertThat(s.layers().get(0).bias()).containsOnly(0f).hasSize(4);
    }

    @Test
    void everyTensorSetThatIsNotAnMlpIsRefusedByNameWithWhatWasExpected() {
        Object[][] cases = {
                {List.of(t("0.weight", 4, 3), t("0.bias", 4), t("1.running_mean", 4), t("2.weight", 2, 4)),
                        "model.safetensors: tensor 1.running_mean: is not a linear layer's weight, kernel or bias; expected only PREFIX.weight (out x in), "
                                + "PREFIX.kernel (in x out) and PREFIX.bias tensors, an MLP's"},
                {List.of(t("weight", 4, 3), t("1.weight", 2, 4)), "model.safetensors: tensor weight: has no layer prefix; expected a name such as 0.weight or layers.0.weight"},
                {List.of(t("0.weight", 4, 3), t("0.bias", 5), t("2.weight", 2, 4)), "model.safetensors: tensor 0.bias: has shape [5]; expected [4], one per output of 0.weight"},
                {List.of(t("0.weight", 4, 3, 1), t("2.weight", 2, 4)), "model.safetensors: tensor 0.weight: has shape [4, 3, 1]; expected two dimensions of at least 1"},
                {List.of(t("0.weight", 4, 3), t("1.bias", 2), t("2.weight", 2, 4)), "model.safetensors: tensor 1.bias: is a bias without a weight; expected 1.weight beside it"},
                {List.of(t("0.weight", 4, 3), t("2.weight", 2, 5)), "model.safetensors: layer 2 (2 x 5, out x in) takes 5 inputs but layer 0 gives 4; expected the shapes "
                        + "to chain, layers in the order 0, 2"},
                {List.of(t("0.weight", 0, 3), t("2.weight", 2, 0)), "model.safetensors: tensor 0.weight: has shape [0, 3]; expected two dimensions of at least 1"},
                {List.of(t("0.weight", 4, 3)), "model.safetensors: 1 linear layer(s) make no hidden layer; expected at least 2 (hidden layers, then the output layer)"},
                {List.of(t("0.weight", 4, 3), t("0.kernel", 3, 4), t("2.weight", 2, 4)), "model.safetensors: tensor 0.kernel: shares its layer with 0.weight; expected a "
                        + "weight or a kernel, not both"},
                {List.of(t("0.weight", 4, 3), new Tensor("2.weight", new int[] {2, 4}, new float[] {0, 1, 2, Float.NaN, 4, 5, 6, 7})),
                        "model.safetensors: tensor 2.weight: element 3 is NaN; expected finite values"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked") List<Tensor> tensors = (List<Tensor>) c[0];
            assertThatThrownBy(() -> LinearStack.of(FILE, tensors)).isInstanceOf(WeightFileException.class).hasMessageStartingWith((String) c[1]);
        }
    }
}
