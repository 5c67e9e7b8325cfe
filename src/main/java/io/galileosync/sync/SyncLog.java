package io.galileosync.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The persisted log of every sync run ({@code sync_log}), for people and the UI. Syncs that find nothing new
 * on their own (auto-syncs, another node's syncs with this one) are noise one after the other — 1,440 a day
 * per peer — so a streak of them with one peer is one entry: each new one replaces it (a new id, so live views
 * see it) with its checks counted and its first start kept, until something else happens with that peer.
 */
@Component
public class SyncLog {

    /** Triggers whose idle runs collapse into one entry per streak (a manual sync is always its own line). */
    static final Set<String> COLLAPSED = Set.of("auto", InboundSyncs.TRIGGER);
    private static final String IDLE = "outcome = 'success' and new_records = 0 and sent_records = 0 and conflicts = 0";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SyncLog(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * One sync run as logged, or a streak of idle ones.
     *
     * @param startedAt when it (the streak's first) started
     * @param checks    how many syncs this entry stands for (1, or the length of an idle streak)
     * @param lastAt    when the newest of an idle streak started; null for a single run
     */
    public record Entry(long id, String peerUrl, String peerNode, String triggerKind, long startedAt, long durationMs,
                        String outcome, long newRecords, long sentRecords, long conflicts, long bytesIn,
                        long bytesOut, String error, long checks, Long lastAt) {

        /** Mapped by hand: a row mapper that reads constructor parameter names breaks on instrumented classes. */
        static final RowMapper<Entry> ROW = (rs, n) -> new Entry(rs.getLong("id"), rs.getString("peer_url"),
                rs.getString("peer_node"), rs.getString("trigger_kind"), rs.getLong("started_at"),
                rs.getLong("duration_ms"), rs.getString("outcome"), rs.getLong("new_records"),
                rs.getLong("sent_records"), rs.getLong("conflicts"), rs.getLong("bytes_in"), rs.getLong("bytes_out"),
                rs.getString("error"), rs.getLong("checks"), rs.getObject("last_at", Long.class));

        /** The entry in words (times in UTC), e.g. "no new records since 2024-05-01T09:12:00Z, 38 checks". */
        @JsonProperty("summary")
        public String summary() {
            if (!"success".equals(outcome)) {
                return "failed: " + error;
            }
            if (newRecords == 0 && sentRecords == 0 && conflicts == 0) {
                return checks > 1 ? "no new records since " + utc(startedAt) + ", " + checks + " checks (the last at "
                        + utc(lastAt == null ? startedAt : lastAt) + ")" : "no new records";
            }
            return newRecords + " new, " + sentRecords + " sent, " + conflicts + " conflicts";
        }

        private static String utc(long epochMs) {
            return Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    /** Everything synced with one peer, summed over the log. */
    public record PeerVolume(String peer, long syncs, long failures, long newRecords, long sentRecords, long bytesIn,
                             long bytesOut) {
    }

    private static final String COLUMNS = "id, peer_url, peer_node, trigger_kind, started_at, duration_ms, outcome,"
            + " new_records, sent_records, conflicts, bytes_in, bytes_out, error, checks, last_at";

    /** Synchronized: a streak is read and replaced by one writer at a time, each in its own committed transaction. */
    synchronized void add(String url, String peerNode, String trigger, long startedAt, SyncService.SyncResult result,
                          String error) {
        boolean idle = error == null && result.newRecords() == 0 && result.sentRecords() == 0
                && result.conflicts() == 0;
        if (idle && COLLAPSED.contains(trigger)) {
            tx.executeWithoutResult(status -> addIdle(url, peerNode, trigger, startedAt, result));
            return;
        }
        insert(url, peerNode, trigger, startedAt, result.durationMs(), error, result.newRecords(),
                result.sentRecords(), result.conflicts(), result.bytesIn(), result.bytesOut(), 1, null);
    }

    /** The streak this idle run continues (the peer's newest entry of this trigger, nothing else since), replaced. */
    private void addIdle(String url, String peerNode, String trigger, long startedAt,
                                      SyncService.SyncResult result) {
        Entry streak = jdbc.sql("select " + COLUMNS + " from sync_log where peer_url = ? and trigger_kind = ?"
                        + " order by id desc fetch first 1 rows only").params(url, trigger).query(Entry.ROW)
                .optional()
                .filter(e -> "success".equals(e.outcome()) && e.newRecords() == 0 && e.sentRecords() == 0
                        && e.conflicts() == 0)
                .filter(e -> jdbc.sql("select count(*) from sync_log where peer_url = ? and id > ? and not (" + IDLE
                        + ")").params(url, e.id()).query(Long.class).single() == 0)
                .orElse(null);
        if (streak == null) {
            insert(url, peerNode, trigger, startedAt, result.durationMs(), null, 0, 0, 0, result.bytesIn(),
                    result.bytesOut(), 1, null);
            return;
        }
        jdbc.sql("delete from sync_log where id = ?").param(streak.id()).update();
        insert(url, peerNode != null ? peerNode : streak.peerNode(), trigger, streak.startedAt(), result.durationMs(),
                null, 0, 0, 0, streak.bytesIn() + result.bytesIn(), streak.bytesOut() + result.bytesOut(),
                streak.checks() + 1, startedAt);
    }

    private void insert(String url, String peerNode, String trigger, long startedAt, long durationMs, String error,
                        long newRecords, long sentRecords, long conflicts, long bytesIn, long bytesOut, long checks,
                        Long lastAt) {
        jdbc.sql("""
                insert into sync_log (peer_url, peer_node, trigger_kind, started_at, duration_ms, outcome,
                    new_records, sent_records, conflicts, bytes_in, bytes_out, error, checks, last_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(url, peerNode, trigger, startedAt, durationMs, error == null ? "success" : "failure",
                        newRecords, sentRecords, conflicts, bytesIn, bytesOut, error, checks, lastAt)
                .update();
    }

    /** Newest first. */
    public List<Entry> latest(int limit) {
        return jdbc.sql("select " + COLUMNS + " from sync_log order by id desc fetch first "
                + Math.max(1, Math.min(limit, 10_000)) + " rows only").query(Entry.ROW).list();
    }

    /** Entries after {@code id}, oldest first. */
    public List<Entry> after(long id) {
        return jdbc.sql("select " + COLUMNS + " from sync_log where id > ? order by id").param(id)
                .query(Entry.ROW).list();
    }

    public long newestId() {
        return jdbc.sql("select coalesce(max(id), 0) from sync_log").query(Long.class).single();
    }

    /** Per peer URL, by URL; an idle streak counts all its syncs. */
    public List<PeerVolume> volumeByPeer() {
        return jdbc.sql("""
                select peer_url, sum(checks) as syncs,
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
