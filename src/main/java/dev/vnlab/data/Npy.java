package dev.vnlab.data;

import dev.vnlab.io.AtomicFile;
import dev.vnlab.linalg.DoubleMatrix;
import dev.vnlab.linalg.FloatMatrix;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (version 1.0), so weights and activations go straight to numpy
 * ({@code np.load}) and PyTorch ({@code torch.from_numpy}): little-endian float32 ({@code <f4})
 * or float64 ({@code <f8}), C order, a header padded to 64 bytes. Files are written to a
 * temporary sibling and moved into place, so a failure never leaves a half-written file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '([<|]f[48])', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    private Npy() {}

    /** An array read back: its shape and its elements in C order, as double. */
    public record Array(int[] shape, double[] values, boolean float32) {}

    /** Writes {@code m} (rows x cols, views included) as a float32 .npy file. */
    public static void write(Path file, FloatMatrix m) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * m.rows() * m.cols()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) b.putFloat(m.get(i, j));
        write(file, "<f4", new int[] {m.rows(), m.cols()}, b.array());
    }

    /** Writes {@code v} as a one-dimensional float32 .npy file (a bias vector, say). */
    public static void write(Path file, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        write(file, "<f4", new int[] {v.length}, b.array());
    }

    /** Writes {@code m} as a float64 .npy file. */
    public static void write(Path file, DoubleMatrix m) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * m.rows() * m.cols()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) b.putDouble(m.get(i, j));
        write(file, "<f8", new int[] {m.rows(), m.cols()}, b.array());
    }

    private static void write(Path file, String descr, int[] shape, byte[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) dims.append(d).append(", ");
        if (shape.length > 1) dims.setLength(dims.length() - 2); // (n,) for one dimension, (r, c) for two
        else dims.setLength(dims.length() - 1);
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = MAGIC.length + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        AtomicFile.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.write(MAGIC);
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.flush();
        });
    }

    /**
     * Reads a version 1.0 .npy file of little-endian float32 or float64 in C order.
     *
     * @throws IOException naming the file if it is not such a file, or is truncated
     */
    public static Array read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] magic = in.readNBytes(8);
            if (magic.length < 8 || magic[0] != MAGIC[0] || magic[1] != 'N' || magic[5] != 'Y' || magic[6] != 1) {
                throw new IOException(file + ": not a version 1.0 .npy file (bad magic)");
            }
            int len = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            String header = new String(in.readNBytes(len), StandardCharsets.US_ASCII);
            Matcher m = HEADER.matcher(header);
            if (!m.matches()) throw new IOException(file + ": header " + header.trim() + " is not a little-endian float array header");
            if (m.group(2).equals("True")) throw new IOException(file + ": Fortran order is not supported; expected C order");
            boolean f32 = m.group(1).endsWith("4");
            String[] parts = m.group(3).split(",");
            int count = 0;
            for (String p : parts) if (!p.isBlank()) count++;
            int[] shape = new int[count];
            long n = 1;
            for (int i = 0, k = 0; i < parts.length; i++) {
                if (parts[i].isBlank()) continue;
                shape[k] = Integer.parseInt(parts[i].trim());
                n *= shape[k++];
            }
            int width = f32 ? 4 : 8;
            if (n * width > Integer.MAX_VALUE - 8) throw new IOException(file + ": shape declares " + n + " elements, more than an array holds");
            byte[] data = in.readNBytes((int) (n * width));
            if (data.length < n * width) throw new IOException(file + ": truncated: " + data.length + " of " + n * width + " data bytes");
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[(int) n];
            for (int i = 0; i < n; i++) values[i] = f32 ? b.getFloat() : b.getDouble();
            return new Array(shape, values, f32);
        }
    }
}
