package dev.vnlab.weights;

import dev.vnlab.data.Npy;
import dev.vnlab.io.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npz} archives of named arrays, as {@code np.savez} and
 * {@code np.savez_compressed} write them: a zip archive (stored or deflated entries, ZIP64 as
 * {@link ZipFile} reads it) of one {@code NAME.npy} entry per array. Arrays are read in archive
 * order, each converted to float32 (float64 rounded to nearest, float16 exactly) and named by its
 * entry without {@code .npy}; {@link Npy} says which .npy contents are read.
 *
 * <p>An archive is refused, with a {@link WeightFileException} naming it and the entry, if it is
 * not a zip archive; if an entry is a directory, is not an {@code .npy}, repeats a name, declares
 * sizes it cannot hold, holds other bytes than it declares (more, fewer, or with another CRC-32);
 * or if an .npy inside is malformed or not a float array (object arrays are never unpickled). An
 * entry is never read beyond the size it declares, so a zip bomb costs no more than that size.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";
    /** Deflate produces at most 258 bytes per 2 bits of input: a larger declared size is false. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /**
     * A fixed modification time, so the same tensors give the same bytes: a zip date and time, not
     * 1980-01-01, which ZipEntry would also store as an instant in the machine's time zone.
     */
    private static final LocalDateTime TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private Npz() {}

    /**
     * The arrays of an .npz archive, in archive order.
     *
     * @throws WeightFileException naming the archive (and the entry) if it is not a valid archive of float arrays
     * @throws IOException if the file cannot be read
     */
    public static List<Tensor> read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) { // EOFException: an end record whose comment runs past the end
            throw new WeightFileException(file, "not a valid zip archive (" + e.getMessage() + "); expected an .npz archive as np.savez writes");
        }
        try (zip) {
            long fileSize = Files.size(file);
            List<Tensor> tensors = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                String entry = e.getName();
                if (e.isDirectory()) throw new WeightFileException(file, "entry " + entry + " is a directory; expected only NAME.npy arrays");
                if (!entry.endsWith(SUFFIX)) throw new WeightFileException(file, "entry " + entry + " is not an .npy array; expected only NAME.npy arrays");
                String name = entry.substring(0, entry.length() - SUFFIX.length());
                if (!names.add(name)) throw new WeightFileException(file, name, "its entry appears twice; expected each name once");
                tensors.add(tensor(file, fileSize, zip, e, name));
            }
            return tensors;
        }
    }

    /** Entry {@code e}, checked against its declared sizes and CRC-32 and read no further than its size. */
    private static Tensor tensor(Path file, long fileSize, ZipFile zip, ZipEntry e, String name) throws IOException {
        long size = e.getSize(), packed = e.getCompressedSize();
        if (size < 0 || packed < 0) throw new WeightFileException(file, name, "its entry declares no size; expected the sizes np.savez records");
        if (packed > fileSize) throw new WeightFileException(file, name, "its entry declares " + packed + " compressed bytes; expected at most the archive's " + fileSize);
        if (e.getMethod() == ZipEntry.STORED ? size != packed : size > MAX_DEFLATE_RATIO * packed) {
            throw new WeightFileException(file, name, "its entry declares " + size + " bytes from " + packed + (e.getMethod() == ZipEntry.STORED
                    ? " stored ones; expected as many" : " compressed ones; expected at most " + MAX_DEFLATE_RATIO + " times as many"));
        }
        Npy.Array a;
        try (InputStream raw = zip.getInputStream(e); CheckedInputStream in = new CheckedInputStream(raw, new CRC32())) {
            a = Npy.read(in, size, name);
            if (in.read() >= 0) throw new WeightFileException(file, name, "its entry holds more than the " + size + " bytes it declares");
            long crc = in.getChecksum().getValue();
            if (crc != e.getCrc()) throw new WeightFileException(file, name, String.format("its CRC-32 is %08x, not the %08x the archive records; expected an intact entry", crc, e.getCrc()));
        } catch (WeightFileException x) {
            throw x;
        } catch (IOException x) {
            // Npy's messages start with the name given it; the zip stream's own do not.
            String m = String.valueOf(x.getMessage());
            throw new WeightFileException(file, name, m.startsWith(name + ": ") ? m.substring(name.length() + 2) : "its entry cannot be read (" + m + ")");
        }
        double[] d = a.values();
        float[] v = new float[d.length];
        for (int i = 0; i < d.length; i++) v[i] = (float) d[i];
        return new Tensor(name, a.shape(), v);
    }

    /**
     * Writes {@code tensors} as an .npz archive {@code np.load} reads: one stored float32 .npy
     * (version 1.0, as {@link Npy} writes) per tensor, named {@code NAME.npy}, in list order. The
     * file is replaced atomically ({@link AtomicFile}), and the same tensors give the same bytes.
     *
     * @throws IllegalArgumentException if two tensors have the same name
     */
    public static void write(Path file, List<Tensor> tensors) throws IOException {
        Set<String> names = new HashSet<>();
        for (Tensor t : tensors) {
            if (!names.add(t.name())) throw new IllegalArgumentException("tensor name " + t.name() + " appears twice; expected each name once");
        }
        AtomicFile.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw));
            for (Tensor t : tensors) {
                // A stored entry's size and CRC-32 precede its data: a first pass computes them.
                CRC32 crc = new CRC32();
                long[] size = {0};
                Npy.write(new OutputStream() {
                    @Override public void write(int b) {
                        crc.update(b);
                        size[0]++;
                    }

                    @Override public void write(byte[] b, int off, int len) {
                        crc.update(b, off, len);
                        size[0] += len;
                    }
                }, t.shape(), t.values());
                ZipEntry e = new ZipEntry(t.name() + SUFFIX);
                e.setMethod(ZipEntry.STORED);
                e.setTimeLocal(TIME);
                e.setSize(size[0]);
                e.setCompressedSize(size[0]);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                Npy.write(zip, t.shape(), t.values());
                zip.closeEntry();
            }
            zip.close(); // writes the central directory and ends the deflater; closing the file again is harmless
        });
    }
}
