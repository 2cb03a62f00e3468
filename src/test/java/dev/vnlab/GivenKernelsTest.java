package dev.vnlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.decomp.SymmetricEigen;
import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.optim.Optimizer;
import dev.vnlab.optim.Parameter;
import dev.vnlab.optim.Sgd;
import dev.vnlab.parallel.Workers;
import dev.vnlab.random.Rng;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizer step, the random fills and the tridiagonal eigen solver compute with the kernels
 * of the Blas they are given, not with the provider's choice: a Blas on a counting wrapper of
 * the scalar kernels sees every such call, and the results are the bits of the plain scalar Blas.
 */
class GivenKernelsTest {
    private static final Workers TWO = Workers.of(2);
    private static final Blas SCALAR = Blas.on(TWO, KernelProvider.scalar());

    @AfterAll static void stop() { TWO.close(); }

    /** Scalar kernels that count calls by method name. */
    private static final class Counting {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Kernels kernels = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(KernelProvider.scalar(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        final Blas blas = Blas.on(TWO, kernels);

        int calls(String method) {
            AtomicInteger n = calls.get(method);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void optimizerStepClipsWithTheGivenKernels() {
        Counting counting = new Counting();
        float[][] viaCounting = clippedSteps(counting.blas), viaScalar = clippedSteps(SCALAR);
        // Three parameters, two steps: one sum of squares per parameter and step, and a scaling when clipped.
        assertThat(counting.calls("sumSquares")).isEqualTo(6);
        assertThat(counting.calls("map")).isEqualTo(6);
        for (int i = 0; i < viaScalar.length; i++) assertThat(viaCounting[i]).containsExactly(viaScalar[i]);
    }

    /** The values of three parameters after two SGD steps whose gradients are clipped. */
    private static float[][] clippedSteps(Blas blas) {
        float[][] values = new float[3][], grads = new float[3][];
        List<Parameter> params = new java.util.ArrayList<>();
        for (int p = 0; p < 3; p++) {
            values[p] = new float[5000 + 37 * p];
            grads[p] = new float[values[p].length];
            Rng.seeded(1).child(p).fillGaussian(values[p], 0, values[p].length, 0f, 1f, SCALAR);
            params.add(Parameter.of("p" + p, values[p], grads[p]));
        }
        Optimizer sgd = new Sgd(params).clipNorm(0.5).on(blas);
        for (int step = 0; step < 2; step++) {
            for (int p = 0; p < 3; p++) Rng.seeded(2).child(step).child(p).fillGaussian(grads[p], 0, grads[p].length, 0f, 1f, SCALAR);
            sgd.step(0.1);
        }
        return values;
    }

    @Test
    void randomFillsUseTheGivenKernels() {
        Counting counting = new Counting();
        int n = 3 * Rng.BLOCK + 5; // four blocks: one kernel call each
        float[] f = new float[n], fScalar = new float[n], u = new float[n], uScalar = new float[n];
        double[] d = new double[n], dScalar = new double[n];
        Rng rng = Rng.seeded(7);
        rng.fillGaussian(f, 0, n, 0f, 1f, counting.blas);
        rng.fillGaussian(fScalar, 0, n, 0f, 1f, SCALAR);
        rng.fillGaussian(d, 0, n, 0.0, 1.0, counting.blas);
        rng.fillGaussian(dScalar, 0, n, 0.0, 1.0, SCALAR);
        rng.fillUniform(u, 0, n, -1f, 1f, counting.blas);
        rng.fillUniform(uScalar, 0, n, -1f, 1f, SCALAR);
        assertThat(counting.calls("fillGaussian")).isEqualTo(8);
        assertThat(counting.calls("fillUniform")).isEqualTo(4);
        assertThat(f).containsExactly(fScalar);
        assertThat(d).containsExactly(dScalar);
        assertThat(u).containsExactly(uScalar);
    }

    @Test
    void tridiagonalEigenSolverRotatesWithTheGivenKernels() {
        Counting counting = new Counting();
        int n = 12;
        double[] a = new double[n * n];
        double[] g = new double[n * n];
        Rng.seeded(3).fillGaussian(g, 0, g.length, 0.0, 1.0, SCALAR);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = g[i * n + j] + g[j * n + i];
        SymmetricEigen viaCounting = SymmetricEigen.decompose(DoubleMatrix.wrap(n, n, a.clone()), counting.blas);
        int rotations = counting.calls("rot");
        SymmetricEigen viaScalar = SymmetricEigen.decompose(DoubleMatrix.wrap(n, n, a.clone()), SCALAR);
        assertThat(rotations).as("QL rotations of the eigenvectors").isGreaterThanOrEqualTo(n - 1);
        assertThat(viaCounting.values()).containsExactly(viaScalar.values());
        assertThat(viaCounting.vectors().data()).containsExactly(viaScalar.vectors().data());
    }
}
