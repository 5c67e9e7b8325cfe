package io.galileosync.sync;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The peers this node syncs with, remembered across restarts ({@code known_peers}). */
@Component
class KnownPeers {

    private static final Logger log = LoggerFactory.getLogger(KnownPeers.class);

    private final JdbcClient jdbc;

    KnownPeers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Peer(String url, String nodeId, String name, String epoch, boolean enabled, long addedAt,
                Long lastSyncAt, Long lastSuccessAt, String lastError) {

        /** Mapped by hand: a row mapper that reads constructor parameter names breaks on instrumented classes. */
        static final RowMapper<Peer> ROW = (rs, n) -> new Peer(rs.getString("url"), rs.getString("node_id"),
                rs.getString("name"), rs.getString("epoch"), rs.getBoolean("enabled"), rs.getLong("added_at"),
                rs.getObject("last_sync_at", Long.class), rs.getObject("last_success_at", Long.class),
                rs.getString("last_error"));
    }

    List<Peer> list() {
        return jdbc.sql("select url, node_id, name, epoch, enabled, added_at, last_sync_at, last_success_at,"
                + " last_error from known_peers order by added_at").query(Peer.ROW).list();
    }

    /** @return false when it was known already */
    synchronized boolean add(String url) {
        return jdbc.sql("insert into known_peers (url, enabled, added_at) select ?, true, ?"
                        + " where not exists (select 1 from known_peers where url = ?)")
                .params(url, System.currentTimeMillis(), url).update() > 0;
    }

    boolean remove(String url) {
        return jdbc.sql("delete from known_peers where url = ?").param(url).update() > 0;
    }

    boolean setEnabled(String url, boolean enabled) {
        return jdbc.sql("update known_peers set enabled = ? where url = ?").params(enabled, url).update() > 0;
    }

    /**
     * Stores who answers at {@code url}. A known peer is its node id: the same node known under another address
     * is that peer, now here (its settings move with it). A changed epoch means the peer's database was wiped or
     * restored; nothing of ours trusts its old state (each sync starts from both live vectors), and the sync
     * compares digests to prove it.
     *
     * @return true when the peer's database epoch changed since the last sync
     */
    synchronized boolean remember(String url, PeerWire.PeerStatus status) {
        if (knownElsewhere(status.nodeId(), url) && relocate(status.nodeId(), url)) {
            log.info("peer {} answered at {}: one known peer, not two", status.nodeId(), url);
        }
        add(url);
        boolean newEpoch = jdbc.sql("select epoch from known_peers where url = ?").param(url).query(String.class)
                .optional().filter(old -> !old.equals(status.epoch())).isPresent();
        if (newEpoch) {
            log.info("peer {} has a new database epoch ({}): digests compared after this sync", url, status.epoch());
        }
        jdbc.sql("update known_peers set node_id = ?, name = ?, epoch = ? where url = ?")
                .params(status.nodeId(), status.name(), status.epoch(), url).update();
        return newEpoch;
    }

    /** The known peers as told to other nodes in {@code /peer/status} (those whose node id is known). */
    List<PeerWire.PeerRef> refs() {
        return jdbc.sql("select url, node_id, name, last_sync_at from known_peers where node_id is not null"
                + " order by added_at").query((rs, n) -> new PeerWire.PeerRef(rs.getString("url"),
                        rs.getString("node_id"), rs.getString("name"), rs.getObject("last_sync_at", Long.class)))
                .list();
    }

    /** Whether a known peer has this node id under another address. */
    boolean knownElsewhere(String nodeId, String url) {
        return jdbc.sql("select count(*) from known_peers where node_id = ? and url <> ?").params(nodeId, url)
                .query(Long.class).single() > 0;
    }

    /**
     * The known peer with node id {@code nodeId} now answers at {@code url} (discovery saw it there): its
     * address is updated, keeping its settings, so auto-sync follows it.
     *
     * @return true when an address changed
     */
    synchronized boolean relocate(String nodeId, String url) {
        List<String> old = jdbc.sql("select url from known_peers where node_id = ? and url <> ?")
                .params(nodeId, url).query(String.class).list();
        if (old.isEmpty()) {
            return false;
        }
        boolean taken = jdbc.sql("select count(*) from known_peers where url = ?").param(url)
                .query(Long.class).single() > 0;
        for (int i = 0; i < old.size(); i++) {
            if (i == 0 && !taken) {
                jdbc.sql("update known_peers set url = ? where url = ?").params(url, old.get(i)).update();
            } else {
                remove(old.get(i));
            }
        }
        log.info("known peer {} moved from {} to {}", nodeId, old, url);
        return true;
    }

    /** After a sync with the peer at {@code url}: when it ran, and how it went. */
    void synced(String url, long startedAt, String error) {
        jdbc.sql("update known_peers set last_sync_at = ?, last_error = ?,"
                        + " last_success_at = case when ? then ? else last_success_at end where url = ?")
                .params(startedAt, error, error == null, startedAt, url).update();
    }
}
