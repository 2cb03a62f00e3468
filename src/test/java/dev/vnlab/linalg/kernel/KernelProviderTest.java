package dev.vnlab.linalg.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which kernels the provider picks. The scalar-fallback surefire run sets
 * {@code -Dvnlab.expectKernels=scalar} and leaves out {@code --add-modules jdk.incubator.vector};
 * there this proves the module really is absent and the scalar kernels load on their own. The
 * main run has the module, so the SIMD kernels must be chosen.
 */
@Tag("kernels")
class KernelProviderTest {
    @Test
    void choosesTheExpectedKernels() {
        boolean moduleInBootLayer = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if ("scalar".equals(System.getProperty("vnlab.expectKernels"))) {
            assertThat(moduleInBootLayer).as("jdk.incubator.vector in the boot layer of the scalar-fallback JVM").isFalse();
            assertThat(KernelProvider.simd()).as("SIMD kernels without the incubator module").isEmpty();
            assertThat(KernelProvider.kernels().name()).isEqualTo("scalar");
            assertThat(KernelProvider.reason()).contains("not in the boot layer");
        } else {
            assertThat(moduleInBootLayer).as("jdk.incubator.vector in the boot layer of the main test JVM").isTrue();
            assertThat(KernelProvider.simd()).as("SIMD kernels with the incubator module").isPresent();
            if ("false".equalsIgnoreCase(System.getProperty("vnlab.simd", "true").trim())) {
                assertThat(KernelProvider.kernels().name()).isEqualTo("scalar");
                assertThat(KernelProvider.reason()).contains("vnlab.simd=false");
            } else {
                assertThat(KernelProvider.kernels().name()).isEqualTo("simd");
                assertThat(KernelProvider.kernels()).isSameAs(KernelProvider.simd().orElseThrow());
                assertThat(KernelProvider.reason()).contains("present");
            }
        }
    }

    @Test
    void scalarKernelsAreAlwaysAvailableAndStable() {
        assertThat(KernelProvider.scalar().name()).isEqualTo("scalar");
        assertThat(KernelProvider.scalar()).isSameAs(KernelProvider.scalar());
        assertThat(KernelProvider.scalar()).isInstanceOf(ScalarKernels.class);
        assertThat(KernelProvider.kernels()).isSameAs(KernelProvider.kernels());
        KernelProvider.simd().ifPresent(s -> assertThat(s.name()).isEqualTo("simd"));
    }
}
