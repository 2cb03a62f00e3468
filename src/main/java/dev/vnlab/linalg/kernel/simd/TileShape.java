package dev.vnlab.linalg.kernel.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The height MR of the GEMM register tile (MR rows x 2 vectors): 8 rows with 512-bit vectors on
 * JDK 25 or newer, 4 otherwise.
 *
 * <p>Why: C2 schedules every broadcast of A and both loads of B at the top of an iteration, so
 * 2 MR accumulators and 2 B vectors are live. With AVX-512's 32 registers, 8 rows keep 16
 * independent FMA chains in flight where 4 rows keep 8, which is just what two FMA pipes of
 * latency 4 need, so any stall shows. On Zen 5 with JDK 25, 8 rows ran SGEMM n = 1024 9% faster,
 * DGEMM n = 1024 7% faster and the 100 x 500 x 500 training shape 7% faster than 4 rows, with
 * nothing allocated per call. On AVX2's 16 registers a taller tile spills. The 6- and 8-row
 * kernels once passed C2's inlining node budget (NodeCountInliningCutoff) while their row updates
 * were calls of their own, and every vector was boxed (0.9-1.8 GB per call); the updates are
 * written out inline since, and JDK 25 compiles the 8-row tile without boxing. Earlier JDKs keep
 * 4 rows, as they were last measured with. Every height gives the same bits (each element of C
 * is the same chain of FMAs over k), and the test suite runs the GEMM tests at each.
 */
final class TileShape {
    private TileShape() {}

    /** MR: as above, unless {@code -Dvnlab.gemm.tileRows=4|6|8} says otherwise. */
    static final int ROWS = rows();

    private static int rows() {
        String s = System.getProperty("vnlab.gemm.tileRows");
        if (s == null || s.isBlank()) {
            boolean wide = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
            return wide && Runtime.version().feature() >= 25 ? 8 : 4;
        }
        if (!s.trim().matches("[468]")) {
            throw new IllegalArgumentException("-Dvnlab.gemm.tileRows=" + s + " is not supported; expected 4, 6 or 8");
        }
        return Integer.parseInt(s.trim());
    }
}
