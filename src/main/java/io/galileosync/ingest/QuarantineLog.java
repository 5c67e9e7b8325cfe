package io.galileosync.ingest;

import io.galileosync.store.StoreWork;
import java.sql.PreparedStatement;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The quarantine table: packets with a valid CRC that could not be turned into records, kept raw and ACKed
 * so the tracker's archive keeps moving, and re-decodable later.
 */
@Component
class QuarantineLog {

    private static final int MAX_REASON = 1000;

    private final JdbcClient jdbc;

    QuarantineLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A packet to keep raw. */
    record Entry(String imei, String remoteAddress, int header, String reason, String frameHex, long receivedAt) {
    }

    /** A quarantined packet as kept. */
    record Kept(String frameHex, String imei, long receivedAt) {
    }

    /** Keeps the packet in the same transaction as the rest of its group commit. */
    static StoreWork keep(Entry entry) {
        return tx -> {
            try (PreparedStatement st = tx.connection().prepareStatement("""
                    insert into quarantine (received_at, imei, remote_address, header, reason, frame_hex)
                    values (?, ?, ?, ?, ?, ?)""")) {
                st.setLong(1, entry.receivedAt());
                st.setString(2, entry.imei());
                st.setString(3, entry.remoteAddress());
                st.setInt(4, entry.header());
                st.setString(5, entry.reason().length() > MAX_REASON ? entry.reason().substring(0, MAX_REASON)
                        : entry.reason());
                st.setString(6, entry.frameHex());
                st.executeUpdate();
            }
        };
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
