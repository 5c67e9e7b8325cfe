package io.galileosync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The store's side of one writer transaction, handed to {@link StoreTask}s and {@link StoreWork}: record and
 * device changes through the store's own methods, and the JDBC connection for the caller's own tables, so a
 * module's rows commit (or roll back) together with the records they belong to. Valid only during the task.
 */
public interface StoreTransaction {

    /** The transaction's connection, for tables of the calling module; never commit or close it. */
    Connection connection();

    /** This node's id: the origin of records first stored here. */
    String nodeId();

    /** The versions held for these keys (absent keys are left out), including records inserted in this transaction. */
    Map<RecordKey, StoredVersion> versions(Collection<RecordKey> keys) throws SQLException;

    /** The highest sequence number of {@code origin} held, 0 for none. */
    long highestSeq(String origin) throws SQLException;

    /** The held version of a key, in full. */
    StoredRecord read(RecordKey key) throws SQLException;

    /** This node's next origin sequence number (rolled back with the transaction). */
    long nextLocalSeq() throws SQLException;

    /**
     * This node's origin numbers up to {@code seq} are taken (a peer holds records of ours numbered that high:
     * this database was restored from an older backup): they are never handed out again.
     */
    void localSeqTaken(long seq) throws SQLException;

    /** Adds a record whose key is not held (updating its device); a record of this node's origin moves the sequence past it. */
    default void insert(StoredRecord record) throws SQLException {
        insert(record, ContentHash.of(record.record()));
    }

    /** {@link #insert(StoredRecord)} with the record's {@link ContentHash} already known to the caller. */
    void insert(StoredRecord record, long contentHash) throws SQLException;

    /** Replaces the held version of the record's key by this one, whose {@link ContentHash} is given. */
    void replace(StoredRecord record, long contentHash) throws SQLException;

    /** Adds unknown devices and fills unknown fields of known ones; answers the number added. */
    int fillDevices(List<DeviceFill> fills) throws SQLException;

    /**
     * Deletes records older than {@code minTimeMs} and, per IMEI, all but the newest {@code maxPerImei}
     * ({@code 0}: no cap).
     */
    Pruned prune(int maxPerImei, long minTimeMs) throws SQLException;

    /** Deletes the oldest records (by device time, of all trackers) until about {@code fraction} of them are gone. */
    Pruned pruneOldest(double fraction) throws SQLException;
}
