package dev.vnlab.cli;

import dev.vnlab.experiment.InspectExperiment;
import dev.vnlab.linalg.Blas;
import dev.vnlab.nn.Activation;
import dev.vnlab.nn.Mlp;
import dev.vnlab.report.OutputDir;
import dev.vnlab.settings.Names;
import dev.vnlab.settings.Option;
import dev.vnlab.settings.ValueType;
import dev.vnlab.weights.WeightFileException;
import dev.vnlab.weights.WeightFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./vnlab inspect --weights FILE}: the per-layer diagnostics of a trained MLP read from a
 * .safetensors or .npz file ({@link WeightFiles}), over synthetic inputs, MNIST-style images or
 * the user's own .npy rows ({@link InspectExperiment}).
 */
final class InspectCommand implements Command {
    private static final int DEFAULT_SAMPLES = 10_000;

    @Override public String name() { return "inspect"; }

    @Override public String summary() {
        return "measure a trained MLP (--weights FILE.safetensors or .npz): per layer VNI, participation ratio, effective rank, redundant pairs, dead and "
                + "saturated units, CKA, sigma_w^2, stable rank and the Jacobian VNI, beside the random-network theory";
    }

    @Override public List<Option> options() {
        return List.of(
                Option.value("weights", "FILE", null, "the network: a .safetensors file (PyTorch's safetensors.torch.save_file) or a numpy .npz of its state dict "
                        + "(PREFIX.weight out x in, PREFIX.bias; layers in the order of their names; the last is the output layer) (required)"),
                Option.value("activation", "NAME", null, "phi after every hidden layer: " + Names.all(Activation.class)
                        + " (required unless the file names it, as vnlab's own .safetensors files do)"),
                Option.value("data", "DIR", null, "measure over the first --samples training images of this MNIST-style IDX directory (pixels / 255)"),
                Option.value("inputs", "FILE", null, "measure over the rows of this two-dimensional .npy file (float32 or float64), one input per row"),
                Option.value("samples", "M", null, "inputs to measure over (default " + DEFAULT_SAMPLES + "; with --inputs, all of its rows)"),
                Option.value("input-variance", "V", "1", "the variance of the i.i.d. Gaussian inputs used without --data or --inputs"),
                Option.value("jacobian-inputs", "K", "4", "the Jacobian of each layer is taken exactly at the first K inputs"),
                Option.value("heatmap-layer", "L", null, "the hidden layer whose rho^2 heatmap is drawn (default: the last)"),
                Option.value("export", "LAYERS", null, "write these hidden layers' activations (M x n_l float32) as activations-layer-L.npy, e.g. 1,5,10"),
                Option.value("batch", "B", "1000", "inputs per forward pass"),
                Option.value("seed", "S", "1", "the seed of the synthetic inputs"),
                CommonOptions.out("out/inspect"), CommonOptions.QUIET);
    }

