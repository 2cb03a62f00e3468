package dev.vnlab.linalg.kernel.simd;

/**
 * The name of the module this package's kernels need, kept with them so that the Vector API is
 * named in one package only. A compile-time constant: reading it (as the kernel provider does,
 * before it knows the module is there) loads nothing from this package.
 */
public final class VectorModule {
    /** The Vector API incubator module. */
    public static final String NAME = "jdk.incubator.vector";

    private VectorModule() {}
}
