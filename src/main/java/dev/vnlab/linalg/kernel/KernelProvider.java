package dev.vnlab.linalg.kernel;

import dev.vnlab.linalg.kernel.simd.VectorModule;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Chooses the kernel set once per JVM, as Lucene's VectorizationProvider does: the Vector API
 * implementation when the Vector API incubator module is in the boot layer and the
 * system property {@code vnlab.simd} is not {@code false}; otherwise {@link ScalarKernels}.
 * The SIMD class is loaded reflectively, so a JVM without the module never links it.
 */
public final class KernelProvider {
    /** The incubator module the SIMD kernels need, to look it up ({@link VectorModule#NAME}, a constant: nothing is loaded). */
    public static final String VECTOR_MODULE = VectorModule.NAME;
    private static final Logger LOG = Logger.getLogger(KernelProvider.class.getName());
    private static final String SIMD_CLASS = "dev.vnlab.linalg.kernel.simd.SimdKernels";
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Optional<Kernels> SIMD = loadSimd();
    private static final String REASON;
    private static final Kernels CHOSEN;

    static {
        if (!"false".equalsIgnoreCase(System.getProperty("vnlab.simd", "true").trim()) && SIMD.isPresent()) {
            CHOSEN = SIMD.get();
            REASON = VECTOR_MODULE + " is present";
        } else {
            CHOSEN = SCALAR;
            REASON = SIMD.isEmpty()
                    ? VECTOR_MODULE + " is not in the boot layer (add --add-modules " + VECTOR_MODULE + ")"
                    : "disabled by -Dvnlab.simd=false";
        }
        LOG.fine(() -> "vnlab kernels: " + CHOSEN.name() + " (" + REASON + ")");
    }

    private KernelProvider() {}

    /** The kernel set every facade operation uses. */
    public static Kernels kernels() { return CHOSEN; }

    /** Why {@link #kernels()} is what it is, for {@code vnlab info} and logs. */
    public static String reason() { return REASON; }

    /** The plain-Java kernels, always available. */
    public static Kernels scalar() { return SCALAR; }

    /** The Vector API kernels if this JVM can load them, whatever {@code vnlab.simd} says. */
    public static Optional<Kernels> simd() { return SIMD; }

    private static Optional<Kernels> loadSimd() {
        Optional<Module> vector = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (vector.isEmpty()) return Optional.empty();
        try {
            // The module descriptor does not name the Vector API (only simd may): read it now, as
            // "requires static" would have. A no-op on the class path, where everything is read.
            KernelProvider.class.getModule().addReads(vector.get());
            Class<?> c = Class.forName(SIMD_CLASS);
            Object k = MethodHandles.lookup().findConstructor(c, MethodType.methodType(void.class)).invoke(); // own module: simd is not exported
            return Optional.of((Kernels) k);
        } catch (Throwable t) {
            LOG.warning("vnlab: Vector API kernels could not be loaded, using scalar ones: " + t);
            return Optional.empty();
        }
    }
}
