package dev.vnlab.cli;

import dev.vnlab.linalg.Blas;
import dev.vnlab.linalg.kernel.KernelProvider;
import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.settings.Option;
import java.io.PrintStream;
import java.util.List;

/** {@code ./vnlab info}: the JDK, the vector species, the kernels chosen and the thread count. */
final class InfoCommand implements Command {
    @Override public String name() { return "info"; }

    @Override public String summary() { return "JDK, vector species and width, kernel choice (simd/scalar), thread count"; }

    @Override public List<Option> options() { return List.of(Main.THREADS); }

    @Override public int run(ParsedArgs args, PrintStream out, PrintStream err) {
        Runtime rt = Runtime.getRuntime();
        out.println("vnlab    " + Main.version());
        out.println("java     " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        out.println("os       " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + rt.availableProcessors() + " processors, max heap " + (rt.maxMemory() >> 20) + " MiB");
        out.println("vector   " + KernelProvider.VECTOR_MODULE + (KernelProvider.simd().isPresent() ? " present" : " absent"));
        Kernels kernels = Blas.defaults().kernels(); // what the provider chose, as every command computes with it
        out.println("kernels  " + kernels.name() + " (" + KernelProvider.reason() + ")");
        out.println("         " + kernels.describe());
        String source = args.has("threads") ? "--threads" : "default: -Dvnlab.threads, else all processors";
        out.println("threads  " + Main.threads(args) + " (" + source + ")");
        return 0;
    }
}
