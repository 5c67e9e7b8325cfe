package io.galileosync.store;

/**
 * A record as the store holds it: the record, its origin (the node that stored it first and that node's
 * sequence number for it) and the time it was first received, kept as it travels between nodes.
 */
public record StoredRecord(TrackRecord record, String originNode, long originSeq, long receivedAt) {

    /** The highest sequence number a record can have: a row id holds 40 bits of it (35 years of 1,000 a second). */
    public static final long MAX_SEQ = (1L << 40) - 1;
}
