package dev.vnlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    @Test
    void writesWithTheUsualPermissionsAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/out.txt");
        AtomicFile.write(file, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("first");
        Path plain = Files.createFile(dir.resolve("sub/plain.txt"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(plain));
        }
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out.txt", "plain.txt");
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("out.txt");
        AtomicFile.write(file, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> AtomicFile.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("cannot write " + file + ": disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out.txt");
        }
    }
}
