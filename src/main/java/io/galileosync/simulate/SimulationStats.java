package io.galileosync.simulate;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the trackers of one simulation have counted so far; used by the selector thread only. */
final class SimulationStats {

    private static final int ERROR_KINDS = 10;
    private static final String OTHER_ERRORS = "(other errors)";

    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<String, Integer> errors = new LinkedHashMap<>();
    private long recordsAcked;
    private long resends;
    private long reconnects;

    void acked(int records, long latencyMicros) {
        recordsAcked += records;
        latency.record(latencyMicros);
    }

    void resend() {
        resends++;
    }

    void reconnect() {
        reconnects++;
    }

    /** Counted by message; after the first {@value #ERROR_KINDS} kinds, the rest together. */
    void error(String message) {
        String kind = errors.containsKey(message) || errors.size() < ERROR_KINDS ? message : OTHER_ERRORS;
        errors.merge(kind, 1, Integer::sum);
    }

    long recordsAcked() {
        return recordsAcked;
    }

    long resends() {
        return resends;
    }

    int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    SimulationReport report(int trackers, int trackersFailed, long recordsExpected, double seconds) {
        return new SimulationReport(trackers, trackersFailed, recordsExpected, recordsAcked, latency.count(),
                seconds, latency.percentile(0.5), latency.percentile(0.99), latency.max(), resends, reconnects,
                errors);
    }
}
