package dev.vnlab.linalg;

import dev.vnlab.linalg.kernel.Kernels;
import dev.vnlab.parallel.Workers;

/**
 * GEMM the GotoBLAS/BLIS way, written once for both precisions:
 * {@code C = alpha op(A) op(B) + beta C} with A's and B's blocks packed into contiguous panels
 * and a register-tile kernel from {@link Kernels} doing the arithmetic.
 *
 * <p>Loop nest: columns of C in blocks of {@link #NC}; k in blocks of {@link #KC}, B's block
 * packed; then row blocks of {@link #MC}, each packing its rows of A and running the tiles.
 * In parallel, what one thread packs is what it reads (reading data another core just wrote
 * costs more than copying it again): C is cut into one band per thread, of rows when C is taller
 * than one row block, else of columns, and each thread runs the serial loop nest on its band with
 * its own packed B (and, for a band of columns, its own copy of A), one join per GEMM. Only a
 * SYRK (a triangle of C, or A's panels read out of packed B) shares packed B: a phase packs a
 * span of several k-blocks, then a grid of row blocks by column chunks runs them, two joins per
 * span. Each element of C is accumulated over k in the same order whatever the split, so any
 * thread count gives the same bits.
 */
final class GemmDriver {
    /** Depth of a packed block: a B micro-panel (KC x NR) stays in L1 while A panels stream. */
    static final int KC = 256;
    /** Rows of A packed per task (rounded down to the tile height): about 150 KB in L2. */
    static final int MC = 144;
    /** Columns of B packed per block, bounding the shared panel to a few MB. */
    static final int NC = 4096;
    /** Below this many multiply-adds, one thread does it all: forking costs more than it saves. */
    static final long PARALLEL_MIN_FMAS = 1L << 18;
    /** The most elements of packed B one parallel phase holds (a few MB, well inside L3). */
    static final int SPAN_ELEMENTS = 1 << 20;

    private GemmDriver() {}

