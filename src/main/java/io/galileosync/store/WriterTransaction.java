package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction of the writer thread: record inserts are batched (one round trip for the lot), each device
 * touched gets one read and one write at the end, and the local sequence is kept with the records.
 */
final class WriterTransaction implements StoreTransaction, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriterTransaction.class);

    private final Connection connection;
    private final RecordTable table;
    private final NewNames names;
    private final String nodeId;
    private final LocalSequence sequence;
    private final NewestTimes newest;
    private final Map<String, DeviceChange> devices = new LinkedHashMap<>();
    /** Versions inserted in this transaction, for lookups before the batch is flushed. */
    private final Map<RecordKey, StoredVersion> inserted = new HashMap<>();
    /** Row ids taken in this transaction, flushed or not. */
    private final Set<Long> ids = new HashSet<>();
    /** Per origin id: its last row id before this transaction. */
    private final Map<Integer, Long> lastIds = new HashMap<>();
    private PreparedStatement insert;
    private PreparedStatement idTaken;
    private int batched;
    private int renumbered;

    WriterTransaction(Connection connection, RecordTable table, String nodeId, LocalSequence sequence,
                      NewestTimes newest) {
        this.newest = newest;
        this.connection = connection;
        this.table = table;
        this.names = new NewNames(connection);
        this.nodeId = nodeId;
        this.sequence = sequence;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /**
     * Point lookups on the key's unique index (a batch may span decades of one tracker's unset-clock records),
     * but none for a record later than everything stored of its IMEI ({@link NewestTimes}).
     */
    @Override
    public Map<RecordKey, StoredVersion> versions(Collection<RecordKey> keys) throws SQLException {
        Map<RecordKey, StoredVersion> versions = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(RecordTable.VERSION_OF_KEY)) {
            for (RecordKey key : keys) {
                StoredVersion pending = inserted.get(key);
                if (pending != null) {
                    versions.put(key, pending);
                    continue;
                }
                if (versions.containsKey(key)) {
                    continue;
                }
                Integer imeiId = table.knownImeiId(key.imei(), names);
                if (!newest.mayHold(connection, imeiId, key.imei(), key.timeMs())) {
                    continue;
                }
                RecordTable.bindKey(st, imeiId, key);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        versions.put(key, new StoredVersion(rs.getLong(1), table.origin(rs.getInt(2)), rs.getLong(3),
                                rs.getLong(4)));
                    }
                }
            }
        }
        return versions;
    }

    @Override
    public long highestSeq(String origin) throws SQLException {
        flush();
        return RecordTable.highestSeq(connection, origin);
    }

    @Override
    public StoredRecord read(RecordKey key) throws SQLException {
        flush();
        try (PreparedStatement st = connection.prepareStatement(RecordTable.STORED_OF_KEY)) {
            Integer imeiId = table.knownImeiId(key.imei(), names);
            if (imeiId != null) {
                RecordTable.bindKey(st, imeiId, key);
            }
            try (ResultSet rs = imeiId == null ? null : st.executeQuery()) {
                if (rs == null || !rs.next()) {
                    throw new IllegalArgumentException("no record is stored under " + key);
                }
                return table.readStored(rs, names);
            }
        }
    }

    @Override
    public long nextLocalSeq() throws SQLException {
        return sequence.next(connection);
    }

    @Override
    public void localSeqTaken(long seq) throws SQLException {
        sequence.passed(connection, seq);
    }

    @Override
    public void insert(StoredRecord given, long hash) throws SQLException {
        StoredRecord record = underFreeId(given);
        if (insert == null) {
            insert = connection.prepareStatement(RecordTable.INSERT);
        }
        table.bindInsert(insert, record, hash, names);
        insert.addBatch();
        batched++;
        inserted.put(record.record().key(), new StoredVersion(hash, record.originNode(), record.originSeq(),
                record.receivedAt()));
        devices.computeIfAbsent(record.record().imei(), DeviceChange::new).add(record.record(), record.receivedAt());
        newest.stored(record.record().imei(), record.record().timeMs());
        if (nodeId.equals(record.originNode())) {
            sequence.passed(connection, record.originSeq());
        }
    }

    @Override
    public void replace(StoredRecord given, long hash) throws SQLException {
        flush();
        StoredRecord record = underFreeId(given);
        try (PreparedStatement st = connection.prepareStatement(RecordTable.REPLACE)) {
            table.bindReplace(st, record, hash, names);
            st.executeUpdate();
        }
        inserted.computeIfPresent(record.record().key(), (key, old) -> new StoredVersion(hash, record.originNode(),
                record.originSeq(), record.receivedAt()));
        if (nodeId.equals(record.originNode())) {
            sequence.passed(connection, record.originSeq());
        }
    }

    /**
     * The record under its own origin and number, or, when another row has that pair already (a node whose data
     * folder was copied, a peer that lies), under this node's next number: every record is kept, and spreads from
     * here as this node's. Only a number at or below the highest of its origin can be taken: the usual insert,
     * a tracker's record or a peer's next one, costs no lookup.
     */
    private StoredRecord underFreeId(StoredRecord record) throws SQLException {
        long id = table.rowId(record, names);
        if (ids.contains(id) || id <= lastIdBefore(id) && storedId(id)) {
            return renumbered(record);
        }
        ids.add(id);
        return record;
    }

    /** The last row id of {@code id}'s origin before this transaction, read once per origin. */
    private long lastIdBefore(long id) throws SQLException {
        int originId = (int) (id >>> RecordTable.SEQ_BITS);
        Long last = lastIds.get(originId);
        if (last == null) {
            last = RecordTable.lastId(connection, originId);
            lastIds.put(originId, last);
        }
        return last;
    }

    private boolean storedId(long id) throws SQLException {
        if (idTaken == null) {
            idTaken = connection.prepareStatement(RecordTable.ID_TAKEN);
        }
        idTaken.setLong(1, id);
        try (ResultSet rs = idTaken.executeQuery()) {
            return rs.next();
        }
    }

    private StoredRecord renumbered(StoredRecord record) throws SQLException {
        renumbered++;
        StoredRecord own = new StoredRecord(record.record(), nodeId, sequence.next(connection), record.receivedAt());
        ids.add(table.rowId(own, names));
        return own;
    }

    /** What a packet told about its tracker, applied with the other device changes at the end. */
    void seen(WriteRequest.DeviceSighting sighting, long receivedAt) {
        devices.computeIfAbsent(sighting.imei(), DeviceChange::new).seen(sighting, receivedAt);
    }

    @Override
    public int fillDevices(List<DeviceFill> fills) throws SQLException {
        return DeviceChange.fill(connection, fills);
    }

    @Override
    public Pruned prune(int maxPerImei, long minTimeMs) throws SQLException {
        flush();
        return RecordPruning.prune(connection, table, maxPerImei, minTimeMs);
    }

    @Override
    public Pruned pruneOldest(double fraction) throws SQLException {
        flush();
        return RecordPruning.pruneOldest(connection, fraction);
    }

    private void flush() throws SQLException {
        if (batched > 0) {
            insert.executeBatch();
            batched = 0;
        }
    }

    /** Everything still pending, before the commit. */
    void finish() throws SQLException {
        flush();
        for (DeviceChange change : devices.values()) {
            change.apply(connection);
        }
        devices.clear();
        sequence.persist(connection);
        if (renumbered > 0) {
            log.warn("{} records kept under this node's sequence numbers: another record had their origin and number",
                    renumbered);
        }
    }

    /** After the commit: the names it took are everyone's now. */
    void committed() {
        names.committed();
    }

    @Override
    public void close() throws SQLException {
        if (insert != null) {
            insert.close();
        }
        if (idTaken != null) {
            idTaken.close();
        }
    }
}
