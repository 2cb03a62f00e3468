package dev.vnlab.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.data.Npy;
import dev.vnlab.testing.ByteChanges;
import dev.vnlab.testing.FuzzCases;
import dev.vnlab.testing.NpyFiles;
import dev.vnlab.testing.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of {@link Npz#read}: thousands of .npz archives, valid ones built at random
 * (stored and deflated entries; .npy versions 1.0 to 3.0, every float type, keys in any order and
 * spelling, Fortran order, scalars and empty arrays; numpy's own fixtures now and then), most of
 * them then broken at random: their .npy contents before zipping (headers, sizes, data, a zip
 * bomb's excess) or the archive's bytes after (local headers, the central directory, the end
 * record, declared sizes and CRCs, truncation). Every case must either fail with a
 * {@link WeightFileException} whose message starts with the archive's path, or read exactly what
 * the independent {@link ReferenceNpz} decodes: no corrupt archive accepted, no valid one
 * refused, no other exception, no hang. One case in ten does the same for a bare .npy through
 * {@link Npy#read(Path)}.
 *
 * <p>{@link FuzzCases} runs the cases: {@code -Dvnlab.fuzz.seed=S} repeats a run,
 * {@code -Dvnlab.fuzz.case=I} runs only its case I, {@code -Dvnlab.fuzz.cases=N} sets how many
 * cases a run has.
 */
class NpzFuzzTest {
    private static final long DEFAULT_SEED = 20_251_207L;
    private static final int DEFAULT_CASES = 3000;
    private static final String[] FIXTURES = {"savez.npz", "savez_compressed.npz", "variants.npz", "object.npz"};

    @TempDir Path tmp;

    @Test
    void brokenArchivesAreRefusedByNameAndValidOnesReadAsTheReferenceDecodes() throws Exception {
        FuzzCases.run("npz", DEFAULT_SEED, DEFAULT_CASES, (index, rnd, log) -> run(index, new Mutations(rnd, log)));
    }

    /** Case {@code index}: an archive, or a bare .npy one case in ten; returns its outcome. */
    private String run(int index, Mutations m) throws IOException {
        Path f = tmp.resolve("case-" + index + (index % 10 == 9 ? ".npy" : ".npz"));
        String outcome = index % 10 == 9 ? npy(m, f) : npz(m, f);
        Files.delete(f); // a failed case's file stays until the end, for a look
        return outcome;
    }

    /** An archive, built here or numpy's, changed before zipping, after, both or not at all, through {@link Npz#read}. */
    private static String npz(Mutations m, Path f) throws IOException {
        Random rnd = m.random();
        byte[] zip;
        if (rnd.nextInt(8) == 0) {
            String name = FIXTURES[rnd.nextInt(FIXTURES.length)];
            m.log.add("numpy's " + name);
            try (InputStream in = NpzFuzzTest.class.getResourceAsStream("/weights/npz/" + name)) {
                zip = in.readAllBytes();
            }
            if (name.startsWith("object")) m.changes++;
        } else {
            zip = m.archive();
        }
        for (int k = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(2); k > 0; k--) zip = m.changeZip(zip);
        Files.write(f, zip);
        Verdict<List<Tensor>> reference = Verdict.of(ReferenceNpz.Rejected.class, () -> ReferenceNpz.decode(f));
        List<Tensor> expected = reference.decoded();
        if (m.changes == 0) assertThat(expected).as("the reference refuses an unchanged archive (%s)", reference.why()).isNotNull();
        List<Tensor> read;
        try {
            read = Npz.read(f);
        } catch (IOException e) {
            assertThat(e).as("the exception's type").isInstanceOf(WeightFileException.class);
            assertThat(e.getMessage()).as("the message names the archive").startsWith(f + ": ");
            assertThat(expected).as("read refused an archive the reference decodes: %s", e.getMessage()).isNull();
            return "archive refused";
        }
        assertThat(expected).as("read accepted an archive the reference refuses (%s)", reference.why()).isNotNull();
        assertThat(read).extracting(Tensor::name).containsExactlyElementsOf(expected.stream().map(Tensor::name).toList());
        for (int t = 0; t < read.size(); t++) {
            Tensor a = read.get(t), b = expected.get(t);
            assertThat(a.shape()).as("shape of %s", a.name()).containsExactly(b.shape());
            for (int i = 0; i < a.values().length; i++) {
                if (Float.floatToIntBits(a.values()[i]) != Float.floatToIntBits(b.values()[i])) { // NaN payloads aside
                    throw new AssertionError(a.name() + " element " + i + " is " + a.values()[i] + "; the reference decodes " + b.values()[i]);
                }
            }
        }
        return m.changes == 0 ? "valid archive read" : "changed archive read";
    }

    /** A bare .npy, changed or not, through {@link Npy#read(Path)}. */
    private static String npy(Mutations m, Path f) throws IOException {
        Random rnd = m.random();
        Mutations.Parts p = m.npy();
        byte[] content = rnd.nextInt(4) == 0 ? p.bytes() : m.changeNpy(p);
        byte[] b = rnd.nextInt(4) == 0 ? m.changeBytes(content) : content;
        Files.write(f, b);
        Verdict<ReferenceNpz.Decoded> reference = Verdict.of(ReferenceNpz.Rejected.class, () -> ReferenceNpz.npy(b));
        ReferenceNpz.Decoded expected = reference.decoded();
        if (m.changes == 0) assertThat(expected).as("the reference refuses an unchanged .npy (%s)", reference.why()).isNotNull();
        Npy.Array a;
        try {
            a = Npy.read(f);
        } catch (IOException e) {
            assertThat(e.getMessage()).as("the message names the file").startsWith(f + ": ");
            assertThat(expected).as("read refused an .npy the reference decodes: %s", e.getMessage()).isNull();
            return "npy refused";
        }
        assertThat(expected).as("read accepted an .npy the reference refuses (%s)", reference.why()).isNotNull();
        assertThat(a.shape()).containsExactly(expected.shape());
        assertThat(a.values()).hasSameSizeAs(expected.values());
        for (int i = 0; i < a.values().length; i++) {
            if (Double.doubleToLongBits(a.values()[i]) != Double.doubleToLongBits(expected.values()[i])) {
                throw new AssertionError("element " + i + " is " + a.values()[i] + "; the reference decodes " + expected.values()[i]);
            }
        }
        return "npy read";
    }

    /**
     * Random valid .npy contents and .npz archives, and random ways to break them: each step is
     * noted in {@link #log}, so that a failing case says what was done to its file, and
     * {@link #changes} counts the steps that may have broken it.
     */
    static final class Mutations {
        private static final String[] DESCRS = {"<f4", "<f4", "<f4", "<f8", "<f2", ">f4", ">f8", ">f2", "|f4", "|f8"};
        private static final String[] NAMES = {"0.weight", "0.bias", "layers.2.bias", "w", "a/b", "λ", "fc.weight", "x"};
        private static final String[] BAD_DESCRS = {"'<i4'", "'|O'", "'O'", "'<c8'", "'=f4'", "'f4'", "'<f16'", "'|u1'", "[('a', '<f4')]", "'>f4'",
            "'<f2'", "None", "'<f4' '<f4'", "'<F4'", "''"};
        private static final String[] BAD_SHAPES = {"(3)", "[2]", "()", "(2147483647, 2)", "(-1,)", "(1.5,)", "(True,)", "('a',)", "(2,,)", "(,)",
            "(" + "1, ".repeat(65) + ")", "((((2,),),),)", "(0, 2147483647)", "(65536, 32768)", "(2147483648,)", "(99999999999999999999,)", "(-0,)"};
        private static final Pattern DESCR = Pattern.compile("(['\"])[<>|]f[248]\\1"), SHAPE = Pattern.compile("(shape['\"][ ,\\n]*:[ ]*)(\\([^)]*\\))"),
                FORTRAN = Pattern.compile("(fortran_order['\"][ ,\\n]*:[ ]*)(True|False)"), NUMBER = Pattern.compile("[0-9]+");

        private final Random rnd;
        /** What was generated and changed, in order. */
        final List<String> log;
        /** How many changes were made that may make the file invalid. */
        int changes;

        Mutations(Random rnd, List<String> log) {
            this.rnd = rnd;
            this.log = log;
        }

        Random random() {
            return rnd;
        }

        /** An .npy's parts: its version, its header text as it is, its data. */
        record Parts(int version, String header, byte[] data) {
            byte[] bytes() {
                return NpyFiles.npy(version, header, data);
            }
        }

        /** A valid .npy: a random float type, shape, key order, spelling and padding; random bits or small exact numbers. */
        Parts npy() {
            String descr = DESCRS[rnd.nextInt(DESCRS.length)];
            int width = descr.charAt(2) - '0';
            int[] shape;
            if (rnd.nextInt(60) == 0) { // crosses the reader's 64 KiB chunks
                shape = new int[] {100 + rnd.nextInt(200), 50 + rnd.nextInt(100)};
            } else {
                shape = new int[rnd.nextInt(4)];
                for (int k = 0; k < shape.length; k++) shape[k] = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(5);
            }
            int n = 1;
            for (int d : shape) n *= d;
            boolean fortran = rnd.nextInt(4) == 0;
            String q = rnd.nextInt(5) == 0 ? "\"" : "'", colon = rnd.nextBoolean() ? ": " : ":", sep = rnd.nextInt(4) == 0 ? " ,\n\t" : ", ";
            StringBuilder dims = new StringBuilder("(");
            for (int k = 0; k < shape.length; k++) dims.append(k > 0 ? sep : "").append(shape[k]);
            dims.append(shape.length == 1 || shape.length > 1 && rnd.nextInt(4) == 0 ? ",)" : ")");
            List<String> items = new ArrayList<>(List.of(q + "descr" + q + colon + q + descr + q, q + "fortran_order" + q + colon + (fortran ? "True" : "False"),
                    q + "shape" + q + colon + dims));
            if (rnd.nextInt(3) == 0) Collections.shuffle(items, rnd);
            String dict = "{" + String.join(sep, items) + (rnd.nextBoolean() ? ", }" : "}");
            int version = rnd.nextInt(6) == 0 ? 2 + rnd.nextInt(2) : 1, prefix = version == 1 ? 10 : 12;
            String header = rnd.nextInt(4) == 0 ? dict : dict + " ".repeat((64 - (prefix + dict.length() + 1) % 64) % 64) + "\n";
            ByteBuffer data = ByteBuffer.allocate(n * width).order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            boolean bits = rnd.nextInt(3) == 0;
            for (int i = 0; i < n; i++) {
                double v = (rnd.nextInt(33) - 16) / 4.0;
                switch (width) {
                    case 2 -> data.putShort(bits ? (short) rnd.nextInt() : Float.floatToFloat16((float) v));
                    case 4 -> data.putFloat(bits ? Float.intBitsToFloat(rnd.nextInt()) : (float) v);
                    default -> data.putDouble(bits ? Double.longBitsToDouble(rnd.nextLong()) : v);
                }
            }
            log.add("npy " + version + ".0 " + dict.replace("\n", "\\n").replace("\t", "\\t") + (bits ? " of random bits" : ""));
            return new Parts(version, header, data.array());
        }

        /** An .npy changed: its header's values, keys or characters, its data's length, or its magic, version or header length. */
        byte[] changeNpy(Parts p) {
            changes++;
            String h = p.header;
            byte[] data = p.data;
            switch (rnd.nextInt(12)) {
                case 0 -> {
                    String d = BAD_DESCRS[rnd.nextInt(BAD_DESCRS.length)];
                    log.add("descr -> " + d);
                    h = DESCR.matcher(h).replaceFirst(Matcher.quoteReplacement(d));
                }
                case 1 -> {
                    Matcher m = SHAPE.matcher(h);
                    if (!m.find()) return p.bytes();
                    String s = m.group(2);
                    List<int[]> numbers = new ArrayList<>();
                    for (Matcher d = NUMBER.matcher(s); d.find(); ) numbers.add(new int[] {d.start(), d.end()});
                    if (rnd.nextBoolean() && !numbers.isEmpty()) {
                        int[] at = numbers.get(rnd.nextInt(numbers.size()));
                        long old = Long.parseLong(s.substring(at[0], at[1]));
                        long[] choices = {old + 1, old - 1, 0, 2 * old + 1, Integer.MAX_VALUE, 1L << 31, 1L << 40};
                        long v = choices[rnd.nextInt(choices.length)];
                        s = s.substring(0, at[0]) + v + s.substring(at[1]);
                    } else {
                        s = BAD_SHAPES[rnd.nextInt(BAD_SHAPES.length)];
                    }
                    log.add("shape -> " + s);
                    h = h.substring(0, m.start(2)) + s + h.substring(m.end(2));
                }
                case 2 -> {
                    String[] choices = {"True", "False", "1", "0", "None", "'False'", "()"};
                    String v = choices[rnd.nextInt(choices.length)];
                    log.add("fortran_order -> " + v);
                    h = FORTRAN.matcher(h).replaceFirst("$1" + Matcher.quoteReplacement(v));
                }
                case 3 -> {
                    String[] keys = {"descr", "fortran_order", "shape"}, changed = {"descrx", "Fortran_order", "shape "};
                    int k = rnd.nextInt(3);
                    String[] inserts = {"'extra': 0, ", "'" + keys[k] + "': 0, ", "'" + keys[k] + "': (2,), ", "'descr': '<f4', "};
                    if (rnd.nextBoolean()) {
                        log.add("key " + keys[k] + " -> " + changed[k]);
                        h = h.replaceFirst(keys[k], changed[k]);
                    } else {
                        String s = inserts[rnd.nextInt(inserts.length)];
                        log.add("inserted " + s);
                        h = h.replaceFirst("\\{", "{" + Matcher.quoteReplacement(s));
                    }
                }
                case 4, 5 -> {
                    if (h.isEmpty()) return p.bytes();
                    int at = rnd.nextInt(h.length());
                    String alphabet = "{}()[],:'\" -0123456789TFNxe.\\\n\t";
                    char c = rnd.nextBoolean() ? alphabet.charAt(rnd.nextInt(alphabet.length())) : (char) rnd.nextInt(256);
                    switch (rnd.nextInt(3)) {
                        case 0 -> h = h.substring(0, at) + c + h.substring(at + 1);
                        case 1 -> h = h.substring(0, at) + c + h.substring(at);
                        default -> h = h.substring(0, at) + h.substring(at + 1);
                    }
                    log.add("header character " + at + " changed (" + (int) c + ")");
                }
                case 6 -> {
                    int k = 1 + rnd.nextInt(8);
                    boolean longer = rnd.nextBoolean();
                    log.add("data " + k + " bytes " + (longer ? "longer" : "shorter"));
                    data = longer ? Arrays.copyOf(data, data.length + k) : Arrays.copyOf(data, Math.max(0, data.length - k));
                }
                case 7 -> {
                    int k = 50_000 + rnd.nextInt(450_000);
                    log.add(k + " zero bytes after the data");
                    data = Arrays.copyOf(data, data.length + k);
                }
                case 8 -> {
                    byte[] b = p.bytes();
                    int at = rnd.nextInt(6);
                    b[at] = (byte) rnd.nextInt(256);
                    log.add("magic byte " + at + " -> " + (b[at] & 0xff));
                    return b;
                }
                case 9 -> {
                    byte[] b = p.bytes();
                    int at = 6 + rnd.nextInt(2), v = new int[] {0, 1, 2, 3, 4, 255}[rnd.nextInt(6)];
                    b[at] = (byte) v;
                    log.add("version byte " + at + " -> " + v);
                    return b;
                }
                case 10 -> {
                    byte[] b = p.bytes();
                    ByteBuffer l = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    long old = p.version == 1 ? l.getShort(8) & 0xffff : l.getInt(8) & 0xffffffffL;
                    long[] choices = {old + 1, old - 1, old + 16, old - 16, 0, 0xffff, 0x10000, 0xffffffffL, rnd.nextInt(1 << 16)};
                    long v = choices[rnd.nextInt(choices.length)];
                    if (p.version == 1) l.putShort(8, (short) v);
                    else l.putInt(8, (int) v);
                    log.add("header length " + old + " -> " + (p.version == 1 ? v & 0xffff : v & 0xffffffffL));
                    return b;
                }
                default -> {
                    String[] dicts = {"{}", "{'descr': '<f4', 'fortran_order': False}", "{'descr': '<f4', 'fortran_order': False, 'shape': ((), }",
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + "(".repeat(40) + ")".repeat(40) + ",), }"};
                    h = dicts[rnd.nextInt(dicts.length)];
                    log.add("header -> " + h);
                }
            }
            return new Parts(p.version, h, data).bytes();
        }

        /** Any file's bytes changed: a bit or byte, its length, bytes inserted or deleted. */
        byte[] changeBytes(byte[] f) {
            changes++;
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    if (f.length == 0) return new byte[1];
                    int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(f.length, 64)) : rnd.nextInt(f.length), bit = rnd.nextInt(8); // often a header
                    byte[] b = f.clone();
                    b[at] ^= (byte) (1 << bit);
                    log.add("bit " + bit + " of byte " + at + " flipped");
                    return b;
                }
                case 1 -> { return ByteChanges.bitsFlipped(rnd, f, log); }
                case 2 -> { return ByteChanges.truncated(rnd, f, log); }
                case 3 -> {
                    byte[] tail = new byte[1 + rnd.nextInt(40)];
                    if (rnd.nextBoolean()) rnd.nextBytes(tail);
                    log.add(tail.length + " bytes appended");
                    return concat(f, tail);
                }
                case 4 -> {
                    int at = rnd.nextInt(f.length + 1);
                    log.add("a byte inserted at " + at);
                    return concat(Arrays.copyOf(f, at), new byte[] {(byte) rnd.nextInt(256)}, Arrays.copyOfRange(f, at, f.length));
                }
                default -> {
                    if (f.length == 0) return f;
                    int at = rnd.nextInt(f.length);
                    log.add("byte " + at + " deleted");
                    return concat(Arrays.copyOf(f, at), Arrays.copyOfRange(f, at + 1, f.length));
                }
            }
        }

        /** A valid archive of 0 to 4 arrays, stored or deflated; now and then one array changed, or an entry that does not belong. */
        byte[] archive() throws IOException {
            int n = rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(4);
            List<String> names = new ArrayList<>(List.of(NAMES));
            Collections.shuffle(names, rnd);
            int method = rnd.nextInt(3); // all stored, all deflated, mixed
            log.add("archive of " + n + (method == 0 ? " stored" : method == 1 ? " deflated" : " mixed") + " arrays");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            String duplicate = null;
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (int i = 0; i < n; i++) {
                    Parts p = npy();
                    byte[] content = rnd.nextInt(5) == 0 ? changeNpy(p) : p.bytes();
                    put(zip, names.get(i) + ".npy", content, method == 0 || method == 2 && rnd.nextBoolean());
                }
                switch (rnd.nextInt(20)) {
                    case 0 -> put(zip, "sub/", new byte[0], rnd.nextBoolean());
                    case 1 -> put(zip, "notes.txt", "notes".getBytes(StandardCharsets.US_ASCII), rnd.nextBoolean());
                    case 2 -> {
                        duplicate = "dupB.npy";
                        put(zip, "dupA.npy", npy().bytes(), rnd.nextBoolean());
                        put(zip, duplicate, npy().bytes(), rnd.nextBoolean());
                    }
                    default -> { }
                }
            }
            byte[] z = bytes.toByteArray();
            if (duplicate == null) return z;
            changes++;
            log.add("dupB.npy renamed dupA.npy");
            return new String(z, StandardCharsets.ISO_8859_1).replace("dupB.npy", "dupA.npy").getBytes(StandardCharsets.ISO_8859_1);
        }

        private void put(ZipOutputStream zip, String name, byte[] content, boolean deflated) throws IOException {
            ZipEntry e = new ZipEntry(name);
            if (!name.endsWith(".npy")) {
                changes++;
                log.add("entry " + name);
            }
            if (deflated) {
                zip.setLevel(rnd.nextInt(10));
            } else {
                CRC32 crc = new CRC32();
                crc.update(content);
                e.setMethod(ZipEntry.STORED);
                e.setSize(content.length);
                e.setCompressedSize(content.length);
                e.setCrc(crc.getValue());
            }
            zip.putNextEntry(e);
            zip.write(content);
            zip.closeEntry();
        }

        /** An archive's bytes changed: anywhere, or a field of a local header, a central directory record or the end record. */
        byte[] changeZip(byte[] z) {
            int[] layout = layout(z);
            if (layout == null || rnd.nextInt(3) == 0) return changeBytes(z);
            changes++;
            byte[] b = z.clone();
            ByteBuffer l = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int entries = (layout.length - 1) / 2, k = entries == 0 ? -1 : rnd.nextInt(entries);
            int record;
            int[] fields, widths;
            String what;
            switch (k < 0 ? 2 : rnd.nextInt(3)) {
                case 0 -> { // flags, method, CRC, sizes, name and extra lengths, offset
                    record = layout[1 + 2 * k];
                    fields = new int[] {8, 10, 16, 20, 24, 28, 30, 42};
                    widths = new int[] {2, 2, 4, 4, 4, 2, 2, 4};
                    what = "central directory record " + k;
                }
                case 1 -> {
                    record = layout[2 + 2 * k];
                    fields = new int[] {0, 6, 8, 14, 18, 22, 26, 28};
                    widths = new int[] {4, 2, 2, 4, 4, 4, 2, 2};
                    what = "local header " + k;
                }
                default -> { // entry counts, directory size and offset, comment length
                    record = layout[0];
                    fields = new int[] {8, 10, 12, 16, 20};
                    widths = new int[] {2, 2, 4, 4, 2};
                    what = "end record";
                }
            }
            int f = rnd.nextInt(fields.length), at = record + fields[f];
            if (record < 0 || at + widths[f] > b.length) return changeBytes(z);
            long old = widths[f] == 2 ? l.getShort(at) & 0xffff : l.getInt(at) & 0xffffffffL, mask = widths[f] == 2 ? 0xffff : 0xffffffffL;
            long[] choices = {old + 1, old - 1, 0, mask, 2 * old, old / 2, rnd.nextLong(), old ^ 1L << rnd.nextInt(8 * widths[f]), 8, 1032 * old};
            long v = choices[rnd.nextInt(choices.length)] & mask;
            if (v == old) v = (old + 1) & mask;
            if (widths[f] == 2) l.putShort(at, (short) v);
            else l.putInt(at, (int) v);
            log.add(what + " field at " + fields[f] + ": " + old + " -> " + v);
            return b;
        }

        /** The end record's position, then each entry's central directory record and local header positions; null if the end record or directory is broken. */
        private static int[] layout(byte[] z) {
            ByteBuffer l = ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN);
            int end = z.length - 22;
            while (end >= 0 && l.getInt(end) != 0x06054b50) end--;
            if (end < 0) return null;
            int n = l.getShort(end + 10) & 0xffff;
            long at = l.getInt(end + 16) & 0xffffffffL;
            int[] layout = new int[1 + 2 * n];
            layout[0] = end;
            for (int k = 0; k < n; k++) {
                if (at + 46 > z.length || l.getInt((int) at) != 0x02014b50) return null;
                layout[1 + 2 * k] = (int) at;
                layout[2 + 2 * k] = l.getInt((int) at + 42);
                at += 46 + (l.getShort((int) at + 28) & 0xffff) + (l.getShort((int) at + 30) & 0xffff) + (l.getShort((int) at + 32) & 0xffff);
            }
            return layout;
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) out.writeBytes(p);
            return out.toByteArray();
        }
    }
}
