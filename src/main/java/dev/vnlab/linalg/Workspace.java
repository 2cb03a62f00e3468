package dev.vnlab.linalg;

/**
 * Reusable scratch arrays, kept per thread so that steady-state GEMM calls allocate nothing.
 * A stack rather than one array per thread: a thread that waits for parallel work may run
 * another GEMM meanwhile (work stealing), and that one must not reuse buffers still in use.
 * A plain array, not a collection: iterating one would allocate an iterator per call.
 */
final class Workspace {
    private static final int CAPACITY = 16;
    private static final ThreadLocal<Workspace> FREE = ThreadLocal.withInitial(Workspace::new);

    private final Object[] arrays = new Object[CAPACITY];
    private int size;

    private Workspace() {}

    /** An array of at least {@code n} elements, contents undefined; give it back with {@link #release}. */
    static <A> A acquire(Precision<A, ?> p, int n) {
        Workspace w = FREE.get();
        int tooSmall = -1;
        for (int i = w.size - 1; i >= 0; i--) { // most recently released first
            Object o = w.arrays[i];
            if (p == Precision.FLOAT ? !(o instanceof float[]) : !(o instanceof double[])) continue;
            @SuppressWarnings("unchecked") A a = (A) o;
            if (p.length(a) >= n) {
                w.remove(i);
                return a;
            }
            if (tooSmall < 0) tooSmall = i;
        }
        if (tooSmall >= 0) w.remove(tooSmall); // replaced by the larger one
        return p.alloc(n);
    }

    /** Returns an array obtained from {@link #acquire} on the same thread. */
    static void release(Object array) {
        Workspace w = FREE.get();
        if (w.size < CAPACITY) w.arrays[w.size++] = array;
    }

    private void remove(int i) {
        System.arraycopy(arrays, i + 1, arrays, i, size - i - 1);
        arrays[--size] = null;
    }
}
