package io.galileosync.ingest;

import io.galileosync.config.GalileoProperties;
import io.galileosync.record.RecordWriter;
import io.galileosync.record.WriteRequest;
import io.galileosync.record.WriteResult;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Decodes a quarantined packet again (after an upgrade, or with another setting such as the MDS bit order)
 * and stores its records through the same writer as live ingest; a packet that still fails stays quarantined.
 */
@Service
public class QuarantineRedecoder {

    /** Header, length word and CRC. */
    private static final int MIN_FRAME_LENGTH = 5;

    private final JdbcClient jdbc;
    private final RecordWriter writer;
    private final GalileoPacketDecoder decoder;
    private final boolean iridiumCompressed;

    public QuarantineRedecoder(JdbcClient jdbc, RecordWriter writer, GalileoProperties properties) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.decoder = new GalileoPacketDecoder(properties.ingest().mdsBitOrder());
        this.iridiumCompressed = properties.ingest().iridiumCompressed();
    }

    /** @return empty when no quarantined packet has this id */
    public Optional<Result> redecode(long id) {
        return jdbc.sql("select frame_hex, imei, received_at from quarantine where id = ?").param(id)
                .query((rs, n) -> new Quarantined(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .optional()
                .map(q -> redecode(id, q));
    }

    private Result redecode(long id, Quarantined q) {
        byte[] frame = HexFormat.of().parseHex(q.frameHex());
        try {
            DecodedPacket packet = decode(decoder, frame, iridiumCompressed);
            WriteResult written = writer.submit(new WriteRequest(PacketRecords.of(packet, q.imei(), q.receivedAt()),
                    null, null, q.receivedAt())).get(30, TimeUnit.SECONDS);
            jdbc.sql("update quarantine set redecoded_at = ? where id = ?")
                    .params(System.currentTimeMillis(), id).update();
            return new Result(id, true, written.inserted(), written.duplicates(), null);
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

    /** @param reason why the packet still cannot be decoded (null when it was) */
    public record Result(long id, boolean decoded, int inserted, int duplicates, String reason) {
    }

    private record Quarantined(String frameHex, String imei, long receivedAt) {
    }
}
