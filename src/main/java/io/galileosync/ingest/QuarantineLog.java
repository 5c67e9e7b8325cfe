package io.galileosync.ingest;

import io.galileosync.ingest.IngestLog.Repeated;
import io.galileosync.store.StoreTask;
import io.galileosync.store.StoreWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The quarantine table: packets with a valid CRC that could not be turned into records, kept raw and ACKed
 * so the tracker's archive keeps moving, and re-decodable later. Anyone on the network can send such packets,
 * so the table is capped by size and by age, the oldest dropped first (counted, and logged once per interval).
 * Its writes run in the store's writer transactions, on the writer's one thread.
 */
@Component
class QuarantineLog {

    private static final int MAX_REASON = 1000;
    /** What a row takes besides its frame and reason (the other columns, the row and index entries), roughly. */
    private static final long ROW_OVERHEAD = 128;
    private static final String ROW_SIZE = "length(frame_hex) / 2 + length(reason) + " + ROW_OVERHEAD;
    /** Dropping for size goes down to this share of the cap, so it runs once per tenth of the cap added. */
    private static final double LOW_WATER = 0.9;
    private static final int DROP_CHUNK = 500;

    private final JdbcClient jdbc;
    private final long maxBytes;
    private final long maxAgeMs;
    private final IngestMetrics metrics;
    private final IngestLog log;
    /** Bytes the table holds by {@link #ROW_SIZE}, counted up on insert; -1 until read (writer thread only). */
    private long bytes = -1;

    QuarantineLog(JdbcClient jdbc, IngestProperties config, IngestMetrics metrics, IngestLog log) {
        this.jdbc = jdbc;
        this.maxBytes = config.quarantineMaxSize().toBytes();
        this.maxAgeMs = config.quarantineMaxAge().toMillis();
        this.metrics = metrics;
        this.log = log;
    }

    /** A packet to keep raw. */
    record Entry(String imei, String remoteAddress, int header, String reason, String frameHex, long receivedAt) {
    }

    /** A quarantined packet as kept. */
    record Kept(String frameHex, String imei, long receivedAt) {
    }

    /** Keeps the packet in the same transaction as the rest of its group commit, within the caps. */
    StoreWork keep(Entry entry) {
        return tx -> {
            String reason = entry.reason().length() > MAX_REASON ? entry.reason().substring(0, MAX_REASON)
                    : entry.reason();
            try (PreparedStatement st = tx.connection().prepareStatement("""
                    insert into quarantine (received_at, imei, remote_address, header, reason, frame_hex)
                    values (?, ?, ?, ?, ?, ?)""")) {
                st.setLong(1, entry.receivedAt());
                st.setString(2, entry.imei());
                st.setString(3, entry.remoteAddress());
                st.setInt(4, entry.header());
                st.setString(5, reason);
                st.setString(6, entry.frameHex());
                st.executeUpdate();
            }
            dropExpired(tx.connection(), entry.receivedAt());
            if (bytes >= 0) {
                bytes += entry.frameHex().length() / 2 + reason.length() + ROW_OVERHEAD;
            }
            if (bytes < 0 || bytes > maxBytes) {
                bytes = measure(tx.connection());
                if (bytes > maxBytes) {
                    dropOldest(tx.connection());
                }
            }
        };
    }

    /** Drops what is older than the max age (run now and then too, for a quarantine nobody writes to). */
    StoreTask<Integer> dropExpired() {
        return tx -> dropExpired(tx.connection(), System.currentTimeMillis());
    }

    private int dropExpired(Connection connection, long nowMs) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("delete from quarantine where received_at < ?")) {
            st.setLong(1, nowMs - maxAgeMs);
            int dropped = st.executeUpdate();
            if (dropped > 0) {
                bytes = -1;
                dropped("age", dropped, "older than " + maxAgeMs / 1000 + " s");
            }
            return dropped;
        }
    }

    /** Drops the oldest rows until the table is down to the low-water mark. */
    private void dropOldest(Connection connection) throws SQLException {
        long target = (long) (maxBytes * LOW_WATER);
        long dropped = 0;
        while (bytes > target) {
            long lastId = -1;
            long freed = 0;
            try (PreparedStatement st = connection.prepareStatement("select id, " + ROW_SIZE
                    + " from quarantine order by id fetch first " + DROP_CHUNK + " rows only");
                 ResultSet rs = st.executeQuery()) {
                while (bytes - freed > target && rs.next()) {
                    lastId = rs.getLong(1);
                    freed += rs.getLong(2);
                }
            }
            if (lastId < 0) {
                break;
            }
            try (PreparedStatement st = connection.prepareStatement("delete from quarantine where id <= ?")) {
                st.setLong(1, lastId);
                dropped += st.executeUpdate();
            }
            bytes -= freed;
        }
        dropped("size", dropped, "over the cap of " + maxBytes + " bytes");
    }

    private void dropped(String reason, long count, String why) {
        metrics.quarantineDropped(reason, count);
        log.log(Repeated.QUARANTINE_DROPPED, reason, "quarantine: dropped the {} oldest packets, {}", count, why);
    }

    private static long measure(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select coalesce(sum(" + ROW_SIZE + "), 0) from quarantine");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Optional<Kept> find(long id) {
        return jdbc.sql("select frame_hex, imei, received_at from quarantine where id = ?").param(id)
                .query((rs, n) -> new Kept(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .optional();
    }

    /** Marks the packet decoded, in the transaction that stores its records. */
    static StoreWork redecoded(long id, long at) {
        return tx -> {
            try (PreparedStatement st = tx.connection().prepareStatement(
                    "update quarantine set redecoded_at = ? where id = ?")) {
                st.setLong(1, at);
                st.setLong(2, id);
                st.executeUpdate();
            }
        };
    }
}
