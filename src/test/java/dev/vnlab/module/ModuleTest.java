package dev.vnlab.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vnlab as a JPMS module: the demo runs from the module path, and from a runtime image that
 * {@code jlink} makes of the module and the JDK modules it needs. The module is the compiled
 * classes (an exploded module: {@code target/classes} with its {@code module-info.class}).
 */
class ModuleTest {
    private static final Path MODULE = Path.of("target", "classes");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    /** A demo of two cells: the depth sweep, its theory, plots and report, in a second or two. */
    private static final String[] DEMO = {"demo", "--widths", "8", "--depths", "2,3", "--nets", "1", "--inputs", "20", "--jacobian-inputs", "1",
            "--probes", "2", "--quiet"};

    @TempDir Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    private List<String> demo(Path java, List<String> modules, Path out) {
        List<String> c = new ArrayList<>(List.of(java.toString()));
        c.addAll(modules);
        c.addAll(List.of("-m", "dev.vnlab/dev.vnlab.cli.Main"));
        c.addAll(List.of(DEMO));
        c.addAll(List.of("--out", out.toString()));
        return c;
    }

    private static void assertDemoWritten(Run r, Path out) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("outputs in " + out);
        assertThat(out.resolve("summary.json")).isNotEmptyFile();
        assertThat(out.resolve("depth-width-8.png")).isNotEmptyFile();
        assertThat(out.resolve("report.md")).isNotEmptyFile();
    }

    @Test
    void theDemoRunsFromTheModulePathWithAndWithoutTheVectorModule() throws Exception {
        assertThat(MODULE.resolve("module-info.class")).exists();
        Path java = JAVA_HOME.resolve("bin").resolve("java");
        Path simd = tmp.resolve("simd"), scalar = tmp.resolve("scalar");
        assertDemoWritten(run(demo(java, List.of("--module-path", MODULE.toString(), "--add-modules", "jdk.incubator.vector"), simd)), simd);
        assertDemoWritten(run(demo(java, List.of("--module-path", MODULE.toString()), scalar)), scalar); // the scalar kernels

        List<String> info = new ArrayList<>(List.of(java.toString(), "--module-path", MODULE.toString(), "--add-modules", "jdk.incubator.vector",
                "-m", "dev.vnlab/dev.vnlab.cli.Main", "info"));
        assertThat(run(info).out()).contains("kernels  simd"); // the SIMD kernels load from the unexported package
        info.subList(3, 5).clear(); // without the Vector API module
        assertThat(run(info).out()).contains("kernels  scalar");
    }

    @Test
    void theDemoRunsFromAJlinkImageOfTheModuleAndTheJdkModulesItNeeds() throws Exception {
        Path jlink = JAVA_HOME.resolve("bin").resolve("jlink");
        Path image = tmp.resolve("image");
        Run linked = run(List.of(jlink.toString(), "--module-path", MODULE.toString(), "--add-modules", "dev.vnlab,jdk.incubator.vector",
                "--strip-debug", "--no-header-files", "--no-man-pages", "--output", image.toString()));
        assertThat(linked.exit()).as(linked.err()).isZero();
        Run modules = run(List.of(image.resolve("bin").resolve("java").toString(), "--list-modules"));
        assertThat(modules.out()).contains("dev.vnlab", "jdk.incubator.vector", "java.desktop", "java.logging", "java.base");
        Path out = tmp.resolve("linked");
        assertDemoWritten(run(demo(image.resolve("bin").resolve("java"), List.of("--add-modules", "jdk.incubator.vector"), out)), out);
        long bytes;
        try (Stream<Path> files = Files.walk(image)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("jlink image of dev.vnlab and the JDK modules it needs: %.1f MB%n", bytes / 1e6);
        assertThat(bytes).isLessThan(200_000_000L); // a runtime of what vnlab needs, not a whole JDK
    }
}
