package dev.vnlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvAndTableTest {
    static Table sample() {
        return new Table("depth", "activation", "vni", "ok")
                .add(10, "hard-tanh", 0.123456789, true)
                .add(200L, "a, \"quoted\" name", 1234567.0, false)
                .add(1000, "two\nlines", Double.NaN, null)
                .add(5, " padded", 2e-5, true);
    }

    @Test
    void writesRfc4180QuotingAndExactNumbers() {
        assertThat(Csv.write(sample())).isEqualTo(
                "depth,activation,vni,ok\r\n"
                        + "10,hard-tanh,0.123456789,true\r\n"
                        + "200,\"a, \"\"quoted\"\" name\",1234567.0,false\r\n"
                        + "1000,\"two\nlines\",NaN,\r\n"
                        + "5,\" padded\",2.0E-5,true\r\n");
        Table inf = new Table("x").add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY).add(0.1f);
        assertThat(Csv.write(inf)).isEqualTo("x\r\nInfinity\r\n-Infinity\r\n0.1\r\n");
    }

    @Test
    void csvRoundTripsFieldsAndDoubles() {
        List<List<String>> records = Csv.parse(Csv.write(sample()));
        assertThat(records).hasSize(5);
        assertThat(records.get(0)).containsExactly("depth", "activation", "vni", "ok");
        assertThat(records.get(2)).containsExactly("200", "a, \"quoted\" name", "1234567.0", "false");
        assertThat(records.get(3)).containsExactly("1000", "two\nlines", "NaN", "");
        assertThat(records.get(4).get(1)).isEqualTo(" padded");

        SplittableRandom r = new SplittableRandom(3);
        Table t = new Table("v");
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.longBitsToDouble(r.nextLong());
            t.add(v[i]);
        }
        List<List<String>> back = Csv.parse(Csv.write(t));
        for (int i = 0; i < v.length; i++) {
            assertThat(Double.doubleToLongBits(Double.parseDouble(back.get(i + 1).get(0)))).isEqualTo(Double.doubleToLongBits(v[i]));
        }
        assertThat(Csv.parse("a,b\nc,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThatThrownBy(() -> Csv.parse("a,\"b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 2 is not closed");
        assertThatThrownBy(() -> Csv.parse("\"a\"b")).hasMessageContaining("offset 3");
    }

    @Test
    void rendersMarkdownWithEscapingAndNumericAlignment() {
        assertThat(sample().toMarkdown()).isEqualTo("""
                | depth | activation | vni | ok |
                | ---: | --- | ---: | --- |
                | 10 | hard-tanh | 0.1235 | true |
                | 200 | a, "quoted" name | 1.235e6 | false |
                | 1000 | two lines | NaN |  |
                | 5 |  padded | 2e-5 | true |
                """);
        assertThat(new Table("a|b").add("x|y").toMarkdown()).contains("| a\\|b |").contains("| x\\|y |");
    }

    @Test
    void rendersAFixedWidthConsoleTable() {
        Table t = new Table("L", "width", "VNI mean", "activation")
                .add(10, 200, 0.05, "tanh")
                .add(100, 200, 0.875, "hard-tanh")
                .add(1000, 1000, 1.0, "relu");
        assertThat(t.toConsole()).isEqualTo(
                "   L  width  VNI mean  activation\n"
                        + "----  -----  --------  ----------\n"
                        + "  10    200      0.05  tanh\n"
                        + " 100    200     0.875  hard-tanh\n"
                        + "1000   1000         1  relu\n");
        assertThat(t.digits(2).toConsole()).contains("0.88");
    }

    @Test
    void formatsNumbersCompactlyForReaders() {
        assertThat(NumberText.significant(0.123456, 4)).isEqualTo("0.1235");
        assertThat(NumberText.significant(200.0, 4)).isEqualTo("200");
        assertThat(NumberText.significant(9999.9, 4)).isEqualTo("1e4");
        assertThat(NumberText.significant(-0.00123456, 3)).isEqualTo("-0.00123");
        assertThat(NumberText.significant(1.5e-7, 4)).isEqualTo("1.5e-7");
        assertThat(NumberText.significant(Double.NEGATIVE_INFINITY, 4)).isEqualTo("-inf");
        assertThat(NumberText.fixed(-0.0, 1)).isEqualTo("0.0");
        assertThat(NumberText.fixed(-2, 0)).isEqualTo("\u22122");
        assertThat(NumberText.powerOfTen(-12)).isEqualTo("10\u207b\u00b9\u00b2");
    }

    @Test
    void recordsFeedSummaryResults() {
        List<Map<String, Object>> records = new Table("L", "vni").add(10, 0.5).toRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).keySet()).containsExactly("L", "vni");
        assertThat(Json.write(records)).isEqualTo("[{\"L\":10,\"vni\":0.5}]");
        assertThat(sample().get(1, "activation")).isEqualTo("a, \"quoted\" name");
    }

    @Test
    void badTablesAreRejectedNamingTheProblem() {
        assertThatThrownBy(() -> new Table("a", "b", "c").add(1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 0 has 2 cells; expected 3 (a, b, c)");
        assertThatThrownBy(() -> new Table("a").add(new Object())).hasMessageContaining("cell 'a' of row 0 is a java.lang.Object");
        assertThatThrownBy(() -> new Table("a", "a")).hasMessageContaining("column name 'a' repeats");
        assertThatThrownBy(() -> new Table(" ")).hasMessageContaining("is blank");
        assertThatThrownBy(() -> new Table(List.of())).hasMessageContaining("no columns");
        assertThatThrownBy(() -> new Table("a").digits(0)).hasMessageContaining("digits 0 is invalid");
        assertThatThrownBy(() -> sample().get(0, "nope")).hasMessageContaining("column 'nope' does not exist");
    }
}
