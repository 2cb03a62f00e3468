package dev.vnlab.linalg.kernel.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The height MR of the GEMM register tile (MR rows x 2 vectors), chosen for the machine's vector
 * register file. C2 schedules every broadcast of A and both loads of B at the top of an
 * iteration, so MR broadcasts and 2 B vectors are live next to the 2 MR accumulators: 3 MR + 2
 * registers must fit, or C2 spills a loop-carried accumulator to the stack and the kernel runs
 * at half speed (measured on AVX2: 6 x 2 vectors spills and reaches about 40% of peak; 4 x 2
 * vectors does not spill and runs near peak).
 */
final class TileShape {
    private TileShape() {}

    /** Vector registers: 16 on x86 below AVX-512 (SSE, AVX2), 32 with AVX-512 and on AArch64. */
    static final int REGISTERS = isX86() && FloatVector.SPECIES_PREFERRED.vectorBitSize() < 512 ? 16 : 32;

    /**
     * MR: 4 for 16 registers (14 live); 6 for 32 (20 live, leaving C2 room for its own
     * temporaries); {@code -Dvnlab.gemm.tileRows=4|6|8} overrides it.
     */
    static final int ROWS = rows();

    private static boolean isX86() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.equals("i386");
    }

    private static int rows() {
        String s = System.getProperty("vnlab.gemm.tileRows");
        if (s == null || s.isBlank()) return REGISTERS >= 32 ? 6 : 4;
        if (!s.trim().matches("[468]")) {
            throw new IllegalArgumentException("-Dvnlab.gemm.tileRows=" + s + " is not supported; expected 4, 6 or 8");
        }
        return Integer.parseInt(s.trim());
    }
}