    /**
     * Shapes are valid: op(A) is m x k, op(B) is k x n, C is m x n, row-major with the given
     * leading dimensions; C overlaps neither A nor B (as in BLAS). With a {@code triangle} other
     * than ALL, only the tiles touching that triangle of C are computed (for SYRK; the caller
     * mirrors). A {@code shift} (null for none)
     * is subtracted from every row of the stored A and B as they are packed, column j of either
     * less {@code shift[j]}: only for transA and not transB, where both are read along their rows.
     */
    static <A> void gemm(Precision<A, ?> p, Kernels kern, Workers workers,
                         boolean transA, boolean transB, int m, int n, int k, double alpha,
                         A a, int aOff, int lda, A b, int bOff, int ldb,
                         double beta, A c, int cOff, int ldc, Triangle triangle, A shift) {
        if (shift != null && (!transA || transB)) throw new IllegalStateException("a packing shift needs op(A) = A^T and op(B) = B");
        if (m == 0 || n == 0) return;
        final boolean parallel = workers.threads() > 1 && (long) m * n * k >= PARALLEL_MIN_FMAS;
        // In parallel, the threads scale C's rows while they pack the first B block.
        final boolean scaleWhilePacking = parallel && beta != 1 && alpha != 0 && k != 0;
        if (beta != 1 && !scaleWhilePacking) {
            for (int i = 0; i < m; i++) p.scale(kern, beta, n, c, cOff + i * ldc);
        }
        if (alpha == 0 || k == 0) return;

        final int mr = p.tileRows(kern), nr = p.tileCols(kern);
        final int ncMax = Math.max(nr, NC / nr * nr);
        // A SYRK (op(A) = op(B)^T, one operand) whose columns fit one packed block reads its A
        // panels out of the packed B panels: column i of op(B) is row i of op(A).
        final boolean aInB = transA && !transB && a == b && aOff == bOff && lda == ldb && m <= n && n <= ncMax && nr % mr == 0;
        if (!parallel) { // the loop nest on the calling thread: C as one band
            band(p, kern, transA, transB, a, aOff, lda, b, bOff, ldb, shift, aInB, alpha, 1, c, cOff, ldc, m, n, k, mr, nr,
                    0, (m + mr - 1) / mr, 0, n, triangle);
            return;
        }
        // On 2+ threads: one band per thread, computed whole by its thread with its own copy of B
        // packed, so no thread reads what another wrote: a band of rows when C is taller than one
        // row block, else of columns (in whole tile panels). The packed B must be the thread's
        // own, not part of one buffer: the task a thread takes changes from call to call, and a
        // region of a shared buffer written by the other core last time moves between the cores
        // (100 x 500 x 500 on 2 threads of Zen 5, median calls of alternated JMH forks: 198-221 us
        // against 212-263 us with each task's panels in the caller's buffer).
        if (triangle == Triangle.ALL && !aInB) {
            Step<A> step = Step.take();
            try {
                step.p = p; step.kern = kern; step.transA = transA; step.transB = transB;
                step.a = a; step.aOff = aOff; step.lda = lda; step.b = b; step.bOff = bOff; step.ldb = ldb;
                step.c = c; step.cOff = cOff; step.ldc = ldc; step.alpha = alpha; step.shift = shift;
                step.beta = scaleWhilePacking ? beta : 1;
                step.m = m; step.n = n; step.k = k; step.mr = mr; step.nr = nr; step.bands = true;
                step.rowBands = (m + mr - 1) / mr > Math.max(1, MC / mr);
                step.chunks = Math.min(step.rowBands ? (m + mr - 1) / mr : (n + nr - 1) / nr, workers.threads());
                workers.forEach(step.chunks, step);
            } finally {
                step.release();
            }
            return;
        }
        final int bBlock = KC * roundUp(Math.min(n, ncMax), nr); // one packed k-block of B
        // In parallel, several k-blocks of B are packed in one phase and each task then runs
        // them all for its rows: two barriers per span instead of two per k-block.
        final int span = Math.max(1, Math.min((k + KC - 1) / KC, SPAN_ELEMENTS / bBlock));
        final A bPack = Workspace.acquire(p, bBlock * span);
        try {
            for (int jc = 0; jc < n; jc += ncMax) {
                final int nc = Math.min(ncMax, n - jc);
                final int nPanels = (nc + nr - 1) / nr;
                // Row blocks of at most MC rows, in whole tile panels, as equal as possible and a
                // multiple of the thread count. A triangle's blocks differ in work; with no A to
                // pack per block (aInB), small ones cost nothing and let a thread that is slowed
                // down hand its share to the other.
                final int mPanels = (m + mr - 1) / mr;
                int mBlocks = Math.min(mPanels, roundUp((mPanels + Math.max(1, MC / mr) - 1) / Math.max(1, MC / mr), workers.threads()));
                if (aInB && triangle != Triangle.ALL) mBlocks = Math.min(mPanels, Math.max(mBlocks, 4 * workers.threads()));
                final int blocks = mBlocks;
                // Enough tasks to keep every thread busy; splitting columns re-packs A per chunk,
                // so only split as far as needed.
                final int chunks = Math.min(nPanels, Math.max(1, (2 * workers.threads() + blocks - 1) / blocks));
                for (int pc = 0; pc < k; pc += span * KC) {
                    final int pcEnd = Math.min(k, pc + span * KC);
                    Step<A> step = Step.take();
                    try {
                        step.p = p; step.kern = kern; step.transA = transA; step.transB = transB;
                        step.a = a; step.aOff = aOff; step.lda = lda; step.b = b; step.bOff = bOff; step.ldb = ldb;
                        step.c = c; step.cOff = cOff; step.ldc = ldc; step.alpha = alpha; step.triangle = triangle; step.bPack = bPack;
                        step.aInB = aInB; step.shift = shift;
                        step.beta = scaleWhilePacking && pc == 0 && jc == 0 ? beta : 1; // the first span's packers scale all of C
                        step.n = n;
                        step.m = m; step.mr = mr; step.nr = nr; step.pc = pc; step.pcEnd = pcEnd; step.jc = jc; step.nc = nc;
                        step.bBlock = bBlock; step.nPanels = nPanels; step.blocks = blocks; step.chunks = chunks;
                        step.packTasks = Math.min(nPanels, 2 * workers.threads());
                        step.packing = true;
                        workers.forEach(step.packTasks * ((pcEnd - pc + KC - 1) / KC), step);
                        step.packing = false;
                        workers.forEach(blocks * chunks, step);
                    } finally {
                        step.release();
                    }
                }
            }
        } finally {
            Workspace.release(bPack);
        }
    }

