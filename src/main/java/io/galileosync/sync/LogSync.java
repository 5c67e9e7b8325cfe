package io.galileosync.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The replicated logs' part of a sync with one peer, after the records: for each log, pull what the peer holds
 * above this node's vector, batch by batch, then push what this node holds above the peer's. A peer without
 * the log (an older version; 404) is skipped. Each batch is committed before the next is asked for, so a cut
 * sync resumes where it stopped.
 */
@Component
class LogSync {

    private static final Logger log = LoggerFactory.getLogger(LogSync.class);

    private final ReplicatedLogs logs;
    private final PeerClient client;
    private final SyncProperties settings;

    LogSync(ReplicatedLogs logs, PeerClient client, SyncProperties settings) {
        this.logs = logs;
        this.client = client;
        this.settings = settings;
    }

    /** Each log's vector, as {@code /peer/status} tells it. */
    Map<String, Map<String, Long>> vectors() {
        Map<String, Map<String, Long>> vectors = new TreeMap<>();
        logs.all().forEach(replicated -> vectors.put(replicated.name(), replicated.vector()));
        return vectors;
    }

    /**
     * @param peerVectors the peer's log vectors from its status (null from an older node): a log whose vector
     *                    this node's covers is not pulled, as the pull would bring nothing
     * @throws PeerClient.PeerException when the peer refuses, answers nonsense or sends an invalid batch
     */
    void run(String url, Map<String, Map<String, Long>> peerVectors, SyncTally tally) {
        for (ReplicatedLog replicated : logs.all()) {
            try {
                Map<String, Long> stated = peerVectors == null ? null : statedVector(url, replicated, peerVectors);
                boolean level = stated != null && VersionVector.covers(replicated.vector(), stated);
                push(url, replicated, level ? stated : pull(url, replicated, tally), tally);
            } catch (PeerClient.PeerException e) {
                if (e.status() != HttpStatus.NOT_FOUND.value()) {
                    throw e;
                }
                log.debug("peer {} keeps no {} log: {}", url, replicated.name(), e.getMessage());
            }
        }
    }

    /** The peer's vector of the log as its status states it; null if it states none (it may not keep the log). */
    private static Map<String, Long> statedVector(String url, ReplicatedLog replicated,
            Map<String, Map<String, Long>> peerVectors) {
        Map<String, Long> stated = peerVectors.get(replicated.name());
        try {
            return stated == null ? null : LogWire.checkedVector(stated);
        } catch (IllegalArgumentException e) {
            throw new PeerClient.PeerException(url, "stated an invalid " + replicated.name() + " log vector: "
                    + e.getMessage(), HttpStatus.OK.value());
        }
    }

    /** @return the peer's vector of the log, as it answered */
    private Map<String, Long> pull(String url, ReplicatedLog replicated, SyncTally tally) {
        Map<String, Long> peerVector = null;
        LogWire.Batch batch;
        do {
            Map<String, Long> before = replicated.vector();
            batch = client.pullLog(url, replicated.name(), before, tally);
            try {
                Map<String, Long> vector = LogWire.checkedVector(batch.vector());
                peerVector = peerVector == null ? vector : peerVector;
                logs.merge(replicated, batch.entries(), url);
            } catch (IllegalArgumentException e) {
                throw new PeerClient.PeerException(url, "sent an invalid " + replicated.name() + " log batch: "
                        + e.getMessage(), HttpStatus.OK.value());
            }
            if (replicated.vector().equals(before)) {
                break; // nothing taken: asking again would bring the same batch
            }
        } while (batch.more());
        return peerVector;
    }

    private void push(String url, ReplicatedLog replicated, Map<String, Long> peerVector, SyncTally tally) {
        Map<String, Long> sent = new HashMap<>(peerVector);
        LogBatch batch;
        do {
            batch = replicated.export(sent, settings.batchRecords(), settings.batchBytes());
            if (batch.isEmpty()) {
                return;
            }
            LogMerge merged = client.pushLog(url, replicated.name(), new LogWire.Push(batch.entries()), tally);
            if (merged.rejected() > 0) {
                log.warn("peer {} refused {} of {} {} log entries; the first because {}", url, merged.rejected(),
                        batch.entries().size(), replicated.name(), merged.firstRejection());
            }
            // on past what was offered, taken or not: what the peer refused it refuses again
            batch.entries().forEach(entry -> sent.merge(entry.origin(), entry.seq(), Math::max));
        } while (batch.more());
    }
}
