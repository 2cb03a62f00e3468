package dev.vnlab.linalg;

import java.util.ArrayDeque;

/**
 * Reusable scratch arrays, kept per thread so that steady-state GEMM calls allocate nothing.
 * A stack rather than one array per thread: a thread that waits for parallel work may run
 * another GEMM meanwhile (work stealing), and that one must not reuse buffers still in use.
 */
final class Workspace {
    private static final ThreadLocal<ArrayDeque<Object>> FREE = ThreadLocal.withInitial(ArrayDeque::new);

    private Workspace() {}

    /** An array of at least {@code n} elements, contents undefined; give it back with {@link #release}. */
    static <A> A acquire(Precision<A, ?> p, int n) {
        ArrayDeque<Object> free = FREE.get();
        Object tooSmall = null;
        for (Object o : free) {
            if (p == Precision.FLOAT ? !(o instanceof float[]) : !(o instanceof double[])) continue;
            @SuppressWarnings("unchecked") A a = (A) o;
            if (p.length(a) >= n) {
                free.removeFirstOccurrence(o);
                return a;
            }
            tooSmall = o;
        }
        if (tooSmall != null) free.removeFirstOccurrence(tooSmall); // replaced by the larger one
        return p.alloc(n);
    }

    /** Returns an array obtained from {@link #acquire} on the same thread. */
    static void release(Object array) {
        ArrayDeque<Object> free = FREE.get();
        if (free.size() < 16) free.push(array);
    }
}
