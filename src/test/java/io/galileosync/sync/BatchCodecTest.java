package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.simulate.RealisticRecords;
import io.galileosync.store.TrackRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact batch form: every value comes back exactly, and no bytes make it fail other than cleanly. */
class BatchCodecTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void everyRecordComesBackExactly(long seed) {
        Random random = new Random(seed);
        List<WireRecord> records = new ArrayList<>();
        String[] origins = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        long seq = 1;
        for (TrackRecord r : TestNode.randomRecords(random, 300, 7)) {
            records.add(new WireRecord(WireRecord.Track.of(oddities(r, random)), origins[random.nextInt(2)],
                    seq += 1 + random.nextInt(3), 1_700_000_000_000L + random.nextInt(1_000_000)));
        }
        PeerWire.Batch batch = new PeerWire.Batch(origins[0], "epoch-" + seed, records,
                Map.of(origins[0], seq, origins[1], seq - 1), random.nextBoolean());

        PeerWire.Batch back = BatchCodec.decode(BatchCodec.encode(batch));

        assertThat(back).isEqualTo(batch);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void realisticRecordsAreSmall(long seed) {
        List<WireRecord> records = new ArrayList<>();
        String origin = UUID.randomUUID().toString();
        long seq = 0;
        for (TrackRecord r : RealisticRecords.of(seed, 1, 2000)) {
            records.add(new WireRecord(WireRecord.Track.of(r), origin, ++seq, r.timeMs() + 500));
        }
        PeerWire.Batch batch = new PeerWire.Batch(origin, "e", records, Map.of(origin, seq), false);
        byte[] compact = PeerWire.gzip(BatchCodec.encode(batch));
        byte[] json = PeerWire.gzip(PeerWire.JSON.writeValueAsBytes(batch));
        assertThat(BatchCodec.decode(BatchCodec.encode(batch))).isEqualTo(batch);
        assertThat(compact.length / (double) records.size()).as("bytes per record, gzip JSON %d",
                json.length / records.size()).isLessThan(json.length / (double) records.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void brokenBodiesFailCleanly(long seed) {
        Random random = new Random(seed);
        String origin = UUID.randomUUID().toString();
        List<WireRecord> records = new ArrayList<>();
        long seq = 0;
        for (TrackRecord r : TestNode.randomRecords(random, 20, 2)) {
            records.add(new WireRecord(WireRecord.Track.of(r), origin, ++seq, 1));
        }
        byte[] good = BatchCodec.encode(new PeerWire.Batch(origin, "e", records, Map.of(origin, seq), false));
        for (int i = 0; i < 200; i++) {
            byte[] broken = i % 3 == 0 ? Arrays.copyOf(good, random.nextInt(good.length))
                    : mutate(good.clone(), random);
            try {
                BatchCodec.decode(broken);
            } catch (IllegalArgumentException expected) {
                // the only way a broken body may fail
            }
        }
        byte[] hugeCount = {0x47, 0x53, 0x42, 0x31, 0, 1, 1, 'x', 1, 1, 'e', 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> BatchCodec.decode(hugeCount)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            bytes[4 + random.nextInt(bytes.length - 4)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Values the plain encodings cannot take: nulls, doubles that are no whole millionth, nested attributes. */
    private static TrackRecord oddities(TrackRecord r, Random random) {
        Map<String, Object> attributes = new LinkedHashMap<>(r.attributes());
        attributes.put("nested", Map.of("list", List.of(1, 2.5, "three", true), "none", "x"));
        attributes.put("big", Long.MAX_VALUE);
        attributes.put("negative", -17);
        switch (random.nextInt(4)) {
            case 0 -> r = new TrackRecord(r.imei(), r.timeMs(), r.recordNumber(), null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, attributes);
            case 1 -> r = new TrackRecord(r.imei(), -r.timeMs(), -1, 55.123456, 37.654321, 0, false, 12.3, 359.9,
                    -20, 0.7, 0, 0, 0, -40, 0, 0, attributes);
            default -> r = r.withAttributes(attributes);
        }
        return r;
    }

}
