package dev.vnlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict decoder of IDX files and MNIST-style folders, written for the fuzz test's oracle from
 * the format descriptions alone (the IDX layout, RFC 1952 for gzip, the rules {@link Mnist}
 * documents) and sharing no code with the library: it reads whole files into memory (the fuzz
 * files are small), requires a raw file to be exactly as long as its header says, and requires a
 * gzip file to be nothing but valid members, each checked by its CRC-32 and length.
 */
final class ReferenceIdx {
    private ReferenceIdx() {}

    /** What is wrong, in the categories the library's exceptions fall into. */
    enum Problem { MISSING, NOT_REGULAR, FORMAT }

    /** Why content is refused. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final Problem problem;

        Rejected(Problem problem, String why) {
            super(why, null, false, false);
            this.problem = problem;
        }
    }

    /** A decoded IDX file: its element type code, dimensions and elements. */
    record Decoded(int type, int[] dims, double[] values) {}

    /** A decoded data set split: one row of pixels / 255 per image, and the labels. */
    record Split(float[][] images, int[] labels) {}

    /** What a folder holds: the problems found (all of them, not only the first) or, with none, its splits. */
    record Folder(Set<Problem> problems, Split train, Split test) {}

    private static final int MAX_OUTPUT = 1 << 28;

    /** The IDX content of a file's bytes, raw or gzip. */
    static Decoded decode(byte[] file) throws Rejected {
        boolean gzip = file.length >= 2 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b;
        return parse(gzip ? gunzip(file) : file);
    }

    /** The uncompressed bytes of a file that must be one or more gzip members and nothing else. */
    static byte[] gunzip(byte[] f) throws Rejected {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int p = 0;
        do {
            p = member(f, p, all);
        } while (p < f.length);
        return all.toByteArray();
    }

    /** Decodes the member starting at byte {@code p} into {@code out}; returns where the next one starts. */
    private static int member(byte[] f, int p, ByteArrayOutputStream out) throws Rejected {
        if (f.length - p < 10) throw format("member at " + p + " has a header of " + (f.length - p) + " bytes");
        if ((f[p] & 0xff) != 0x1f || (f[p + 1] & 0xff) != 0x8b) throw format("bytes at " + p + " are not a gzip member");
        if (f[p + 2] != 8) throw format("compression method " + f[p + 2]);
        int flags = f[p + 3] & 0xff;
        if ((flags & 0xe0) != 0) throw format("reserved flags");
        int q = p + 10;
        if ((flags & 4) != 0) {
            if (f.length - q < 2) throw format("extra field length cut");
            q += 2 + ((f[q] & 0xff) | (f[q + 1] & 0xff) << 8);
            if (q > f.length) throw format("extra field cut");
        }
        for (int field : new int[] {8, 16}) { // file name, comment: zero-terminated
            if ((flags & field) == 0) continue;
            while (q < f.length && f[q] != 0) q++;
            if (q == f.length) throw format("unterminated header string");
            q++;
        }
        if ((flags & 2) != 0) {
            if (f.length - q < 2) throw format("header CRC cut");
            CRC32 crc = new CRC32();
            crc.update(f, p, q - p);
            if ((crc.getValue() & 0xffff) != ((f[q] & 0xff) | (f[q + 1] & 0xff) << 8)) throw format("header CRC");
            q += 2;
        }
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int end;
        try {
            inflater.setInput(f, q, f.length - q);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw format("deflate data cut");
                data.write(chunk, 0, n);
                if (data.size() > MAX_OUTPUT) throw new IllegalStateException("a fuzz file inflates past " + MAX_OUTPUT + " bytes");
            }
            end = f.length - inflater.getRemaining();
        } catch (DataFormatException e) {
            throw format("deflate: " + e.getMessage());
        } finally {
            inflater.end();
        }
        if (f.length - end < 8) throw format("trailer cut");
        byte[] bytes = data.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ByteBuffer trailer = ByteBuffer.wrap(f, end, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if ((trailer.getInt() & 0xffffffffL) != crc.getValue()) throw format("CRC-32");
        if (trailer.getInt() != bytes.length) throw format("ISIZE");
        out.writeBytes(bytes);
        return end + 8;
    }

