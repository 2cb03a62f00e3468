package dev.vnlab.memory;

/**
 * Work that needs more heap than this JVM may use, found before it starts. The message names
 * the work, the memory it needs and the heap; {@link #suggestedMaxHeapMib()} is a heap that holds it.
 */
public final class HeapTooSmallException extends RuntimeException {
    private final long neededBytes, maxHeapBytes;

    public HeapTooSmallException(String what, long neededBytes, long maxHeapBytes) {
        super(what + " needs about " + HeapBudget.mib(neededBytes) + " MB of heap, more than the " + HeapBudget.mib(maxHeapBytes)
                + " MB this JVM may use");
        this.neededBytes = neededBytes;
        this.maxHeapBytes = maxHeapBytes;
    }

    /** The bytes the work needs, its arrays and the JVM's baseline. */
    public long neededBytes() {
        return neededBytes;
    }

    /** The heap this JVM may use (-Xmx), in bytes. */
    public long maxHeapBytes() {
        return maxHeapBytes;
    }

    /** A -Xmx in MiB that holds the work: the need plus a quarter, rounded up to 64 MiB. */
    public long suggestedMaxHeapMib() {
        long mib = HeapBudget.mib(neededBytes + neededBytes / 4);
        return (mib + 63) / 64 * 64;
    }
}