    /**
     * A parallel GEMM's work as a reusable task: a band of rows or columns (task t: band t); or
     * a SYRK's span of k-blocks, in phases: packing B's panels (task t: k-block t / packTasks,
     * panel range t % packTasks), then the grid of row blocks by column chunks, each running
     * every k-block of the span in order. Kept per calling thread and refilled for every GEMM or
     * span, so a parallel GEMM allocates nothing (a lambda per phase would, 600 times per
     * training step).
     */
    private static final class Step<A> implements java.util.function.IntConsumer {
        private static final ThreadLocal<Step<?>> FREE = ThreadLocal.withInitial(Step::new);

        private boolean inUse;
        Precision<A, ?> p;
        Kernels kern;
        boolean transA, transB, packing, aInB, bands, rowBands;
        Triangle triangle;
        A a, b, c, bPack, shift;
        int aOff, lda, bOff, ldb, cOff, ldc, m, n, k, mr, nr, pc, pcEnd, jc, nc, bBlock, nPanels, blocks, chunks, packTasks;
        double alpha, beta;

        /** This thread's task, or a new one if it is in use further up the stack. */
        @SuppressWarnings("unchecked")
        static <A> Step<A> take() {
            Step<A> s = (Step<A>) FREE.get();
            if (s.inUse) s = new Step<>();
            s.inUse = true;
            return s;
        }

        /** Drops the references to the caller's arrays and frees the task. */
        void release() {
            a = b = c = bPack = shift = null;
            p = null;
            inUse = false;
            bands = false;
        }

        @Override public void accept(int t) {
            if (bands) { // band t of the rows or of the columns, in whole tile panels
                int p0 = 0, p1 = (m + mr - 1) / mr, j0 = 0, j1 = n, nPanels = (n + nr - 1) / nr;
                if (rowBands) {
                    p0 = (int) ((long) t * p1 / chunks);
                    p1 = (int) ((long) (t + 1) * p1 / chunks);
                } else {
                    j0 = (int) ((long) t * nPanels / chunks) * nr;
                    j1 = Math.min(n, (int) ((long) (t + 1) * nPanels / chunks) * nr);
                }
                band(p, kern, transA, transB, a, aOff, lda, b, bOff, ldb, shift, false, alpha, beta, c, cOff, ldc, m, n, k, mr, nr,
                        p0, p1, j0, j1, Triangle.ALL);
            } else if (packing) {
                int tasks = packTasks * ((pcEnd - pc + KC - 1) / KC);
                if (beta != 1) { // this task's share of C's rows, before any tile writes them
                    for (int i = (int) ((long) t * m / tasks), end = (int) ((long) (t + 1) * m / tasks); i < end; i++) p.scale(kern, beta, n, c, cOff + i * ldc);
                }
                int kb = t / packTasks, q = t % packTasks, from = pc + kb * KC;
                packB(p, kern, transB, b, bOff, ldb, shift, from, Math.min(KC, pcEnd - from), jc, nc,
                        q * nPanels / packTasks, (q + 1) * nPanels / packTasks, nr, bPack, kb * bBlock);
            } else {
                // The lower triangle's last row blocks hold the most tiles: hand them out first, so
                // the threads finish together (which thread runs a block never changes its bits).
                int ib = triangle == Triangle.LOWER ? blocks - 1 - t / chunks : t / chunks;
                block(p, kern, transA, a, aOff, lda, shift, aInB, bPack, bBlock, c, cOff, ldc, alpha, m, mr, nr, pc, pcEnd, jc, nc, nPanels,
                        ib, blocks, t % chunks, chunks, triangle);
            }
        }
    }

