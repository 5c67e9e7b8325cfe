package io.galileosync.simulate;

import io.galileosync.ingest.DecodedRecord;
import io.galileosync.ingest.GalileoPacketDecoder;
import io.galileosync.ingest.MdsBitOrder;
import io.galileosync.ingest.PacketDecodeException;
import io.galileosync.store.TrackRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records as the decoder makes them from the simulator's realistic packets: what a node really stores. */
public final class RealisticRecords {

    private RealisticRecords() {
    }

    /** {@code count} records of {@code trackers} trackers, each tracker's in time order, 10 to a packet. */
    public static List<TrackRecord> of(long seed, int trackers, int count) {
        GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
        List<TrackGenerator> generators = new ArrayList<>();
        for (int t = 0; t < trackers; t++) {
            generators.add(TrackGenerator.forTracker(seed, t, 1_700_000_000_000L));
        }
        List<TrackRecord> records = new ArrayList<>(count);
        try {
            for (int t = 0; records.size() < count; t = (t + 1) % trackers) {
                List<SimulatedRecord> packet = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    packet.add(generators.get(t).next());
                }
                byte[] frame = PacketEncoder.mainPacket(packet, false);
                String imei = String.format("861%012d", seed % 1000 * 100_000 + t);
                for (DecodedRecord r : decoder.decode(frame[0], Arrays.copyOfRange(frame, 3, frame.length - 2))
                        .records()) {
                    if (records.size() < count) {
                        records.add(r.toTrackRecord(imei, r.timeMs()));
                    }
                }
            }
        } catch (PacketDecodeException e) {
            throw new IllegalStateException("the simulator's own packet does not decode", e);
        }
        return records;
    }
}
