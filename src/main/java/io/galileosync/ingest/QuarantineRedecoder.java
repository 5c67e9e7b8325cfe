package io.galileosync.ingest;

import io.galileosync.store.RecordStore;
import io.galileosync.store.WriteRequest;
import io.galileosync.store.WriteResult;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;

/**
 * Decodes a quarantined packet again (after an upgrade, or with another setting such as the MDS bit order)
 * and stores its records through the same writer as live ingest, under the same rules: records dated beyond
 * the clock skew are not stored. A packet that still fails, or still has such records, stays quarantined.
 */
@Service
class QuarantineRedecoder {

    /** Header, length word and CRC. */
    private static final int MIN_FRAME_LENGTH = 5;

    private final QuarantineLog quarantine;
    private final RecordStore store;
    private final GalileoPacketDecoder decoder;
    private final boolean iridiumCompressed;
    private final StorableRule storable;
    private final ConflictReport conflicts;

    QuarantineRedecoder(QuarantineLog quarantine, RecordStore store, IngestProperties properties,
                        ConflictReport conflicts) {
        this.quarantine = quarantine;
        this.store = store;
        this.decoder = new GalileoPacketDecoder(properties.mdsBitOrder());
        this.iridiumCompressed = properties.iridiumCompressed();
        this.storable = new StorableRule(properties.maxFutureSkew());
        this.conflicts = conflicts;
    }

    /** @return empty when no quarantined packet has this id */
    Optional<Result> redecode(long id) {
        return quarantine.find(id).map(q -> redecode(id, q));
    }

    private Result redecode(long id, QuarantineLog.Kept q) {
        byte[] frame = HexFormat.of().parseHex(q.frameHex());
        try {
            DecodedPacket packet = decode(decoder, frame, iridiumCompressed);
            long now = System.currentTimeMillis();
            StorableRule.Split split = storable.split(PacketRecords.of(packet, q.imei(), q.receivedAt()), now);
            boolean decoded = split.refused().isEmpty();
            WriteResult written = store.submit(new WriteRequest(split.kept(), null, q.receivedAt(),
                    decoded ? QuarantineLog.redecoded(id, now) : null)).get(30, TimeUnit.SECONDS);
            conflicts.report(written, "re-decode", "quarantined packet " + id);
            return new Result(id, decoded, written.inserted(), written.duplicates(),
                    decoded ? null : storable.reason(split));
        } catch (PacketDecodeException e) {
            return new Result(id, false, 0, 0, e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("records of quarantined packet " + id + " could not be stored", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A stored frame, decoded as the connection handler decoded it when it came in. */
    static DecodedPacket decode(GalileoPacketDecoder decoder, byte[] bytes, boolean iridiumCompressed)
            throws PacketDecodeException {
        if (bytes.length < MIN_FRAME_LENGTH) {
            throw new PacketDecodeException(String.format("a stored frame of %d bytes is shorter than any frame",
                    bytes.length));
        }
        GalileoFrame frame = GalileoFrame.of(bytes);
        if (frame.iridium()) {
            return decoder.decodeIridium(bytes, iridiumCompressed);
        }
        if (frame.header() != GalileoFrame.HEAD_MAIN && frame.header() != GalileoFrame.COMPRESSED) {
            throw new PacketDecodeException(String.format("frames with header 0x%02X carry no records",
                    frame.header()));
        }
        return decoder.decode(frame.header(), frame.payload());
    }

    /** @param reason why the packet still cannot be decoded, or is still quarantined (null when it was decoded) */
    record Result(long id, boolean decoded, int inserted, int duplicates, String reason) {
    }

}
