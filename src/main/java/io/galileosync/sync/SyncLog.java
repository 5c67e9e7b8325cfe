package io.galileosync.sync;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The persisted log of every sync run ({@code sync_log}), for people and the UI. */
@Component
public class SyncLog {

    private final JdbcClient jdbc;

    SyncLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One sync run as logged. */
    public record Entry(long id, String peerUrl, String peerNode, String triggerKind, long startedAt, long durationMs,
                        String outcome, long newRecords, long sentRecords, long conflicts, long bytesIn,
                        long bytesOut, String error) {
    }

    /** Everything synced with one peer, summed over the log. */
    public record PeerVolume(String peer, long syncs, long failures, long newRecords, long sentRecords, long bytesIn,
                             long bytesOut) {
    }

    private static final String COLUMNS = "id, peer_url, peer_node, trigger_kind, started_at, duration_ms, outcome,"
            + " new_records, sent_records, conflicts, bytes_in, bytes_out, error";

    void add(String url, String peerNode, String trigger, long startedAt, SyncService.SyncResult result,
             String error) {
        jdbc.sql("""
                insert into sync_log (peer_url, peer_node, trigger_kind, started_at, duration_ms, outcome,
                    new_records, sent_records, conflicts, bytes_in, bytes_out, error)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(url, peerNode, trigger, startedAt, result.durationMs(), error == null ? "success" : "failure",
                        result.newRecords(), result.sentRecords(), result.conflicts(), result.bytesIn(),
                        result.bytesOut(), error)
                .update();
    }

    /** Newest first. */
    public List<Entry> latest(int limit) {
        return jdbc.sql("select " + COLUMNS + " from sync_log order by id desc fetch first "
                + Math.max(1, Math.min(limit, 10_000)) + " rows only").query(Entry.class).list();
    }

    /** Entries after {@code id}, oldest first. */
    public List<Entry> after(long id) {
        return jdbc.sql("select " + COLUMNS + " from sync_log where id > ? order by id").param(id)
                .query(Entry.class).list();
    }

    public long newestId() {
        return jdbc.sql("select coalesce(max(id), 0) from sync_log").query(Long.class).single();
    }

    /** Per peer URL, by URL. */
    public List<PeerVolume> volumeByPeer() {
        return jdbc.sql("""
                select peer_url, count(*) as syncs,
                    sum(case when outcome = 'success' then 0 else 1 end) as failures,
                    sum(new_records) as new_records, sum(sent_records) as sent_records,
                    sum(bytes_in) as bytes_in, sum(bytes_out) as bytes_out
                from sync_log group by peer_url order by peer_url""")
                .query((rs, i) -> new PeerVolume(rs.getString("peer_url"), rs.getLong("syncs"), rs.getLong("failures"),
                        rs.getLong("new_records"), rs.getLong("sent_records"), rs.getLong("bytes_in"),
                        rs.getLong("bytes_out")))
                .list();
    }
}
