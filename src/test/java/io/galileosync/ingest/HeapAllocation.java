package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the current thread allocates while a decoder runs (HotSpot's per-thread counter), to prove that a
 * length declared in the input cannot make a decoder allocate beyond what the input itself could justify.
 */
final class HeapAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * What a decoder may take per input byte. A record costs a few hundred bytes of objects, and the smallest
     * records are one or two bytes long; Jazzer's comparison hooks, which run inside the decoders while fuzzing,
     * multiply allocations about fourfold. A length declared in a short input (up to 64 Ki entries) still goes
     * far over budget.
     */
    static final int BYTES_PER_INPUT_BYTE = 2048;
    private static final int BASE_BYTES = 256 * 1024;

    private HeapAllocation() {
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} (deterministic) and fails if it allocated more than the budget for {@code inputLength}
     * bytes. Over budget, it runs once more and only that run counts: the first may have loaded classes.
     */
    static void withinBudget(int inputLength, Work work) throws Exception {
        long budget = BASE_BYTES + (long) BYTES_PER_INPUT_BYTE * inputLength;
        long allocated = measure(work);
        if (allocated > budget) {
            allocated = measure(work);
        }
        assertThat(allocated).as("heap allocated for %d input bytes", inputLength).isLessThanOrEqualTo(budget);
    }

    private static long measure(Work work) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
