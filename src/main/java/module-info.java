/**
 * vnlab: vanishing nodes in deep networks, measured and predicted, in pure Java. The library's
 * packages are exported; the SIMD kernels ({@code dev.vnlab.linalg.kernel.simd}) and the
 * command line ({@code dev.vnlab.cli}, run with {@code -m dev.vnlab/dev.vnlab.cli.Main}) are not.
 * The Vector API is optional and named only by the SIMD package: the build reads it with
 * {@code --add-reads}, and {@code KernelProvider} adds the edge at run time when the module is in
 * the boot layer; without it the scalar kernels run.
 */
module dev.vnlab {
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
    exports dev.vnlab.settings;
    exports dev.vnlab.spectrum;
    exports dev.vnlab.sweep;
    exports dev.vnlab.theory;
    exports dev.vnlab.weights;
}
