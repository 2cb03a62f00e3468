package dev.vnlab.memory;

/**
 * What this JVM's heap can hold, checked before a large allocation or a whole run starts, so
 * that work too big for the heap is refused in one line ({@link HeapTooSmallException}) instead
 * of failing later with an {@link OutOfMemoryError}.
 */
public final class HeapBudget {
    /** Bytes the JVM itself, the class data and small objects of a run take beside its arrays. */
    public static final long BASELINE_BYTES = 24L << 20;

    private HeapBudget() {}

    /** The largest heap this JVM may use (-Xmx), in bytes. */
    public static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Throws unless {@code bytes} (beside {@link #BASELINE_BYTES}) fit in the heap.
     *
     * @param what what needs the memory, as the message's subject, e.g. "depth at width 40000"
     * @throws HeapTooSmallException naming {@code what}, the bytes needed and the heap
     */
    public static void require(long bytes, String what) {
        require(bytes, what, maxHeap());
    }

    /**
     * Throws unless {@code bytes} (beside {@link #BASELINE_BYTES}) fit in a heap of {@code maxHeap}
     * bytes: the check of {@link #require(long, String)} for another heap than this JVM's.
     *
     * @throws HeapTooSmallException naming {@code what}, the bytes needed and that heap
     */
    public static void require(long bytes, String what, long maxHeap) {
        if (bytes < 0 || bytes > maxHeap - BASELINE_BYTES) {
            throw new HeapTooSmallException(what, bytes < 0 ? Long.MAX_VALUE : bytes + BASELINE_BYTES, maxHeap);
        }
    }

    /** False under {@code -Dvnlab.heapCheck=false}: estimates are not enforced (for an estimate that is too cautious). */
    public static boolean enforced() {
        return !"false".equals(System.getProperty("vnlab.heapCheck"));
    }

    /**
     * The heap still free for {@code bytes} of new work, or as much as there is: the largest heap
     * less what is in use. What is in use includes garbage, so when that leaves too little, it is
     * measured again after a collection.
     */
    public static long available(long bytes) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - BASELINE_BYTES;
        if (free >= bytes) return free;
        System.gc(); // only when the work may not fit: what it frees decides
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - BASELINE_BYTES;
    }

    /** The least heap a planned run is given, in MiB: the JVM's own objects and a margin for small work. */
    public static final long PLAN_FLOOR_MIB = 64;

    /**
     * The heap to start a run with, in MiB: {@link #BASELINE_BYTES}, what every cell shares, and
     * {@code lanes} cells at once, with a quarter more for the estimates' slack and the garbage
     * between collections; at least {@link #PLAN_FLOOR_MIB}, rounded up to 16 MiB. A heap sized to
     * the work keeps the collector from growing the heap (and the process, page by page) far past
     * what the run holds.
     */
    public static long planMib(long perCell, int lanes, long shared) {
        double bytes = BASELINE_BYTES + shared + 1.25 * lanes * (double) perCell;
        long mib = (long) Math.ceil(bytes / (1 << 20));
        return Math.max(PLAN_FLOOR_MIB, (mib + 15) / 16 * 16);
    }

    /** {@code bytes} in MiB, rounded up, for messages. */
    public static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
