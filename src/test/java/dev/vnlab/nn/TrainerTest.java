package dev.vnlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnlab.data.Dataset;
import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.optim.Adam;
import dev.vnlab.optim.Optimizer;
import dev.vnlab.optim.Schedule;
import dev.vnlab.optim.Sgd;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: learning, stopping rules, divergence, exact resume from checkpoints. */
class TrainerTest {
    private static final Workers ONE = Workers.of(1), TWO = Workers.of(2);
    private static final Init INIT = new Init(Init.Scheme.GAUSSIAN, 1.0, 0.05);
    @TempDir Path dir;

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    /** Three Gaussian blobs in 12 dimensions, one per class; n examples. */
    static Dataset blobs(int n, long seed) {
        Random rnd = new Random(seed);
        FloatMatrix x = new FloatMatrix(n, 12);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 12; j++) x.set(i, j, (float) (rnd.nextGaussian() * 0.7 + (j % 3 == y[i] ? 1.2 : 0)));
        }
        return new Dataset(x, y, 3);
    }

    private static Mlp net(long seed, Blas blas) {
        return Mlp.create(12, 16, 3, 3, Activation.TANH, INIT, INIT, Rng.seeded(seed), blas);
    }

    private static Trainer trainer(Mlp net, Optimizer opt, Blas blas) {
        // 250 examples in batches of 32: a short last batch every epoch.
        return new Trainer(net, opt, Loss.SOFTMAX_CROSS_ENTROPY, Schedule.step(0.01, 2, 0.5), blobs(250, 1), blobs(90, 2), 32, Rng.seeded(9), blas);
    }

    @Test
    void learnsBlobsAndRecordsEveryEpoch() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp net = net(3, blas);
        List<Integer> seen = new ArrayList<>();
        Trainer t = trainer(net, new Adam(net.parameters(), false), blas).callback((tr, s) -> seen.add(s.epoch()));
        Trainer.Result r = t.run(6);
        assertThat(r.status()).isEqualTo(Trainer.Status.COMPLETED);
        List<Trainer.EpochStats> h = r.state().history();
        assertThat(h).hasSize(6);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(r.state().steps()).isEqualTo(6 * 8);
        assertThat(h.get(5).trainLoss()).isLessThan(h.get(0).trainLoss());
        assertThat(h.get(5).testAccuracy()).isGreaterThan(0.9);
        assertThat(h.get(2).learningRate()).isEqualTo(0.005);
        // The recorded test figures are those of a separate evaluation.
        double[] eval = t.evaluate(blobs(90, 2));
        assertThat(eval[1]).isEqualTo(h.get(5).testAccuracy());
        assertThat(eval[0]).isEqualTo(h.get(5).testLoss());
    }

    @Test
    void stopsAtTheTargetAccuracyOrWhenACallbackSaysSo() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp net = net(3, blas);
        Trainer.Result r = trainer(net, new Adam(net.parameters(), false), blas).targetAccuracy(0.8).run(50);
        assertThat(r.status()).isEqualTo(Trainer.Status.TARGET_REACHED);
        assertThat(r.state().epochs()).isLessThan(50);
        assertThat(r.state().history().get(r.state().epochs() - 1).testAccuracy()).isGreaterThanOrEqualTo(0.8);
        assertThat(r.message()).contains("reached the target");

        Mlp other = net(4, blas);
        Trainer.Result stopped = trainer(other, new Sgd(other.parameters()), blas).callback((tr, s) -> s.epoch() < 1).run(10);
        assertThat(stopped.status()).isEqualTo(Trainer.Status.STOPPED);
        assertThat(stopped.state().epochs()).isEqualTo(2);
    }

    @Test
    void divergenceStopsTheRunWithAClearStatus() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp net = net(3, blas);
        Trainer t = new Trainer(net, new Sgd(net.parameters()), Loss.MSE, Schedule.constant(1e30), blobs(250, 1), blobs(90, 2), 32, Rng.seeded(9), blas);
        Trainer.Result r = t.run(5);
        assertThat(r.status()).isEqualTo(Trainer.Status.DIVERGED);
        assertThat(r.message()).startsWith("training diverged: the").contains("epoch 1").doesNotContain("\n");
        assertThat(r.state().epochs()).isZero();
    }

    @Test
    void aFiniteLossFarAboveTheInitialLossIsDivergenceToo() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp net = net(3, blas);
        // Saturated tanh units and output weights grown huge: a finite loss at chance accuracy, which no learning follows.
        Trainer t = new Trainer(net, new Sgd(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY, Schedule.constant(1e5), blobs(250, 1), blobs(90, 2), 32,
                Rng.seeded(9), blas);
        Trainer.Result r = t.run(5);
        assertThat(r.status()).isEqualTo(Trainer.Status.DIVERGED);
        assertThat(r.message()).matches("training diverged: the loss reached \\S+, over 1000 times its initial \\S+, in epoch 1, batch \\d+ \\(step \\d+\\); .*");
        assertThat(r.state().initialLoss()).isBetween(0.5, 3.0); // about ln 3 for three classes
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedRunBitForBit() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp straight = net(3, blas);
        Trainer.Result full = trainer(straight, new Adam(straight.parameters(), false), blas).run(4);

        Path file = dir.resolve("run.ckpt");
        Mlp first = net(3, blas);
        Trainer.Result half = trainer(first, new Adam(first.parameters(), false), blas).callback(Checkpoint.every(1, file)).run(2);
        assertThat(half.state().epochs()).isEqualTo(2);

        Mlp resumed = net(77, blas); // different weights, overwritten by the checkpoint
        Optimizer opt = new Adam(resumed.parameters(), false);
        Trainer t = trainer(resumed, opt, blas);
        t.restore(Checkpoint.load(file, resumed, opt));
        Trainer.Result rest = t.run(4);

        for (int l = 1; l <= straight.depth() + 1; l++) {
            assertThat(resumed.weight(l).data()).as("W%d", l).containsExactly(straight.weight(l).data());
            assertThat(resumed.bias(l)).as("b%d", l).containsExactly(straight.bias(l));
        }
        assertThat(rest.state().steps()).isEqualTo(full.state().steps());
        assertThat(rest.state().initialLoss()).isEqualTo(full.state().initialLoss()).isPositive();
        for (int e = 0; e < 4; e++) {
            assertThat(rest.state().history().get(e).trainLoss()).isEqualTo(full.state().history().get(e).trainLoss());
            assertThat(rest.state().history().get(e).testAccuracy()).isEqualTo(full.state().history().get(e).testAccuracy());
        }
        assertThat(Files.exists(dir.resolve("run.ckpt.tmp"))).isFalse();
    }

    @Test
    void sameSeedSameWeightsOnOneAndTwoThreads() throws Exception {
        float[][] weights = new float[2][];
        int i = 0;
        for (Workers w : new Workers[] {ONE, TWO}) {
            Blas blas = Blas.on(w);
            Mlp net = Mlp.create(12, 70, 3, 3, Activation.TANH, INIT, INIT, Rng.seeded(5), blas);
            new Trainer(net, new Sgd(net.parameters()), Loss.SOFTMAX_CROSS_ENTROPY, Schedule.constant(0.05), blobs(400, 1), null, 100, Rng.seeded(9), blas).run(3);
            weights[i++] = net.weight(1).data().clone();
        }
        assertThat(weights[1]).containsExactly(weights[0]);
    }

    @Test
    void badCheckpointsAreRejectedWithTheFileNamed() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp net = net(3, blas);
        Optimizer opt = new Sgd(net.parameters());
        Path file = dir.resolve("a.ckpt");
        Checkpoint.save(file, net, opt, new Trainer.State(0, 0, List.of()));
        byte[] good = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        assertThatThrownBy(() -> Checkpoint.load(file, net, opt)).isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("corrupt or truncated");
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        Files.write(file, flipped);
        assertThatThrownBy(() -> Checkpoint.load(file, net, opt)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
        Files.writeString(file, "not a checkpoint at all, but long enough");
        assertThatThrownBy(() -> Checkpoint.load(file, net, opt)).isInstanceOf(IOException.class).hasMessageContaining("not a vnlab checkpoint");

        Files.write(file, good);
        Mlp wider = Mlp.create(12, 17, 3, 3, Activation.TANH, INIT, INIT, Rng.seeded(3), blas);
        assertThatThrownBy(() -> Checkpoint.load(file, wider, new Sgd(wider.parameters()))).isInstanceOf(IOException.class)
                .hasMessageContaining("TANH 12-16-16-16-3").hasMessageContaining("expected TANH 12-17-17-17-3");
        assertThatThrownBy(() -> Checkpoint.load(file, net, new Adam(net.parameters(), false))).isInstanceOf(IOException.class).hasMessageContaining("sgd");
    }

    @Test
    void aFormatOneCheckpointIsStillReadWithoutItsInitialLoss() throws Exception {
        Blas blas = Blas.on(ONE);
        Mlp net = net(3, blas);
        Optimizer opt = new Sgd(net.parameters());
        Path file = dir.resolve("v1.ckpt");
        Checkpoint.save(file, net, opt, new Trainer.State(2, 40, 1.25, List.of()));
        assertThat(Checkpoint.load(file, net, opt)).isEqualTo(new Trainer.State(2, 40, 1.25, List.of()));

        // Format 1: the same bytes without the initial loss (the 8 bytes before the history count), version 1, checksum anew.
        byte[] v2 = Files.readAllBytes(file);
        int loss = v2.length - 8 - 4 - 8;
        byte[] v1 = new byte[v2.length - 8];
        System.arraycopy(v2, 0, v1, 0, loss);
        System.arraycopy(v2, loss + 8, v1, loss, v2.length - loss - 8);
        java.nio.ByteBuffer.wrap(v1).putInt(8, 1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(v1, 0, v1.length - 8);
        java.nio.ByteBuffer.wrap(v1).putLong(v1.length - 8, crc.getValue());
        Files.write(file, v1);
        Trainer.State old = Checkpoint.load(file, net, opt);
        assertThat(old.epochs()).isEqualTo(2);
        assertThat(old.steps()).isEqualTo(40);
        assertThat(old.initialLoss()).isNaN();
    }

    @Test
    void rejectsDataThatDoNotFitTheNetwork() {
        Blas blas = Blas.on(ONE);
        Mlp net = Mlp.create(11, 16, 2, 3, Activation.TANH, INIT, INIT, Rng.seeded(3), blas);
        assertThatThrownBy(() -> new Trainer(net, new Sgd(net.parameters()), Loss.MSE, Schedule.constant(0.1), blobs(50, 1), null, 10, Rng.seeded(1), blas))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 features").hasMessageContaining("11 inputs");
    }
}
