package dev.vnlab.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds .npy files byte by byte for the tests: any version and header text, valid or not. */
public final class NpyFiles {
    private NpyFiles() {}

    /** An .npy of {@code version}.0 with {@code header} (UTF-8 for version 3, else ISO-8859-1) as it is, and {@code data}. */
    public static byte[] npy(int version, String header, byte[] data) {
        byte[] h = header.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + (version == 1 ? 2 : 4) + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) b.putShort((short) h.length);
        else b.putInt(h.length);
        return b.put(h).put(data).array();
    }
}
