package dev.vnlab.theory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnlab.nn.Init;
import org.junit.jupiter.api.Test;

class STransformTest {
    @Test
    void iidEnsemblesHaveMinusOneAndOrthogonalZero() {
        assertThat(STransform.s1(Init.Scheme.GAUSSIAN)).isEqualTo(-1.0);
        assertThat(STransform.s1(Init.Scheme.UNIFORM)).isEqualTo(-1.0);
        assertThat(STransform.s1(Init.Scheme.ORTHOGONAL)).isEqualTo(0.0);
    }
}
