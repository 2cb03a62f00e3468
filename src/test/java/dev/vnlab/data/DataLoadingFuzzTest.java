package dev.vnlab.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.cli.Main;
import dev.vnlab.data.ReferenceIdx.Folder;
import dev.vnlab.data.ReferenceIdx.Problem;
import dev.vnlab.linalg.FloatMatrix;
import dev.vnlab.memory.HeapTooSmallException;
import dev.vnlab.testing.FuzzCases;
import dev.vnlab.testing.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of data loading: thousands of IDX files and MNIST-style folders, most of them
 * broken at random ({@link DataMutations}), loaded through the entry points the command line
 * uses ({@link IdxArray#read}, {@link Mnist#load}, {@link Mnist#trainImages}). Every case must
 * either fail with a documented exception that names the file, or load exactly what the strict,
 * independent {@link ReferenceIdx} decodes: no corrupt file accepted, no valid one refused, no
 * other exception, no hang. A sample of the folders also goes through {@code vnlab depth} or
 * {@code vnlab train}, which must end in exit code 2 and one line on bad data.
 *
 * <p>{@link FuzzCases} runs the cases: {@code -Dvnlab.fuzz.seed=S} repeats a run,
 * {@code -Dvnlab.fuzz.case=I} runs only its case I, {@code -Dvnlab.fuzz.cases=N} sets how many
 * cases a run has.
 */
class DataLoadingFuzzTest {
    private static final long DEFAULT_SEED = 20_251_104L;
    private static final int DEFAULT_CASES = 3000;
    private static final String[] BASES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    @TempDir Path tmp;

    /** A case's loader. */
    @FunctionalInterface
    private interface Load {
        Object run() throws IOException;
    }

    @Test
    void brokenFilesAreRefusedByNameAndValidOnesLoadAsTheReferenceDecodes() throws Exception {
        Path pipe = IdxFiles.mkfifo(tmp.resolve("shared-pipe")) ? tmp.resolve("shared-pipe") : null; // without mkfifo: no pipes
        FuzzCases.run("data", DEFAULT_SEED, DEFAULT_CASES, (index, rnd, log) -> run(index, new DataMutations(rnd, log), pipe));
    }

    /** Case {@code index}: an IDX file (12 cases in 20) or a folder, in a directory of its own; returns its outcome. */
    private String run(int index, DataMutations m, Path pipe) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("case-" + index));
        int kind = index % 20;
        String command = index % 50 == 19 ? "depth" : index % 50 == 44 ? "train" : null;
        String outcome = kind < 12 ? file(m, dir) : folder(m, dir, pipe, command);
        delete(dir); // a failed case's files stay until the end, for a look
        return outcome;
    }

    /** Deletes {@code dir} and what it holds, links and pipes themselves, not what they lead to. */
    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** One IDX file, raw or gzip, changed before compression, after it, or not at all, through {@link IdxArray#read}. */
    private String file(DataMutations m, Path dir) throws IOException {
        Random rnd = m.random();
        byte[] content = m.idx();
        int contentChanges = rnd.nextInt(4) == 0 ? 1 : 0, fileChanges = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(2);
        for (int k = 0; k < contentChanges; k++) content = m.changeContent(content);
        boolean gzip = rnd.nextBoolean();
        byte[] bytes = gzip ? m.gzip(content) : content;
        for (int k = 0; k < fileChanges; k++) bytes = m.changeFile(bytes);
        Path f = Files.write(dir.resolve(gzip ? "data-idx.gz" : "data-idx"), bytes);
        byte[] written = bytes;
        Verdict<ReferenceIdx.Decoded> reference = Verdict.of(ReferenceIdx.Rejected.class, () -> ReferenceIdx.decode(written));
        ReferenceIdx.Decoded expected = reference.decoded();
        IdxArray a;
        try {
            a = IdxArray.read(f);
        } catch (IdxFormatException | HeapTooSmallException e) {
            assertThat(expected).as("read refused a file the reference decodes: %s", e.getMessage()).isNull();
            // "FILE: problem", or "FILE (its elements) needs about ... of heap"
            assertThat(e.getMessage()).as("the message names the file").startsWith(f + (e instanceof IdxFormatException ? ": " : " ("));
            return "file refused";
        }
        assertThat(expected).as("read accepted a file the reference refuses (%s)", reference.why()).isNotNull();
        assertThat(a.type().code).isEqualTo(expected.type());
        assertThat(a.dims()).containsExactly(expected.dims());
        assertThat(a.size()).isEqualTo(expected.values().length);
        for (int i = 0; i < a.size(); i++) {
            if (Double.doubleToLongBits(a.get(i)) != Double.doubleToLongBits(expected.values()[i])) {
                throw new AssertionError("element " + i + " is " + a.get(i) + "; the reference decodes " + expected.values()[i]);
            }
        }
        return "file loaded";
    }

    /** A valid folder with 0 to 2 changes, through {@link Mnist#load} and {@link Mnist#trainImages}, and maybe a command. */
    private String folder(DataMutations m, Path dir, Path pipe, String command) throws Exception {
        Random rnd = m.random();
        int nTrain = 2 + rnd.nextInt(11), nTest = 1 + rnd.nextInt(6), r = 1 + rnd.nextInt(5), c = 1 + rnd.nextInt(5);
        m.log.add("folder of " + nTrain + " + " + nTest + " images of " + r + " x " + c);
        for (String base : BASES) {
            boolean images = base.contains("images");
            writeFile(m, dir, base, images ? m.images(base.startsWith("train") ? nTrain : nTest, r, c) : m.labels(base.startsWith("train") ? nTrain : nTest));
        }
        boolean smallSizes = true;
        for (int k = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(2); k > 0; k--) smallSizes &= change(m, dir, pipe);
        String outcome = check(dir, ReferenceIdx.folder(dir, false), () -> Mnist.load(dir), "load");
        check(dir, ReferenceIdx.folder(dir, true), () -> Mnist.trainImages(dir), "trainImages");
        // Commands only where every declared size stays small: a heap check is not what they test.
        if (command != null && smallSizes) outcome += ", " + command + " " + command(command, dir);
        return "folder " + outcome;
    }

    /** Writes {@code content} as {@code base}, raw or gzip at random. */
    private static void writeFile(DataMutations m, Path dir, String base, byte[] content) throws IOException {
        if (!m.random().nextBoolean()) {
            Files.write(dir.resolve(base), content);
            return;
        }
        Files.write(dir.resolve(base + ".gz"), m.gzip(content));
        m.log.set(m.log.size() - 1, base + ".gz " + m.log.get(m.log.size() - 1));
    }

    /** Changes the folder in one random way; returns whether every declared size stays as small as it was. */
    private static boolean change(DataMutations m, Path dir, Path pipe) throws Exception {
        Random rnd = m.random();
        String base = BASES[rnd.nextInt(BASES.length)];
        Path present = present(dir, base), regular = present != null && Files.isRegularFile(present) ? present : null;
        switch (rnd.nextInt(14)) {
            case 0 -> {
                m.log.add(base + " deleted");
                clear(dir, base);
            }
            case 1 -> {
                m.log.add(base + " a directory");
                clear(dir, base);
                Files.createDirectory(dir.resolve(base));
            }
            case 2 -> {
                if (pipe == null) return true;
                clear(dir, base);
                if (rnd.nextInt(4) == 0) {
                    m.log.add(base + " a named pipe");
                    IdxFiles.fifo(dir.resolve(base));
                } else {
                    m.log.add(base + " a link to a named pipe");
                    Files.createSymbolicLink(dir.resolve(base), pipe);
                }
            }
            case 3 -> {
                m.log.add(base + " a symbolic link loop");
                clear(dir, base);
                Files.createSymbolicLink(dir.resolve(base), dir.resolve("loop"));
                if (!Files.exists(dir.resolve("loop"), LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(dir.resolve("loop"), dir.resolve(base));
            }
            case 4 -> {
                m.log.add(base + " a dangling symbolic link");
                clear(dir, base);
                Files.createSymbolicLink(dir.resolve(base + (rnd.nextBoolean() ? ".gz" : "")), dir.resolve("gone"));
            }
            case 5 -> {
                String other = BASES[rnd.nextInt(BASES.length)];
                Path target = present(dir, other);
                if (target == null || other.equals(base)) return true;
                m.log.add(base + " a link to " + target.getFileName());
                clear(dir, base);
                Files.createSymbolicLink(dir.resolve(base + (rnd.nextBoolean() ? ".gz" : "")), target);
            }
            case 6 -> {
                Path other = present(dir, BASES[rnd.nextInt(BASES.length)]);
                if (regular == null || other == null || !Files.isRegularFile(other) || other.equals(regular)) return true;
                m.log.add(regular.getFileName() + " and " + other.getFileName() + " swapped");
                byte[] a = Files.readAllBytes(regular), b = Files.readAllBytes(other);
                Files.write(regular, b);
                Files.write(other, a);
            }
            case 7 -> {
                if (regular == null) return true;
                m.log.add(regular.getFileName() + " emptied");
                Files.write(regular, new byte[0]);
            }
            case 8 -> {
                if (present == null) return true;
                // The raw name is read when both are present: a broken .gz beside it is never read.
                boolean raw = present.getFileName().toString().endsWith(".gz");
                m.log.add(base + (raw ? " raw" : ".gz") + " beside " + present.getFileName());
                byte[] content = base.contains("images") ? m.images(1 + rnd.nextInt(3), 2, 2) : m.labels(1 + rnd.nextInt(3));
                byte[] bytes = raw ? content : m.gzip(content);
                if (rnd.nextBoolean()) bytes = m.changeTail(bytes);
                Files.write(dir.resolve(raw ? base : base + ".gz"), bytes);
            }
            case 9 -> {
                if (regular == null) return true;
                m.log.add("in " + regular.getFileName());
                Files.write(regular, m.changeFile(Files.readAllBytes(regular)));
                return false;
            }
            case 10 -> {
                if (regular == null) return true;
                m.log.add("in " + regular.getFileName());
                Files.write(regular, m.changeTail(Files.readAllBytes(regular)));
            }
            case 11 -> {
                String images = base.startsWith("train") ? BASES[0] : BASES[2];
                int n = rnd.nextInt(4), r = rnd.nextInt(4), c = rnd.nextInt(4);
                m.log.add(images + " rewritten with " + n + " images of " + r + " x " + c);
                clear(dir, images);
                writeFile(m, dir, images, m.images(n, r, c));
            }
            case 12 -> {
                String labels = base.startsWith("train") ? BASES[1] : BASES[3];
                int n = rnd.nextInt(14);
                byte[] content = m.labels(n);
                if (n > 0 && content[2] == 0x08 && rnd.nextBoolean()) { // a label out of range: 10 or more, or -1 as a signed byte
                    boolean negative = rnd.nextBoolean();
                    content[content.length - 1] = (byte) (negative ? -1 : 10 + rnd.nextInt(240));
                    if (negative) content[2] = 0x09;
                }
                m.log.add(labels + " rewritten with " + n + " labels");
                clear(dir, labels);
                writeFile(m, dir, labels, content);
            }
            default -> {
                String images = base.startsWith("train") ? BASES[0] : BASES[2];
                boolean flat = rnd.nextBoolean();
                m.log.add(images + (flat ? " of rank 2" : " of floats"));
                clear(dir, images);
                writeFile(m, dir, images, flat ? IdxFiles.idx(0x08, new int[] {3, 4}, m.random(12)) : IdxFiles.idx(0x0D, new int[] {3, 2, 2}, new byte[48]));
            }
        }
        return true;
    }

    /** The first of base and base.gz that is present as a directory entry, or null. */
    private static Path present(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz"}) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) return dir.resolve(name);
        }
        return null;
    }

    /** Removes both spellings of base, whatever they are. */
    private static void clear(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz"}) Files.deleteIfExists(dir.resolve(name));
    }

    /**
     * Checks one load of a folder against the reference: refused with a documented exception
     * that names a file of the folder and a problem the reference found too, or loaded with the
     * reference's content.
     */
    private static String check(Path dir, Folder expected, Load load, String what) throws IOException {
        Object loaded;
        try {
            loaded = load.run();
        } catch (IdxFormatException | NoSuchFileException | NotRegularFileException | HeapTooSmallException e) {
            Problem problem = e instanceof IdxFormatException ? Problem.FORMAT : e instanceof NoSuchFileException ? Problem.MISSING
                    : e instanceof NotRegularFileException ? Problem.NOT_REGULAR : null;
            assertThat(expected.problems()).as("%s refused a folder the reference accepts: %s", what, e.getMessage()).isNotEmpty();
            if (problem != null) {
                assertThat(expected.problems()).as("%s says %s; the reference finds %s", what, e.getMessage(), expected.problems()).contains(problem);
            }
            assertThat(e.getMessage()).as("the message names the file").contains(dir.toString()).containsAnyOf(BASES);
            return "refused (" + (problem == null ? "heap" : problem) + ")";
        }
        assertThat(expected.problems()).as("%s accepted a folder the reference refuses", what).isEmpty();
        if (loaded instanceof Mnist mnist) {
            same(mnist.train(), expected.train(), "train");
            same(mnist.test(), expected.test(), "test");
        } else {
            RowSource rows = (RowSource) loaded;
            ReferenceIdx.Split train = expected.train();
            assertThat(rows.rows()).isEqualTo(train.images().length);
            assertThat(rows.columns()).isEqualTo(train.images()[0].length);
            FloatMatrix all = new FloatMatrix((int) rows.rows(), rows.columns());
            rows.read(0, all);
            for (int i = 0; i < all.rows(); i++) {
                for (int j = 0; j < all.cols(); j++) assertThat(all.get(i, j)).as("trainImages row %d pixel %d", i, j).isEqualTo(train.images()[i][j]);
            }
        }
        return "loaded";
    }

    private static void same(Dataset d, ReferenceIdx.Split expected, String which) {
        assertThat(d.labels()).as(which + " labels").containsExactly(expected.labels());
        assertThat(d.classes()).isEqualTo(Mnist.CLASSES);
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.features()).isEqualTo(expected.images()[i].length);
            for (int j = 0; j < d.features(); j++) {
                assertThat(d.inputs().get(i, j)).as("%s image %d pixel %d", which, i, j).isEqualTo(expected.images()[i][j]);
            }
        }
    }

    /**
     * Runs a tiny {@code vnlab depth} or {@code vnlab train} on the folder: on data the reference
     * refuses it must fail as a user mistake (exit code 2, one line naming --data); on valid data
     * it runs, or says in one line that the data have too few images.
     */
    private static String command(String command, Path dir) {
        Path out = dir.resolve("out");
        String[] args = command.equals("depth")
                ? new String[] {"depth", "--out", out.toString(), "--data", dir.toString(), "--inputs", "2", "--widths", "3", "--depths", "1",
                        "--nets", "1", "--jacobian-inputs", "0", "--probes", "0", "--quiet"}
                : new String[] {"train", "--out", out.toString(), "--data", dir.toString(), "--train-images", "2", "--test-images", "1",
                        "--probe-images", "2", "--depth", "1", "--width", "3", "--learning-rates", "0.1", "--runs", "1", "--epochs", "1",
                        "--batch", "2", "--quiet"};
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of());
        String err = stderr.toString(StandardCharsets.UTF_8);
        boolean valid = ReferenceIdx.folder(dir, command.equals("depth")).problems().isEmpty();
        if (valid && exit == 0) return "ran";
        assertThat(exit).as("exit code of %s (stderr: %s)", command, err).isEqualTo(2);
        assertThat(err).as("stderr of %s", command).hasLineCount(1).startsWith("vnlab " + command + ": ");
        if (valid) assertThat(err).contains("exceeds the");
        else assertThat(err).startsWith("vnlab " + command + ": --data " + dir + ": ");
        return "refused";
    }
}
