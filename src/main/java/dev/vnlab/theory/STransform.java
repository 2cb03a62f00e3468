package dev.vnlab.theory;

import dev.vnlab.nn.Init;

/**
 * The S-transform of a weight ensemble, {@code sigma_w^2 S_{W W^T}(z) = 1 + s_1 z + ...}
 * (docs/theory.md section 4): only its first coefficient s_1 enters the second moment of the
 * Jacobian spectrum.
 */
public final class STransform {
    private STransform() {}

    /**
     * s_1 of the scheme's weight matrices in the wide limit: -1 for i.i.d. zero-mean entries
     * (Gaussian and uniform alike: Marchenko-Pastur), 0 for scaled orthogonal matrices (W W^T is
     * a multiple of the identity).
     */
    public static double s1(Init.Scheme scheme) {
        return switch (scheme) {
            case GAUSSIAN, UNIFORM -> -1;
            case ORTHOGONAL -> 0;
        };
    }
}
