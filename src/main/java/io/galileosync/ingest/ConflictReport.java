package io.galileosync.ingest;

import io.galileosync.ingest.IngestLog.Repeated;
import io.galileosync.store.WriteResult;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Makes visible what the store reports as a conflict: a tracker sent a record whose key is held with other
 * content. The held version stays (the conflict rule is sync's); the design wants no conflict silent.
 */
@Component
class ConflictReport {

    private static final HexFormat HEX = HexFormat.of();

    private final IngestMetrics metrics;
    private final IngestLog log;

    ConflictReport(IngestMetrics metrics, IngestLog log) {
        this.metrics = metrics;
        this.log = log;
    }

    /**
     * @param source the client address, for throttling the log
     * @param who    the connection or packet, for the log line
     */
    void report(WriteResult result, String source, String who) {
        for (WriteResult.Conflict conflict : result.conflicts()) {
            metrics.conflict();
            log.log(Repeated.CONFLICT, source, "{}: record {} already held with other content (stored content hash"
                    + " {}, new {}); the held version stays", who, conflict.key(),
                    HEX.toHexDigits(conflict.storedHash()), HEX.toHexDigits(conflict.newHash()));
        }
    }
}
