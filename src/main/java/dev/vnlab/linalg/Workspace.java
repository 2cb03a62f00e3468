package dev.vnlab.linalg;

/**
 * Per-thread scratch for the library's own routines (GEMM packing, SYMV, the decompositions, the
 * measurement passes' batch buffers and covariance scratch), so that steady-state calls allocate
 * nothing but their results: the thread is the owner, a sweep lane or a caller's own thread.
 * Give back what you take, on the same thread, and never let a taken array escape into a result:
 * its next user overwrites it. Public for the library's other packages, not meant for callers.
 * A stack rather than one array per thread: a thread that waits for parallel work may run
 * another GEMM meanwhile (work stealing), and that one must not reuse buffers still in use.
 * A plain array, not a collection: iterating one would allocate an iterator per call.
 */
public final class Workspace {
    private static final int CAPACITY = 16;
    private static final ThreadLocal<Workspace> FREE = ThreadLocal.withInitial(Workspace::new);

    private final Object[] arrays = new Object[CAPACITY];
    private int size;

    private Workspace() {}

    /**
     * An array of at least {@code n} elements, contents undefined; give it back with
     * {@link #release}. The smallest cached array that fits is taken, so a small request does
     * not use up the large array the next request needs.
     */
    public static <A> A acquire(Precision<A, ?> p, int n) {
        Workspace w = FREE.get();
        int best = -1, smallest = -1;
        for (int i = w.size - 1; i >= 0; i--) {
            Object o = w.arrays[i];
            if (p == Precision.FLOAT ? !(o instanceof float[]) : !(o instanceof double[])) continue;
            @SuppressWarnings("unchecked") A a = (A) o;
            int len = p.length(a);
            if (len >= n && (best < 0 || len < lengthAt(p, w, best))) best = i;
            if (len < n && (smallest < 0 || len < lengthAt(p, w, smallest))) smallest = i;
        }
        if (best >= 0) {
            @SuppressWarnings("unchecked") A a = (A) w.arrays[best];
            w.remove(best);
            return a;
        }
        if (smallest >= 0) w.remove(smallest); // replaced by the larger one about to be made
        return p.alloc(n);
    }

    @SuppressWarnings("unchecked")
    private static <A> int lengthAt(Precision<A, ?> p, Workspace w, int i) { return p.length((A) w.arrays[i]); }

    /** Returns an array obtained from {@link #acquire} on the same thread. */
    public static void release(Object array) {
        Workspace w = FREE.get();
        if (w.size < CAPACITY) w.arrays[w.size++] = array;
    }

    private void remove(int i) {
        System.arraycopy(arrays, i + 1, arrays, i, size - i - 1);
        arrays[--size] = null;
    }
}
