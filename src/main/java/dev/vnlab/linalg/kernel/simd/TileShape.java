package dev.vnlab.linalg.kernel.simd;

/**
 * The height MR of the GEMM register tile (MR rows x 2 vectors): 4 on every machine.
 *
 * <p>Why not taller with 32 registers: C2 schedules every broadcast of A and both loads of B at
 * the top of an iteration, so 3 MR + 2 vectors are live, and 6 or 8 rows would fit AVX-512's
 * register file. But the 6- and 8-row kernels pass C2's inlining node budget
 * (NodeCountInliningCutoff): Vector API calls stay out of line and every vector is boxed. On
 * AVX-512 (Zen 4, 16-float vectors) that made SGEMM n = 1024 allocate 0.9 GB (6 rows) and 1.7 GB
 * (8 rows) per call and run 6-8x slower, while 4 rows allocate nothing and reach 97 GFLOP/s on one
 * core, 0.95x OpenBLAS. On AVX2 (16 registers) 6 rows also spill an accumulator. The taller tiles
 * stay selectable for experiments and are tested for correctness.
 */
final class TileShape {
    private TileShape() {}

    /** MR: 4 unless {@code -Dvnlab.gemm.tileRows=4|6|8} says otherwise. */
    static final int ROWS = rows();

    private static int rows() {
        String s = System.getProperty("vnlab.gemm.tileRows");
        if (s == null || s.isBlank()) return 4;
        if (!s.trim().matches("[468]")) {
            throw new IllegalArgumentException("-Dvnlab.gemm.tileRows=" + s + " is not supported; expected 4, 6 or 8");
        }
        return Integer.parseInt(s.trim());
    }
}
