package io.galileosync.web;

import io.galileosync.node.NodeIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The numbers behind the UI's charts, from the records and the sync log (portable SQL). */
@Component
class SyncCharts {

    static final int MINUTES = 60;

    private final JdbcClient jdbc;
    private final NodeIdentity node;

    SyncCharts(JdbcClient jdbc, NodeIdentity node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    /** One minute of stored records: {@code local} from trackers here, {@code fromPeers} by sync or import. */
    record Minute(long minute, long local, long fromPeers) {
    }

    record PeerVolume(String peer, long syncs, long failures, long newRecords, long sentRecords, long bytesIn,
                      long bytesOut) {
    }

    Map<String, Object> snapshot() {
        long now = System.currentTimeMillis();
        long firstMinute = now / 60_000 - (MINUTES - 1);
        long[] local = new long[MINUTES];
        long[] fromPeers = new long[MINUTES];
        jdbc.sql("""
                select m, mine, count(*) as n from (
                    select received_at / 60000 as m, case when origin_node = ? then 1 else 0 end as mine
                    from records where received_at >= ?) t
                group by m, mine""")
                .params(node.nodeId(), firstMinute * 60_000)
                .query((rs, i) -> {
                    int index = (int) (rs.getLong("m") - firstMinute);
                    if (index >= 0 && index < MINUTES) {
                        (rs.getInt("mine") == 1 ? local : fromPeers)[index] += rs.getLong("n");
                    }
                    return null;
                }).list();
        List<Minute> minutes = new java.util.ArrayList<>(MINUTES);
        for (int i = 0; i < MINUTES; i++) {
            minutes.add(new Minute((firstMinute + i) * 60, local[i], fromPeers[i]));
        }
        List<PeerVolume> peers = jdbc.sql("""
                select peer_url, count(*) as syncs,
                    sum(case when outcome = 'success' then 0 else 1 end) as failures,
                    sum(new_records) as new_records, sum(sent_records) as sent_records,
                    sum(bytes_in) as bytes_in, sum(bytes_out) as bytes_out
                from sync_log group by peer_url order by peer_url""")
                .query((rs, i) -> new PeerVolume(rs.getString("peer_url"), rs.getLong("syncs"), rs.getLong("failures"),
                        rs.getLong("new_records"), rs.getLong("sent_records"), rs.getLong("bytes_in"),
                        rs.getLong("bytes_out")))
                .list();
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("perMinute", minutes);
        charts.put("syncVolume", peers);
        return charts;
    }
}
