package dev.vnlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Point(int depth, double vni, String activation) {}

    enum Kind { TANH }

    @Test
    void roundTripsNestedValuesInInsertionOrder() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("zeta", 1L);
        config.put("alpha", List.of(1.5, -0.0, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, 1.0 / 3));
        config.put("mid", Map.of());
        config.put("flag", true);
        config.put("none", null);
        config.put("name", "hard-tanh");
        config.put("empty", List.of());
        config.put("nested", List.of(Map.of("a", List.of(List.of(1L, 2L))), "x"));
        for (String text : List.of(Json.write(config), Json.pretty(config))) {
            Object back = Json.parse(text);
            assertThat(back).isEqualTo(config);
            assertThat(List.copyOf(((Map<?, ?>) back).keySet())).isEqualTo(List.of("zeta", "alpha", "mid", "flag", "none", "name", "empty", "nested"));
        }
        assertThat(Json.write(config)).startsWith("{\"zeta\":1,\"alpha\":[1.5,-0.0,1.0E-300,4.9E-324,1.7976931348623157E308,0.3333333333333333],");
    }

    @Test
    void doublesRoundTripBitForBitAndUseTheShortestDecimal() {
        SplittableRandom r = new SplittableRandom(7);
        double[] v = new double[20_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian();
            if (!Double.isFinite(v[i])) v[i] = i;
        }
        List<?> back = (List<?>) Json.parse(Json.write(v));
        for (int i = 0; i < v.length; i++) assertThat(Double.doubleToRawLongBits((Double) back.get(i))).isEqualTo(Double.doubleToRawLongBits(v[i]));
        assertThat(Json.write(new double[] {0.1, 0.2 + 0.1, 100.0})).isEqualTo("[0.1,0.30000000000000004,100.0]");
        assertThat(Json.write(new float[] {0.1f})).isEqualTo("[0.1]");
    }

    @Test
    void nanAndInfinitiesAreWrittenAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("ninf", Float.NEGATIVE_INFINITY);
        m.put("list", new double[] {1, Double.NaN});
        assertThat(Json.write(m)).isEqualTo("{\"nan\":null,\"inf\":null,\"ninf\":null,\"list\":[1.0,null]}");
        Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(m));
        assertThat(back.get("nan")).isNull();
        assertThat((List<?>) back.get("list")).isEqualTo(Arrays.asList(1.0, null));
    }

    @Test
    void escapesQuotesBackslashesControlCharactersAndSeparators() {
        String s = "say \"hi\" \\ / \n\r\t\b\f \u0000\u0001\u001f \u2028\u2029 é ρ² 漢 😀 \ud800 x";
        String written = Json.write(s);
        assertThat(written).isEqualTo("\"say \\\"hi\\\" \\\\ / \\n\\r\\t\\b\\f \\u0000\\u0001\\u001f \\u2028\\u2029 é ρ² 漢 😀 \\ud800 x\"");
        assertThat(Json.parse(written)).isEqualTo(s);
        assertThat(Json.parse("\"\\u00e9\\ud83d\\ude00\\/\"")).isEqualTo("é😀/");
        for (char c = 0; c < 0x20; c++) assertThat(Json.write(String.valueOf(c))).doesNotContain(String.valueOf(c));
    }

    @Test
    void writesRecordsArraysEnumsAndPrettyLayout() {
        Point p = new Point(10, 0.25, "tanh");
        assertThat(Json.write(p)).isEqualTo("{\"depth\":10,\"vni\":0.25,\"activation\":\"tanh\"}");
        assertThat(Json.write(new Object[] {Kind.TANH, 'c', new int[] {1, 2}, new boolean[] {true}})).isEqualTo("[\"TANH\",\"c\",[1,2],[true]]");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "depth");
        m.put("results", List.of(p));
        m.put("depths", new int[] {10, 20});
        assertThat(Json.pretty(m)).isEqualTo("""
                {
                  "command": "depth",
                  "results": [
                    {
                      "depth": 10,
                      "vni": 0.25,
                      "activation": "tanh"
                    }
                  ],
                  "depths": [10, 20]
                }
                """);
    }

    @Test
    void readsNumbersAsLongOrDouble() {
        assertThat(Json.parse("[0, -7, 12345678901234567890, 1.5, -2e3, 1E-2]"))
                .isEqualTo(List.of(0L, -7L, 1.2345678901234567e19, 1.5, -2000.0, 0.01));
        assertThat(Json.parse(" \t\r\n true ")).isEqualTo(true);
    }

    @Test
    void malformedTextAndUnwritableValuesAreRejectedWithWhereAndWhat() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed JSON at offset 7: expected a string key, found '}'");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("offset 3").hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("key \"a\" repeats");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("expected the end of the text");
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessageContaining("must be escaped");
        assertThatThrownBy(() -> Json.parse("[1.]")).hasMessageContaining("a digit after '.'");
        assertThatThrownBy(() -> Json.parse("NaN")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("closing");
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write a java.lang.Object as JSON");
        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(1, 2);
        assertThatThrownBy(() -> Json.write(badKey)).hasMessageContaining("map key 1 is a java.lang.Integer; expected a string key");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).hasMessageContaining("expected an acyclic value");
        String deep = "[".repeat(600) + "]".repeat(600);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("deeper than");
    }
}
