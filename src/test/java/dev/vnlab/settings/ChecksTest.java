package dev.vnlab.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared range checks: what each accepts, the canonical form it returns, and the message naming the option. */
class ChecksTest {
    enum Name { A, B }

    @Test
    void wholeNumbers() {
        assertThat(Checks.atLeast(2).apply("--m", 2)).isEqualTo(2);
        assertThatThrownBy(() -> Checks.atLeast(2).apply("--m", 1)).hasMessage("--m 1 is invalid; expected at least 2");
        assertThatThrownBy(() -> Checks.range(1, 9).apply("--b", 10)).hasMessage("--b 10 is invalid; expected 1 to 9");
        assertThat(Checks.width().apply("--n", Checks.MAX_WIDTH)).isEqualTo(Checks.MAX_WIDTH);
        assertThatThrownBy(() -> Checks.width().apply("--n", Checks.MAX_WIDTH + 1)).hasMessageStartingWith("--n: width 46341 is invalid; expected 1 to 46340");
    }

    @Test
    void reals() {
        assertThatThrownBy(() -> Checks.positive().apply("--q", 0.0)).hasMessage("--q 0.0 is invalid; expected a finite value > 0");
        assertThatThrownBy(() -> Checks.positive().apply("--q", Double.NaN)).hasMessage("--q NaN is invalid; expected a finite value > 0");
        assertThat(Checks.nonNegative().apply("--q", 0.0)).isZero();
        assertThatThrownBy(() -> Checks.nonNegative().apply("--q", Double.POSITIVE_INFINITY)).hasMessage("--q Infinity is invalid; expected a finite value >= 0");
        assertThat(Checks.fraction().apply("--a", 1.0)).isEqualTo(1.0);
        assertThatThrownBy(() -> Checks.fraction().apply("--a", 0.0)).hasMessage("--a 0.0 is invalid; expected a fraction in (0, 1]");
    }

    @Test
    void listsAreCopiedAndSortedWhereTheCheckSorts() {
        int[] given = {30, 10, 20};
        assertThat(Checks.widths().apply("--widths", given)).containsExactly(10, 20, 30);
        assertThat(given).containsExactly(30, 10, 20);
        assertThatThrownBy(() -> Checks.ascendingDistinct("depth").apply("--depths", new int[0])).hasMessage("--depths is empty; expected at least one depth");
        assertThatThrownBy(() -> Checks.ascendingDistinct("depth").apply("--depths", new int[] {3, 0})).hasMessage("--depths: depth 0 is invalid; expected depths of at least 1");
        assertThat(Checks.distinctPositive().apply("--s", new double[] {2, 1})).containsExactly(2, 1);
        assertThatThrownBy(() -> Checks.distinctPositive().apply("--s", new double[] {2, 2})).hasMessage("--s [2.0, 2.0] holds 2.0 twice; expected distinct values");
        assertThatThrownBy(() -> Checks.ascendingPositive().apply("--lr", new double[] {0.1, 0.01}))
                .hasMessage("--lr [0.1, 0.01] is not strictly ascending; expected distinct values in increasing order");
        assertThat(Checks.<Name>distinctNames().apply("--n", List.of(Name.B, Name.A))).containsExactly(Name.B, Name.A);
        assertThatThrownBy(() -> Checks.<Name>distinctNames().apply("--n", List.of(Name.A, Name.A))).hasMessage("--n names a twice; expected distinct names");
    }

    @Test
    void valueTypesPrintWhatTheyParse() {
        for (String t : new String[] {"1,2,3", "7"}) assertThat(ValueType.INTS.text(ValueType.INTS.parse(t))).isEqualTo(t);
        assertThat(ValueType.INTS.parse("10:40:10")).containsExactly(10, 20, 30, 40);
        assertThat(ValueType.REALS.text(ValueType.REALS.parse("0.5, 1e-3"))).isEqualTo("0.5,0.001");
        assertThat(ValueType.REAL.text(Double.NaN)).isNull();
        assertThat(ValueType.names(Name.class).text(ValueType.names(Name.class).parse("b,a"))).isEqualTo("b,a");
        assertThat(ValueType.LONG.parse(" -9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }
}
