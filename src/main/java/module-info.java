/**
 * vnlab: vanishing nodes in deep networks, measured and predicted, in pure Java. The library's
 * packages are exported; the SIMD kernels ({@code dev.vnlab.linalg.kernel.simd}) and the
 * command line ({@code dev.vnlab.cli}, run with {@code -m dev.vnlab/dev.vnlab.cli.Main}) are not.
 */
module dev.vnlab {
    // Optional: the SIMD kernels load only when the module is in the boot layer (--add-modules
    // jdk.incubator.vector); without it the scalar kernels run.
    requires static jdk.incubator.vector;
    // PNG plots draw with Java2D and write with ImageIO; plot colours are java.awt.Color.
    requires transitive java.desktop;
    requires java.logging;

    exports dev.vnlab.data;
    exports dev.vnlab.experiment;
    exports dev.vnlab.io;
    exports dev.vnlab.linalg;
    exports dev.vnlab.linalg.decomp;
    exports dev.vnlab.linalg.kernel;
    exports dev.vnlab.memory;
    exports dev.vnlab.metrics;
    exports dev.vnlab.nn;
    exports dev.vnlab.optim;
    exports dev.vnlab.parallel;
    exports dev.vnlab.random;
    exports dev.vnlab.report;
    exports dev.vnlab.spectrum;
    exports dev.vnlab.sweep;
    exports dev.vnlab.theory;
}