    /**
     * Rows of tile panels [p0, p1) of C by its columns [j0, j1) (those touching
     * {@code triangle}), the whole product for them, on the calling thread, B packed here one
     * k-block at a time: the serial loop nest on one band. In parallel each thread packs a copy of
     * B this way, which costs less than reading panels another core packed (on 2 threads of Zen 5,
     * 1000 x 784 x 500 took 2.13 ms against 2.55 ms with B packed once and shared).
     */
    private static <A> void band(Precision<A, ?> p, Kernels kern, boolean transA, boolean transB, A a, int aOff, int lda,
                                 A b, int bOff, int ldb, A shift, boolean aInB, double alpha, double beta, A c, int cOff, int ldc,
                                 int m, int n, int k, int mr, int nr, int p0, int p1, int j0, int j1, Triangle triangle) {
        int r0 = p0 * mr, r1 = Math.min(m, p1 * mr);
        if (r0 >= r1 || j0 >= j1) return;
        if (beta != 1) for (int i = r0; i < r1; i++) p.scale(kern, beta, j1 - j0, c, cOff + i * ldc + j0);
        int ncMax = Math.max(nr, NC / nr * nr);
        int bBlock = KC * roundUp(Math.min(j1 - j0, ncMax), nr);
        int perBlock = Math.max(1, MC / mr), blocks = (p1 - p0 + perBlock - 1) / perBlock;
        A bPack = Workspace.acquire(p, bBlock);
        try {
            for (int jc = j0; jc < j1; jc += ncMax) {
                int nc = Math.min(ncMax, j1 - jc), nPanels = (nc + nr - 1) / nr;
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(p, kern, transB, b, bOff, ldb, shift, pc, kc, jc, nc, 0, nPanels, nr, bPack, 0);
                    for (int ib = 0; ib < blocks; ib++) {
                        int i0 = (p0 + ib * (p1 - p0) / blocks) * mr, i1 = Math.min(m, (p0 + (ib + 1) * (p1 - p0) / blocks) * mr);
                        rows(p, kern, transA, a, aOff, lda, shift, aInB, bPack, bBlock, c, cOff, ldc, alpha, i0, i1 - i0, mr, nr,
                                pc, pc + kc, jc, nc, 0, nPanels, triangle);
                    }
                }
            }
        } finally {
            Workspace.release(bPack);
        }
    }

    /**
     * One task: row block {@code ib} of {@code blocks} against column chunk {@code chunk} of the
     * packed B blocks of k in [pcFrom, pcEnd), one after another ({@code bBlock} elements apart
     * in bPack); with {@code aInB} the A panels are read from the B blocks instead of packed.
     */
    private static <A> void block(Precision<A, ?> p, Kernels kern, boolean transA, A a, int aOff, int lda, A shift,
                                  boolean aInB, A bPack, int bBlock, A c, int cOff, int ldc, double alpha,
                                  int m, int mr, int nr, int pcFrom, int pcEnd, int jc, int nc, int nPanels,
                                  int ib, int blocks, int chunk, int chunks, Triangle triangle) {
        final int mPanels = (m + mr - 1) / mr;
        final int i0 = (int) ((long) ib * mPanels / blocks) * mr;
        final int rows = Math.min((int) ((long) (ib + 1) * mPanels / blocks) * mr, m) - i0;
        final int jp0 = chunk * nPanels / chunks, jp1 = (chunk + 1) * nPanels / chunks;
        rows(p, kern, transA, a, aOff, lda, shift, aInB, bPack, bBlock, c, cOff, ldc, alpha, i0, rows, mr, nr, pcFrom, pcEnd, jc, nc, jp0, jp1, triangle);
    }

    /** Rows [i0, i0+rows) of C against B's panels [jp0, jp1) of the packed k-blocks of [pcFrom, pcEnd). */
    private static <A> void rows(Precision<A, ?> p, Kernels kern, boolean transA, A a, int aOff, int lda, A shift,
                                 boolean aInB, A bPack, int bBlock, A c, int cOff, int ldc, double alpha,
                                 int i0, int rows, int mr, int nr, int pcFrom, int pcEnd, int jc, int nc, int jp0, int jp1, Triangle triangle) {
        if (jp0 == jp1) return;
        if (triangle.skips(i0, rows, jc + jp0 * nr, (jp1 - jp0) * nr)) return; // the whole chunk lies in the other triangle
        final int rPanels = (rows + mr - 1) / mr;
        final A aPack = aInB ? bPack : Workspace.acquire(p, rPanels * mr * Math.min(KC, pcEnd - pcFrom));
        final A edge = Workspace.acquire(p, mr * nr);
        final int aStride = aInB ? nr : mr;
        try {
            for (int pc = pcFrom, base = 0; pc < pcEnd; pc += KC, base += bBlock) {
                final int kc = Math.min(KC, pcEnd - pc);
                if (!aInB) packA(p, kern, transA, a, aOff, lda, shift, i0, rows, pc, kc, mr, aPack);
                for (int jp = jp0; jp < jp1; jp++) {
                    final int j = jc + jp * nr;
                    final int cols = Math.min(nr, jc + nc - j);
                    for (int rp = 0; rp < rPanels; rp++) {
                        final int i = i0 + rp * mr;
                        if (triangle.skips(i, Math.min(mr, rows - rp * mr), j, nr)) continue; // tile wholly in the other triangle
                        final int tileRows = Math.min(mr, rows - rp * mr);
                        // Where panel rp starts: its own packed panel, or its first column in B's panel.
                        final int ao = aInB ? base + i / nr * kc * nr + i % nr : rp * mr * kc;
                        if (tileRows == mr && cols == nr) {
                            p.tile(kern, kc, aPack, ao, aStride, bPack, base + jp * kc * nr, alpha, c, cOff + i * ldc + j, ldc);
                        } else {
                            // Partial tile: compute a full one into scratch, add the part that exists.
                            p.zero(edge, 0, mr * nr);
                            p.tile(kern, kc, aPack, ao, aStride, bPack, base + jp * kc * nr, alpha, edge, 0, nr);
                            for (int r = 0; r < tileRows; r++) p.addInto(kern, cols, edge, r * nr, c, cOff + (i + r) * ldc + j);
                        }
                    }
                }
            }
        } finally {
            Workspace.release(edge);
            if (!aInB) Workspace.release(aPack);
        }
    }

    /**
     * Packs rows [i0, i0+rows) by k-columns [p0, p0+kc) of op(A) as tile-high panels, panel r at
     * {@code dst[r*mr*kc]}: for each k, mr consecutive values (zero beyond {@code rows}).
     */
    private static <A> void packA(Precision<A, ?> p, Kernels kern, boolean trans, A a, int aOff, int lda, A shift,
                                  int i0, int rows, int p0, int kc, int mr, A dst) {
        int full = rows / mr;
        if (trans) { // op(A)(i, q) = a[q*lda + i]: each k-row of a panel is contiguous
            p.packPanelRows(kern, kc, full, mr, a, aOff + p0 * lda + i0, lda, shift, i0, dst, 0);
        } else {
            for (int r = 0; r < full; r++) p.packPanelColumns(kern, kc, mr, a, aOff + (i0 + r * mr) * lda + p0, lda, dst, r * mr * kc);
        }
        int left = rows - full * mr, d = full * mr * kc, i = i0 + full * mr;
        if (left == 0) return;
        p.zero(dst, d, mr * kc);
        // Copy along the source's contiguous direction: a k-row of op(A)^T, or a row of op(A).
        if (trans) {
            for (int q = 0; q < kc; q++) p.copyShifted(kern, a, aOff + (p0 + q) * lda + i, shift, i, dst, d + q * mr, left);
        } else {
            for (int r = 0; r < left; r++) p.copy(a, aOff + (i + r) * lda + p0, 1, dst, d + r, mr, kc);
        }
    }

    /**
     * Packs k-rows [p0, p0+kc) of op(B)'s panels [jp0, jp1) of the column block starting at jc
     * (nc columns), panel jp at {@code dst[d0 + jp*kc*nr]}: for each k, nr consecutive values
     * (zero beyond the block's last column).
     */
    private static <A> void packB(Precision<A, ?> p, Kernels kern, boolean trans, A b, int bOff, int ldb, A shift,
                                  int p0, int kc, int jc, int nc, int jp0, int jp1, int nr, A dst, int d0) {
        int full = Math.min(jp1, nc / nr) - jp0; // whole panels in [jp0, jp1)
        if (full > 0) {
            if (!trans) { // op(B)(q, j) = b[q*ldb + j]: read row by row across all the panels
                p.packPanelRows(kern, kc, full, nr, b, bOff + p0 * ldb + jc + jp0 * nr, ldb, shift, jc + jp0 * nr, dst, d0 + jp0 * kc * nr);
            } else {
                for (int jp = jp0; jp < jp0 + full; jp++) {
                    p.packPanelColumns(kern, kc, nr, b, bOff + (jc + jp * nr) * ldb + p0, ldb, dst, d0 + jp * kc * nr);
                }
            }
        }
        if (jp0 + Math.max(full, 0) == jp1) return;
        int jp = jp1 - 1, j0 = jc + jp * nr, cols = nc - jp * nr, d = d0 + jp * kc * nr; // the partial last panel
        p.zero(dst, d, nr * kc);
        // Copy along the source's contiguous direction: a row of op(B), or a column of op(B)^T.
        if (trans) {
            for (int j = 0; j < cols; j++) p.copy(b, bOff + (j0 + j) * ldb + p0, 1, dst, d + j, nr, kc);
        } else {
            for (int q = 0; q < kc; q++) p.copyShifted(kern, b, bOff + (p0 + q) * ldb + j0, shift, j0, dst, d + q * nr, cols);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
