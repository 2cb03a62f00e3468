package dev.vnlab.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts a class's main method in a JVM of its own, on this JVM's class path and modules: a second process for tests of what processes share. */
public final class JavaProcess {
    private JavaProcess() {}

    /** A builder for {@code java [this JVM's --add-modules] -Xmx256m -cp CLASSPATH main args...}, stderr kept apart from stdout. */
    public static ProcessBuilder of(Class<?> main, String... args) {
        return of(List.of("-Xmx256m"), main, args);
    }

    /** A builder for {@code java [this JVM's --add-modules] jvmOptions... -cp CLASSPATH main args...}. */
    public static ProcessBuilder of(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String[] own = ProcessHandle.current().info().arguments().orElse(new String[0]);
        for (int i = 0; i < own.length; i++) { // this JVM's modules: --add-modules M or --add-modules=M
            if (own[i].startsWith("--add-modules=")) command.add(own[i]);
            else if (own[i].equals("--add-modules") && i + 1 < own.length) command.addAll(List.of(own[i], own[++i]));
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Starts {@link #of}. */
    public static Process start(Class<?> main, String... args) throws IOException {
        return of(main, args).start();
    }
}
