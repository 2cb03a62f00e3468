package dev.vnlab.linalg;

/**
 * Which part of a square C a GEMM known to give a symmetric result computes: all of it, or only
 * the register tiles that touch one triangle (diagonal included). Entries of the other triangle
 * inside those tiles are updated too; the rest are left alone.
 */
enum Triangle {
    ALL,
    UPPER,
    LOWER;

    /** True if a tile of C at rows [i, i + rows), columns [j, j + cols) lies wholly in the other triangle. */
    boolean skips(int i, int rows, int j, int cols) {
        return switch (this) {
            case ALL -> false;
            case UPPER -> j + cols <= i;  // every column left of the tile's first row
            case LOWER -> j >= i + rows;  // every column right of the tile's last row
        };
    }
}
