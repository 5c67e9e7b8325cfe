package io.galileosync.simulate;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a simulation went.
 *
 * @param trackersFailed trackers that gave up (too many resends or lost connections)
 * @param packetsAcked   head and main packets acknowledged
 * @param ackP50Micros   from first sending a packet to its ACK (resends included), over all acknowledged packets
 * @param resends        packets sent again because their ACK did not come in time or carried another CRC
 * @param reconnects     connections opened again after one was lost
 * @param errors         failed connects, lost connections and unexpected bytes, by message (the first few kinds)
 */
public record SimulationReport(int trackers, int trackersFailed, long recordsExpected, long recordsAcked,
                               long packetsAcked, double seconds, long ackP50Micros, long ackP99Micros,
                               long ackMaxMicros, long resends, long reconnects, Map<String, Integer> errors) {

    public SimulationReport {
        errors = Map.copyOf(errors);
    }

    public boolean allAcked() {
        return recordsAcked == recordsExpected;
    }

    public double recordsPerSecond() {
        return seconds > 0 ? recordsAcked / seconds : 0;
    }

    public int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String format() {
        String lines = String.format("""
                        trackers       %d (%d gave up)
                        records acked  %d of %d%s
                        elapsed        %.2f s
                        records/s      %.0f
                        ACK latency    p50 %s  p99 %s  max %s  (%d packets)
                        resends        %d
                        reconnects     %d
                        errors         %d""",
                trackers, trackersFailed, recordsAcked, recordsExpected, allAcked() ? "" : "  NOT ALL ACKNOWLEDGED",
                seconds, recordsPerSecond(), millis(ackP50Micros), millis(ackP99Micros), millis(ackMaxMicros),
                packetsAcked, resends, reconnects, errorCount());
        if (errors.isEmpty()) {
            return lines;
        }
        return lines + errors.entrySet().stream()
                .map(e -> String.format("%n  %6d x %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining());
    }

    static String millis(long micros) {
        return String.format("%.2f ms", micros / 1000.0);
    }
}