    @Override public int run(ParsedArgs a, PrintStream out, PrintStream err) throws IOException {
        if (!a.has("weights")) throw new UsageException("--weights FILE is required; expected a .safetensors or .npz file of an MLP's weights");
        if (a.has("data") && a.has("inputs")) throw new UsageException("--data and --inputs both name inputs; expected one of them");
        Path weights = a.path("weights");
        WeightFiles.Imported imported;
        try {
            imported = WeightFiles.read(weights);
        } catch (WeightFileException e) {
            throw new UsageException("--weights " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UsageException("--weights " + weights + " does not exist; expected a .safetensors or .npz file");
        }
        Activation phi = a.has("activation") ? Names.parse(Activation.class, "--activation", a.string("activation")) : imported.activation();
        if (phi == null) throw new UsageException("--activation is required: " + weights.getFileName() + " does not name its activation; expected one of " + Names.all(Activation.class));
        Mlp net = imported.layers().network(phi);
        Blas blas = Blas.defaults();
        int samples = a.has("samples") ? a.integer("samples", 2, Integer.MAX_VALUE) : 0;
        InspectExperiment.Inputs inputs;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("weights", weights.toString());
        config.put("activation", Names.of(phi));
        List<String> rerun = new ArrayList<>(List.of("./vnlab", "inspect", "--weights", weights.toString(), "--activation", Names.of(phi)));
        if (a.has("inputs")) {
            Path file = a.path("inputs");
            try {
                inputs = InspectExperiment.Inputs.npy(file, samples);
            } catch (NoSuchFileException e) {
                throw new UsageException("--inputs " + file + " does not exist; expected a two-dimensional .npy file, one input per row");
            } catch (IOException e) {
                throw new UsageException("--inputs " + e.getMessage());
            }
            config.put("inputs", file.toString());
            rerun.addAll(List.of("--inputs", file.toString()));
        } else if (a.has("data")) {
            Path dir = a.path("data");
            int m = samples > 0 ? samples : DEFAULT_SAMPLES;
            InspectExperiment.Inputs[] read = new InspectExperiment.Inputs[1];
            DataOptions.load("--data", dir, () -> read[0] = InspectExperiment.Inputs.images(dir, m));
            inputs = read[0];
            config.put("data", dir.toString());
            rerun.addAll(List.of("--data", dir.toString()));
        } else {
            double variance = real(a, "input-variance");
            if (!(variance > 0) || Double.isInfinite(variance)) throw new UsageException("--input-variance " + a.string("input-variance") + " is invalid; expected a finite value > 0");
            long seed = longValue(a, "seed");
            inputs = InspectExperiment.Inputs.gaussian(seed, samples > 0 ? samples : DEFAULT_SAMPLES, net.width(0), variance, blas);
            config.put("input_variance", variance);
            config.put("seed", seed);
            rerun.addAll(List.of("--input-variance", a.string("input-variance"), "--seed", String.valueOf(seed)));
        }
        int m = (int) inputs.rows().rows();
        config.put("samples", m);
        rerun.addAll(List.of("--samples", String.valueOf(m)));
        int k = a.integer("jacobian-inputs", 1, 10_000);
        int heat = a.has("heatmap-layer") ? a.integer("heatmap-layer", 1, net.depth()) : net.depth();
        int[] export = a.has("export") ? layers(a) : new int[0];
        int batch = a.integer("batch", 1, 1 << 20);
        config.put("jacobian_inputs", k);
        config.put("heatmap_layer", heat);
        config.put("export", export);
        config.put("batch", batch);
        rerun.addAll(List.of("--jacobian-inputs", String.valueOf(k), "--heatmap-layer", String.valueOf(heat), "--batch", String.valueOf(batch)));
        if (export.length > 0) rerun.addAll(List.of("--export", String.join(",", Arrays.stream(export).mapToObj(String::valueOf).toList())));
        InspectExperiment e = new InspectExperiment(net, inputs, new InspectExperiment.Settings(weights.getFileName().toString(), k, heat, export, batch));
        OutputDir dir = OutputDir.create(a.path("out"));
        String shown = e.write(Main.version(), config, String.join(" ", rerun), dir, blas);
        out.print(shown);
        out.println("outputs in " + dir.path() + ": summary.json, inspect.csv, SVG and PNG plots, report.md" + (export.length > 0 ? ", activations-layer-*.npy" : ""));
        return 0;
    }

    private static int[] layers(ParsedArgs a) {
        try {
            int[] v = ValueType.INTS.parse(a.string("export"));
            return Arrays.stream(v).distinct().toArray();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--export '" + a.string("export") + "' is invalid; expected comma-separated hidden layers, e.g. 1,5,10");
        }
    }

    private static double real(ParsedArgs a, String name) {
        try {
            return Double.parseDouble(a.string(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " '" + a.string(name) + "' is not a number; expected a finite value > 0");
        }
    }

    private static long longValue(ParsedArgs a, String name) {
        try {
            return Long.parseLong(a.string(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " '" + a.string(name) + "' is not a whole number; expected a 64-bit integer");
        }
    }
}
