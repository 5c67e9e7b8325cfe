package io.galileosync.store;

/** The write queue is full: the caller should not acknowledge, so the tracker re-sends later. */
public class StoreOverloadedException extends RuntimeException {

    public StoreOverloadedException(int capacity) {
        super("record writer queue is full (" + capacity + " packets waiting)");
    }
}
