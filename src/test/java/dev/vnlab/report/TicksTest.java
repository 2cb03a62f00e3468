package dev.vnlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void linearTicksUseOneTwoFiveStepsAndExactDecimals() {
        Ticks t = Ticks.linear(0, 1, 6);
        assertThat(t.major()).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
        assertThat(t.labels()).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertThat(t.minor()).isEmpty();
        assertThat(Ticks.linear(-0.04, 1.04, 6).major()).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
        assertThat(Ticks.linear(0.3, 0.7, 5).major()).containsExactly(0.3, 0.4, 0.5, 0.6, 0.7);
        assertThat(Ticks.linear(0, 100, 5).major()).containsExactly(0, 50, 100);
        assertThat(Ticks.linear(0, 100, 6).major()).containsExactly(0, 20, 40, 60, 80, 100);
        Ticks signed = Ticks.linear(-3, 7, 6);
        assertThat(signed.major()).containsExactly(-2, 0, 2, 4, 6);
        assertThat(signed.labels()).containsExactly("\u22122", "0", "2", "4", "6");
    }

    @Test
    void linearLabelsGoScientificForExtremeSteps() {
        assertThat(Ticks.linear(0, 4e6, 5).labels()).containsExactly("0", "1\u00d710\u2076", "2\u00d710\u2076", "3\u00d710\u2076", "4\u00d710\u2076");
        assertThat(Ticks.linear(0, 3e-5, 4).labels()).containsExactly("0", "1\u00d710\u207b\u2075", "2\u00d710\u207b\u2075", "3\u00d710\u207b\u2075");
        assertThat(Ticks.linear(1e-4, 3e-4, 3).labels()).containsExactly("0.0001", "0.0002", "0.0003");
    }

    @Test
    void logTicksPutMajorsOnDecadesAndMinorsBetween() {
        Ticks t = Ticks.log(10, 1000, 6);
        assertThat(t.major()).containsExactly(10, 100, 1000);
        assertThat(t.labels()).containsExactly("10", "100", "1000");
        assertThat(t.minor()).containsExactly(20, 30, 40, 50, 60, 70, 80, 90, 200, 300, 400, 500, 600, 700, 800, 900);
        assertThat(Ticks.log(1e-6, 1, 8).labels()).containsExactly(
                "10\u207b\u2076", "10\u207b\u2075", "10\u207b\u2074", "10\u207b\u00b3", "10\u207b\u00b2", "10\u207b\u00b9", "10\u2070");
        Ticks sparse = Ticks.log(1, 1e10, 4);
        assertThat(sparse.major()).containsExactly(1, 1e3, 1e6, 1e9);
        assertThat(sparse.minor()).contains(10, 1e4).doesNotContain(20);
        assertThat(Ticks.log(0.001, 0.1, 6).labels()).containsExactly("0.001", "0.01", "0.1");
    }

    @Test
    void shortLogRangesAlsoLabelTwoAndFiveTimesTheDecades() {
        Ticks t = Ticks.log(9.1, 110, 6);
        assertThat(t.major()).containsExactly(10, 20, 50, 100);
        assertThat(t.labels()).containsExactly("10", "20", "50", "100");
        assertThat(t.minor()).containsExactly(30, 40, 60, 70, 80, 90);
        assertThat(Ticks.log(2, 8, 6).major()).containsExactly(2, 5);
        assertThat(Ticks.log(2.1, 4.9, 6).major()).containsExactly(3, 4);
        assertThat(Ticks.log(2.1, 2.9, 6).major()).containsExactly(2.2, 2.4, 2.6, 2.8); // linear fallback
        assertThat(Ticks.log(2e-5, 6e-5, 6).labels()).containsExactly("2\u00d710\u207b\u2075", "5\u00d710\u207b\u2075");
    }

    @Test
    void badRangesAreRejected() {
        assertThatThrownBy(() -> Ticks.linear(1, 1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("axis range [1.0, 1.0] is invalid; expected finite min < max");
        assertThatThrownBy(() -> Ticks.linear(0, Double.NaN, 5)).hasMessageContaining("[0.0, NaN]");
        assertThatThrownBy(() -> Ticks.log(0, 10, 5)).hasMessage("log axis range [0.0, 10.0] is invalid; expected positive values");
        assertThatThrownBy(() -> Ticks.linear(0, 1, 1)).hasMessageContaining("tick count 1 is invalid");
    }
}