    /** An IDX array from its exact bytes: magic, type, rank 1 to 8, dimensions, and exactly the elements they declare. */
    static Decoded parse(byte[] b) throws Rejected {
        if (b.length < 4 || b[0] != 0 || b[1] != 0) throw format("magic");
        int type = b[2] & 0xff, rank = b[3] & 0xff;
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw format("type " + type);
        };
        if (rank < 1 || rank > 8) throw format("rank " + rank);
        if (b.length < 4 + 4 * rank) throw format("dimensions cut");
        ByteBuffer in = ByteBuffer.wrap(b);
        in.position(4);
        int[] dims = new int[rank];
        java.math.BigInteger count = java.math.BigInteger.ONE;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.getInt();
            if (dims[i] < 0) throw format("negative dimension");
            count = count.multiply(java.math.BigInteger.valueOf(dims[i]));
        }
        if (!count.multiply(java.math.BigInteger.valueOf(width)).equals(java.math.BigInteger.valueOf(in.remaining()))) {
            throw format(count + " elements of " + width + " bytes in " + in.remaining());
        }
        double[] values = new double[count.intValueExact()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case 0x08 -> in.get() & 0xff;
                case 0x09 -> in.get();
                case 0x0B -> in.getShort();
                case 0x0C -> in.getInt();
                case 0x0D -> in.getFloat();
                default -> in.getDouble();
            };
        }
        return new Decoded(type, dims, values);
    }

    /**
     * The folder by the rules of {@link Mnist#load} ({@code trainOnly}: of {@link Mnist#trainImages},
     * which reads only the training images, and gives their split with no labels).
     */
    static Folder folder(Path dir, boolean trainOnly) {
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        Decoded trainImages = file(dir, "train-images-idx3-ubyte", problems);
        if (trainOnly) {
            images(trainImages, problems);
            return problems.isEmpty() ? new Folder(problems, split(trainImages, null), null) : new Folder(problems, null, null);
        }
        Decoded trainLabels = file(dir, "train-labels-idx1-ubyte", problems);
        Decoded testImages = file(dir, "t10k-images-idx3-ubyte", problems);
        Decoded testLabels = file(dir, "t10k-labels-idx1-ubyte", problems);
        boolean trainOk = images(trainImages, problems), testOk = images(testImages, problems);
        labels(trainLabels, trainOk ? trainImages : null, problems);
        labels(testLabels, testOk ? testImages : null, problems);
        if (trainOk && testOk && (trainImages.dims[1] != testImages.dims[1] || trainImages.dims[2] != testImages.dims[2])) {
            problems.add(Problem.FORMAT);
        }
        if (!problems.isEmpty()) return new Folder(problems, null, null);
        return new Folder(problems, split(trainImages, trainLabels), split(testImages, testLabels));
    }

    /** The decoded file of {@code base} (raw, else .gz: the first name present is the one used), or null with its problem added. */
    private static Decoded file(Path dir, String base, Set<Problem> problems) {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
            if (!Files.isRegularFile(p)) {
                problems.add(Problem.NOT_REGULAR);
                return null;
            }
            try {
                return decode(Files.readAllBytes(p));
            } catch (Rejected e) {
                problems.add(e.problem);
                return null;
            } catch (IOException e) {
                throw new IllegalStateException("the fuzz test cannot read its own file " + p, e);
            }
        }
        problems.add(Problem.MISSING);
        return null;
    }

    /** Whether {@code d} is a usable images file: rank-3 unsigned bytes, at least one image of at least one pixel. */
    private static boolean images(Decoded d, Set<Problem> problems) {
        if (d == null) return false;
        boolean ok = d.type == 0x08 && d.dims.length == 3 && d.dims[0] > 0 && d.dims[1] > 0 && d.dims[2] > 0;
        if (!ok) problems.add(Problem.FORMAT);
        return ok;
    }

    /** Checks labels: rank-1 integers in [0, 10), one per image (when the images are known). */
    private static void labels(Decoded d, Decoded images, Set<Problem> problems) {
        if (d == null) return;
        boolean ok = d.dims.length == 1 && d.type != 0x0D && d.type != 0x0E;
        for (double v : d.values) ok &= v >= 0 && v < Mnist.CLASSES;
        if (images != null) ok &= d.dims[0] == images.dims[0];
        if (!ok) problems.add(Problem.FORMAT);
    }

    private static Split split(Decoded images, Decoded labels) {
        int n = images.dims[0], width = images.dims[1] * images.dims[2];
        float[][] rows = new float[n][width];
        for (int i = 0; i < n; i++) for (int j = 0; j < width; j++) rows[i][j] = (int) images.values[i * width + j] / 255f;
        int[] y = null;
        if (labels != null) {
            y = new int[n];
            for (int i = 0; i < n; i++) y[i] = (int) labels.values[i];
        }
        return new Split(rows, y);
    }

    private static Rejected format(String why) {
        return new Rejected(Problem.FORMAT, why);
    }
}
