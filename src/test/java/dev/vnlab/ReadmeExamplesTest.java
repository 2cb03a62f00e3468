package dev.vnlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md, compiled and run, so none can go stale.
 *
 * <p>A block is a run of statements, optionally headed by its own {@code import} lines. It
 * becomes the body of {@code main} in a class of its own that imports every package of vnlab
 * (found under src/main/java) and {@code java.util}, {@code java.nio.file} and {@code java.io};
 * the block's own imports come first and win over those. Two names are given, as README says:
 * {@code workers} (two threads) and {@code blas} on them, which a block may also declare itself.
 * A relative {@code Path.of(...)} is resolved in a temporary directory, so the examples write
 * nothing into the checkout; what a block prints is kept, and shown if it fails. The test fails
 * when a block does not compile or throws.
 */
class ReadmeExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*$");

    @TempDir
    Path tmp;

    /** One block: its text and the README line of its opening fence. */
    record Block(int number, int line, String text) {}

    static List<Block> blocks(String readme) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            int line = 1 + (int) readme.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            blocks.add(new Block(blocks.size() + 1, line, m.group(1)));
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<Block> blocks = blocks(readme);
        assertThat(blocks).as("```java blocks in README.md").isNotEmpty();
        List<String> packages = vnlabPackages(Path.of("src/main/java"));
        return blocks.stream().map(b -> DynamicTest.dynamicTest(
                "README block " + b.number() + " (line " + b.line() + ")", () -> compileAndRun(b, packages)));
    }

    /** Every package with a class under the source root, as dotted names. */
    static List<String> vnlabPackages(Path root) throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("package-info.java")
                            && !f.getFileName().toString().equals("module-info.java"))
                    .forEach(f -> packages.add(root.relativize(f.getParent()).toString().replace('/', '.')));
        }
        return new ArrayList<>(packages);
    }

    /** The block as a compilation unit of class {@code name}. */
    static String source(Block block, String name, List<String> packages) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean head = true;
        for (String line : block.text().split("\n", -1)) {
            if (head && IMPORT.matcher(line.strip()).matches()) {
                imports.append(line.strip()).append('\n');
                continue;
            }
            if (head && line.isBlank() && body.isEmpty()) continue;
            head = false;
            body.append("        ").append(line).append('\n');
        }
        StringBuilder src = new StringBuilder();
        src.append(imports);
        for (String p : packages) src.append("import ").append(p).append(".*;\n");
        src.append("import java.util.*;\nimport java.nio.file.*;\nimport java.io.*;\n\n");
        src.append("public class ").append(name).append(" {\n");
        src.append("    public static java.nio.file.Path root;\n");
        src.append("    static dev.vnlab.parallel.Workers workers;\n");
        src.append("    static dev.vnlab.linalg.Blas blas;\n\n");
        src.append("    static java.nio.file.Path readmePath(String first, String... more) {\n");
        src.append("        return root.resolve(java.nio.file.Path.of(first, more));\n    }\n\n");
        src.append("    public static void main(String[] args) throws Exception {\n");
        src.append("        workers = dev.vnlab.parallel.Workers.of(2);\n");
        src.append("        blas = dev.vnlab.linalg.Blas.on(workers);\n");
        src.append("        try {\n        readmeBlock();\n        } finally {\n            workers.close();\n        }\n    }\n\n");
        src.append("    // README.md block ").append(block.number()).append(", line ").append(block.line()).append('\n');
        src.append("    static void readmeBlock() throws Exception {\n");
        src.append(body.toString().replaceAll("(?<![\\w.])Path\\.of\\(", "readmePath("));
        src.append("    }\n}\n");
        return src.toString();
    }

    private void compileAndRun(Block block, List<String> packages) throws Exception {
        String name = "ReadmeBlock" + block.number();
        Path srcDir = Files.createDirectories(tmp.resolve("src"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path file = srcDir.resolve(name + ".java");
        String source = source(block, name, packages);
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (javax.tools)").isNotNull();
        StringWriter diagnostics = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjects(file);
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
                    "-d", classes.toString(), "-proc:none", "-encoding", "UTF-8",
                    "--add-modules", "jdk.incubator.vector", "-Xlint:-incubating");
            compiled = javac.getTask(diagnostics, fm, null, options, null, units).call();
        }
        if (!compiled) {
            fail("README.md block " + block.number() + " (line " + block.line() + ") does not compile:\n"
                    + diagnostics + "\nas compiled:\n" + numbered(source));
        }

        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream(); // both streams, shown if the block fails
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExamplesTest.class.getClassLoader())) {
            Class<?> c = loader.loadClass(name);
            c.getDeclaredField("root").set(null, work);
            Method main = c.getMethod("main", String[].class);
            PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw new AssertionError("README.md block " + block.number() + " (line " + block.line()
                    + ") throws " + e.getCause() + "\nit printed:\n" + printed.toString(StandardCharsets.UTF_8), e.getCause());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String numbered(String source) {
        StringBuilder s = new StringBuilder();
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) s.append(String.format("%4d  %s%n", i + 1, lines[i]));
        return s.toString();
    }
}
