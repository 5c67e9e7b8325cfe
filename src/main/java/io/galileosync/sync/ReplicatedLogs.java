package io.galileosync.sync;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@link ReplicatedLog}s of this node by name, and the one way entries from a peer reach one: envelope
 * checked, then merged, counted ({@code galileo.sync.log.entries}) and, when some were refused, logged.
 */
@Component
class ReplicatedLogs {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedLogs.class);

    private final Map<String, ReplicatedLog> byName = new TreeMap<>();
    private final SyncProperties settings;
    private final MeterRegistry meters;

    ReplicatedLogs(List<ReplicatedLog> logs, SyncProperties settings, MeterRegistry meters) {
        for (ReplicatedLog each : logs) {
            if (byName.put(LogWire.checkedName(each.name()), each) != null) {
                throw new IllegalStateException("two replicated logs are named " + each.name());
            }
        }
        this.settings = settings;
        this.meters = meters;
    }

    /** In name order. */
    List<ReplicatedLog> all() {
        return List.copyOf(byName.values());
    }

    Optional<ReplicatedLog> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The next batch a peer holding {@code since} lacks, with this node's vector of the log. */
    LogWire.Batch export(ReplicatedLog replicated, Map<String, Long> since) {
        LogBatch batch = replicated.export(since, settings.batchRecords(), settings.batchBytes());
        return new LogWire.Batch(batch.entries(), batch.more(), replicated.vector());
    }

    /**
     * @param peer who sent the entries, for the log
     * @throws IllegalArgumentException when the batch's envelope is not valid (nothing is merged then)
     */
    LogMerge merge(ReplicatedLog replicated, List<LogEntry> entries, String peer) {
        LogWire.checkedEntries(entries, settings.batchRecords());
        if (entries.isEmpty()) {
            return LogMerge.NOTHING;
        }
        LogMerge merged = replicated.merge(entries);
        count(replicated, "inserted", merged.inserted());
        count(replicated, "duplicate", merged.duplicates());
        count(replicated, "rejected", merged.rejected());
        if (merged.rejected() > 0) {
            log.warn("{} of {} {} log entries from {} refused; the first because {}", merged.rejected(),
                    entries.size(), replicated.name(), peer, merged.firstRejection());
        }
        return merged;
    }

    private void count(ReplicatedLog replicated, String outcome, int entries) {
        meters.counter("galileo.sync.log.entries", "log", replicated.name(), "outcome", outcome).increment(entries);
    }
}
