package dev.vnlab.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SafeTensorsTest.class.getResource("/weights/" + name).toURI());
    }

    @Test
    void roundTripsTensorsOfEveryRankAndMetadata() throws IOException {
        float[] big = new float[50_000]; // crosses the 64 KiB chunks
        for (int i = 0; i < big.length; i++) big[i] = (float) Math.sin(i) * 1e3f;
        List<Tensor> tensors = List.of(
                new Tensor("layers.0.weight", new int[] {2, 3, 2}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, Float.MAX_VALUE, 7, 8, 9, 10, 11, 1e-30f}),
                new Tensor("layers.0.bias", new int[] {3}, new float[] {0.25f, Float.NaN, Float.NEGATIVE_INFINITY}),
                new Tensor("step", new int[0], new float[] {42}),
                new Tensor("empty", new int[] {0, 5}, new float[0]),
                new Tensor("h\u00e9 \"quoted\"\n\u2713", new int[] {big.length}, big));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "\u00fcber \u2713 \"x\"\t\\");
        Path f = dir.resolve("model.safetensors");
        SafeTensors.write(f, tensors, metadata);

        SafeTensors.Contents read = SafeTensors.read(f);
        assertThat(read.tensors()).containsExactlyElementsOf(tensors);
        assertThat(read.tensors().get(0).shape()).containsExactly(2, 3, 2);
        assertThat(read.tensors().get(2).shape()).isEmpty();
        assertThat(read.metadata()).containsExactlyEntriesOf(metadata);

        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + n) % 8).as("data start 8-aligned").isZero();
        assertThat(bytes.length).isEqualTo(8 + n + 4L * (12 + 3 + 1 + big.length));
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\",").contains("\"step\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[60,64]}");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
        }
    }

    @Test
    void writesNoMetadataKeyWhenThereIsNone() throws IOException {
        Path f = dir.resolve("none.safetensors");
        SafeTensors.write(f, List.of(), Map.of());
        assertThat(Files.readAllBytes(f)).containsExactly(8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' ');
        SafeTensors.Contents read = SafeTensors.read(f);
        assertThat(read.tensors()).isEmpty();
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void writeRefusesRepeatedReservedAndNonUnicodeNames() {
        Path f = dir.resolve("bad.safetensors");
        Tensor a = new Tensor("a", new int[] {1}, new float[] {1});
        assertThatThrownBy(() -> SafeTensors.write(f, List.of(a, a), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tensor name \"a\" repeats; expected unique names");
        assertThatThrownBy(() -> SafeTensors.write(f, List.of(new Tensor("__metadata__", new int[0], new float[] {1})), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tensor name __metadata__ is reserved for the metadata; expected another name");
        assertThatThrownBy(() -> SafeTensors.write(f, List.of(new Tensor("x\ud800", new int[0], new float[] {1})), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tensor name holds an unpaired surrogate: \"x\\ud800\"; expected Unicode text");
        assertThatThrownBy(() -> SafeTensors.write(f, List.of(a), Map.of("k", "\udc00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("metadata value of key \"k\" holds an unpaired surrogate: \"\\udc00\"; expected Unicode text");
        assertThat(f).doesNotExist();
    }

    @Test
    void readsTheFixtureOfEveryDtypeExactly() throws Exception {
        // make_safetensors_fixture.py: header in name order, data in another order, metadata with non-ASCII text.
        SafeTensors.Contents c = SafeTensors.read(resource("mixed-dtypes.safetensors"));
        assertThat(c.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("note", "h\u00e9llo \u2713"));
        assertThat(c.tensors()).extracting(Tensor::name).containsExactly("dense.weight", "dense.bias", "half", "bhalf", "step", "unused");
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Tensor x : c.tensors()) t.put(x.name(), x);

        assertThat(t.get("dense.weight").shape()).containsExactly(2, 3);
        assertThat(t.get("dense.weight").values()).containsExactly(-0f, -1.5f, 3.25f, 65504f, Float.MIN_VALUE, -Float.MAX_VALUE);
        // F64 0.1, 1/3, 1e300, 1e-50, 1e-45, -2.5, each rounded to the nearest float
        assertThat(t.get("dense.bias").shape()).containsExactly(2, 3);
        assertThat(t.get("dense.bias").values()).containsExactly(0.1f, 0.33333334f, Float.POSITIVE_INFINITY, 0f, Float.MIN_VALUE, -2.5f);
        // F16 0x3C00 0xC000 0x7BFF 0x0001 0x03FF 0x7C00 0xFC00 0x8000 0x7E00
        assertThat(t.get("half").shape()).containsExactly(3, 3);
        assertThat(t.get("half").values()).containsExactly(1f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.NaN);
        // BF16 0x3F80 0xC0A0 0x7F7F 0x0001
        assertThat(t.get("bhalf").shape()).containsExactly(2, 2);
        assertThat(t.get("bhalf").values()).containsExactly(1f, -5f, 0x1.fep127f, 0x1p-133f);
        assertThat(t.get("step").shape()).isEmpty();
        assertThat(t.get("step").values()).containsExactly(1000f);
        assertThat(t.get("unused").shape()).containsExactly(0, 4);
        assertThat(t.get("unused").values()).isEmpty();
    }

    @Test
    void halfPrecisionConvertsEveryBitPatternExactly() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        for (int pass = 0; pass < 2; pass++) for (int h = 0; h < 65536; h++) data.putShort((short) h);
        Path f = file("halves.safetensors", "{'f16':{'dtype':'F16','shape':[256,256],'data_offsets':[0,131072]},"
                + "'bf16':{'dtype':'BF16','shape':[65536],'data_offsets':[131072,262144]}}", data.array());
        List<Tensor> t = SafeTensors.read(f).tensors();
        float[] f16 = t.get(0).values(), bf16 = t.get(1).values();
        for (int h = 0; h < 65536; h++) {
            same(f16[h], Float.float16ToFloat((short) h), "F16", h);
            same(bf16[h], Float.intBitsToFloat(h << 16), "BF16", h); // bfloat16 is the top half of a float32
        }
    }

    /**
     * Bit for bit, but any NaN for a NaN: float16ToFloat's intrinsic quiets a signalling NaN
     * where its Java code does not, so its NaN bits depend on whether it was compiled.
     */
    private static void same(float actual, float expected, String dtype, int bits) {
        if (Float.isNaN(expected)) assertThat(actual).as("%s 0x%04x", dtype, bits).isNaN();
        else assertThat(Float.floatToRawIntBits(actual)).as("%s 0x%04x", dtype, bits).isEqualTo(Float.floatToRawIntBits(expected));
    }

    @Test
    void acceptsPaddingUnusedBytesAndEmptyTensorsAtEdges() throws IOException {
        Path f = file("loose.safetensors", "  {'b':{'shape':[1],'data_offsets':[12,16],'dtype':'F32'},"
                + "'e':{'dtype':'F16','shape':[0],'data_offsets':[4,4]},'a':{'dtype':'F32','shape':[],'data_offsets':[0,4]}} \n\t",
                le(1f, 9f, 2f, 3f));
        assertThat(SafeTensors.read(f).tensors()).containsExactly(new Tensor("a", new int[0], new float[] {1}),
                new Tensor("e", new int[] {0}, new float[0]), new Tensor("b", new int[] {1}, new float[] {3}));
    }

    @Test
    void refusesBrokenLayoutsNamingTheFile() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[5]);
        refused(tiny, "is 5 bytes long; expected at least 8 bytes (the header length)");
        Path past = Files.write(dir.resolve("past.safetensors"), ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array());
        refused(past, "header length 100 is past the end of the file; expected at most 20, the bytes after the length");
        Path negative = Files.write(dir.resolve("negative.safetensors"), ByteBuffer.allocate(16).putLong(-1).array());
        refused(negative, "header length 18446744073709551615 is past the end of the file; expected at most 8, the bytes after the length");
        Path huge = dir.resolve("huge.safetensors");
        try (RandomAccessFile r = new RandomAccessFile(huge.toFile(), "rw")) { // sparse: no disk used
            r.setLength(100_000_100);
            r.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001).array());
        }
        refused(huge, "header length 100000001 exceeds the limit; expected at most 100000000 bytes");
        Path folder = Files.createDirectory(dir.resolve("folder.safetensors"));
        refused(folder, "is a directory; expected a regular file");
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, raw("{'w':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}", new byte[4]));
        refused(cut, "tensor w: data_offsets end 8 is past the data, which are 4 bytes long; expected at most 4");
    }

    @Test
    void refusesHeadersThatAreNotAJsonObject() throws IOException {
        byte[] bad = raw("{'w\u00e9':1}", new byte[0]);
        bad[11] = (byte) 0xff; // the first byte of the e acute
        refused(Files.write(dir.resolve("utf8.safetensors"), bad), "header is not valid UTF-8 at byte 11; expected UTF-8 JSON");
        refused(file("cut.safetensors", "{'a':", new byte[0]),
                "header is not valid JSON: malformed JSON at offset 5: expected a value, found the end of the text");
        refused(file("array.safetensors", "[1, 2]", new byte[0]), "header is [1, 2]; expected a JSON object");
        refused(file("escape.safetensors", "{'\\u00\u0663\u0663':1}", new byte[0]),
                "header is not valid JSON: \\u escape at offset 2 holds \"\u0663\"; expected four hex digits");
        refused(file("repeat.safetensors", "{'w':{'dtype':'F32','shape':[],'data_offsets':[0,4]},'w':{'dtype':'F32','shape':[],'data_offsets':[0,4]}}", le(1)),
                "header is not valid JSON: malformed JSON at offset 53: key \"w\" repeats; expected unique keys");
        refused(file("surrogate.safetensors", "{'w\\ud800':{'dtype':'F32','shape':[],'data_offsets':[0,4]}}", le(1)),
                "tensor name \"w\\ud800\" holds an unpaired surrogate; expected Unicode text");
    }

    @Test
    void refusesBadMetadata() throws IOException {
        refused(file("m1.safetensors", "{'__metadata__':['pt']}", new byte[0]), "__metadata__ is an array of 1 element; expected an object of strings");
        refused(file("m2.safetensors", "{'__metadata__':null}", new byte[0]), "__metadata__ is null; expected an object of strings");
        refused(file("m3.safetensors", "{'__metadata__':{'format':'pt','epoch':3}}", new byte[0]), "__metadata__ value of \"epoch\" is 3; expected a string");
    }

    @Test
    void refusesBadEntriesNamingTheTensor() throws IOException {
        entry("{'w':3}", "entry is 3; expected an object of dtype, shape and data_offsets");
        entry("{'w':{'dtype':'F32','shape':[1]}}", "entry has no \"data_offsets\"; expected dtype, shape and data_offsets");
        entry("{'w':{'dtype':'F32','shape':[1],'data_offsets':[0,4],'offset':0}}", "entry has key \"offset\"; expected only dtype, shape and data_offsets");
        entry("{'w':{'dtype':32,'shape':[1],'data_offsets':[0,4]}}", "dtype is 32; expected a string");
        entry("{'w':{'dtype':'I32','shape':[1],'data_offsets':[0,4]}}", "dtype \"I32\" is not supported; expected F32, F64, F16 or BF16");
        entry("{'w':{'dtype':'F32','shape':'1x1','data_offsets':[0,4]}}", "shape is the string \"1x1\"; expected an array of dimensions");
        entry("{'w':{'dtype':'F32','shape':[1,-1],'data_offsets':[0,4]}}", "shape dimension 1 is -1; expected an integer from 0 to 2147483647");
        entry("{'w':{'dtype':'F32','shape':[1.0],'data_offsets':[0,4]}}", "shape dimension 0 is 1.0; expected an integer from 0 to 2147483647");
        entry("{'w':{'dtype':'F32','shape':[2147483648],'data_offsets':[0,4]}}", "shape dimension 0 is 2147483648; expected an integer from 0 to 2147483647");
        entry("{'w':{'dtype':'F32','shape':[65536,65536],'data_offsets':[0,4]}}",
                "shape holds more than 2147483639 elements; expected at most that many, a float array's limit");
        entry("{'w':{'dtype':'F32','shape':[1],'data_offsets':[0]}}", "data_offsets is [0]; expected an array [begin, end]");
        entry("{'w':{'dtype':'F32','shape':[1],'data_offsets':{}}}", "data_offsets is an object; expected an array [begin, end]");
        entry("{'w':{'dtype':'F32','shape':[1],'data_offsets':[-4,0]}}", "data_offsets [-4, 0] are not two non-negative integers; expected [begin, end]");
        entry("{'w':{'dtype':'F32','shape':[1],'data_offsets':[0,1e1]}}", "data_offsets [0, 10.0] are not two non-negative integers; expected [begin, end]");
        entry("{'w':{'dtype':'F32','shape':[0],'data_offsets':[8,4]}}", "data_offsets [8, 4] end before they begin; expected begin <= end");
        entry("{'w':{'dtype':'F32','shape':[1],'data_offsets':[0,12]}}", "data_offsets end 12 is past the data, which are 8 bytes long; expected at most 8");
        entry("{'w':{'dtype':'F64','shape':[1],'data_offsets':[0,4]}}", "data_offsets [0, 4] span 4 bytes; expected 8 (1 element of F64)");
    }

    @Test
    void refusesOverlapsEvenByAnEmptyTensor() throws IOException {
        refused(file("overlap.safetensors", "{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},'b':{'dtype':'F16','shape':[2],'data_offsets':[6,10]}}",
                new byte[12]), "tensor b: data_offsets [6, 10] overlap those of tensor a, [0, 8]; expected disjoint byte ranges");
        refused(file("inside.safetensors", "{'e':{'dtype':'F32','shape':[0],'data_offsets':[4,4]},'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}",
                new byte[8]), "tensor e: data_offsets [4, 4] overlap those of tensor a, [0, 8]; expected disjoint byte ranges");
    }

    /** Checks that a one-tensor header {@code json} (quotes as ') with 8 data bytes is refused for tensor w with {@code message}. */
    private void entry(String json, String message) throws IOException {
        refused(file("w.safetensors", json, new byte[8]), "tensor w: " + message);
    }

    private static void refused(Path f, String message) {
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(WeightFileException.class).hasMessage(f + ": " + message);
    }

    /** A file of header {@code json}, written with ' for ", followed by {@code data}. */
    private Path file(String name, String json, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), raw(json, data));
    }

    private static byte[] raw(String json, byte[] data) {
        byte[] header = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header).put(data).array();
    }

    private static byte[] le(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }
}
