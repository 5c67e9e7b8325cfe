package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compact row's encodings on a real (in-memory) H2 database with the migrations applied: a body reads back
 * as exactly what JSON gave back before (values and types), and the content hash depends on the content only.
 */
class RecordBodyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static JdbcDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:record-body;DB_CLOSE_DELAY=-1");
        StoreMigrations.flyway().dataSource(dataSource).load().migrate();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aRandomRecordReadsBackAsItsJsonRoundTripWithTheSameTypes(long seed) throws Exception {
        Random random = new Random(seed);
        RecordBody body = new RecordBody(new AttributeShapes(dataSource));
        for (int i = 0; i < 200; i++) {
            TrackRecord record = randomRecord(random);
            byte[] bytes;
            try (var connection = dataSource.getConnection()) {
                NewNames names = new NewNames(connection);
                bytes = body.encode(record, names);
                names.committed();
            }
            TrackRecord back = body.decode(record.imei(), record.timeMs(), record.recordNumber(), bytes);
            TrackRecord viaJson = record.withAttributes(JSON.readValue(JSON.writeValueAsString(record.attributes()),
                    new TypeReference<Map<String, Object>>() { }));
            assertThat(back).isEqualTo(viaJson);
            assertSameTypes(back.attributes(), viaJson.attributes());
            assertThat(new ArrayList<>(back.attributes().keySet())).as("stored order")
                    .isEqualTo(new ArrayList<>(record.attributes().keySet()));
            assertThat(ContentHash.of(back)).as("hash of what was read back").isEqualTo(ContentHash.of(record));
        }
    }

    @Test
    void theHashIgnoresAttributeOrderAndJavaNumberTypesButNotValues() {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("moving", true);
        flags.put("gsmSignal", 3);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("fixSource", "gnss");
        a.put("odometer", 123_456L);
        a.put("statusFlags", flags);
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("statusFlags", Map.of("gsmSignal", 3L, "moving", true));
        reversed.put("odometer", 123_456);
        reversed.put("fixSource", "gnss");
        TrackRecord record = record(a);

        assertThat(ContentHash.of(record(reversed))).isEqualTo(ContentHash.of(record));
        assertThat(ContentHash.of(record(Map.of("fixSource", "gnss", "odometer", 123_456.0, "statusFlags", flags))))
                .as("a double is not the integer").isNotEqualTo(ContentHash.of(record));
        assertThat(ContentHash.of(record.withKey(record.imei(), record.timeMs() + 1)))
                .as("the key counts").isNotEqualTo(ContentHash.of(record));
        assertThat(ContentHash.of(record(Map.of("x", BigDecimal.valueOf(1.5)))))
                .isEqualTo(ContentHash.of(record(Map.of("x", 1.5f))))
                .isEqualTo(ContentHash.of(record(Map.of("x", 1.5))));
    }

    @Test
    void xxHash64MatchesTheReferenceVectors() {
        assertThat(xxh64("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(xxh64("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(xxh64("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(xxh64("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
    }

    @Test
    void decimalDoublesTakeFewBytesAndEveryDoubleComesBackBitForBit() {
        assertThat(decimalBytes(55.751244)).isEqualTo(5);
        assertThat(decimalBytes(12.3)).isEqualTo(2);
        Random random = new Random(7);
        double[] odd = {-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e300, -1e-300, 0.1 + 0.2,
            random.nextDouble(), random.nextGaussian() * 1e9, Math.PI};
        for (double v : odd) {
            ByteSink out = new ByteSink(4);
            RecordBody.writeDecimal(out, v);
            double back = RecordBody.readDecimal(new ByteSource(out.toByteArray()));
            assertThat(Double.doubleToRawLongBits(back)).as("%s", v).isEqualTo(Double.doubleToRawLongBits(v));
        }
    }

    @Test
    void aCorruptBodyIsAClearError() {
        RecordBody body = new RecordBody(new AttributeShapes(dataSource));
        assertThatThrownBy(() -> body.decode("1", 0, 0, new byte[] {(byte) 0xFF}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends early");
        assertThatThrownBy(() -> body.decode("1", 0, 0, new byte[] {0, 0, 11}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown value tag 11");
        assertThatThrownBy(() -> body.decode("1", 0, 0, new byte[] {0, 0, 8, (byte) 0xFF, (byte) 0xFF, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }

    @Test
    void anUnstorableAttributeValueIsAClearError() {
        assertThatThrownBy(() -> ContentHash.of(record(Map.of("when", new Object()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be stored");
    }

    private static int decimalBytes(double v) {
        ByteSink out = new ByteSink(4);
        RecordBody.writeDecimal(out, v);
        return out.size();
    }

    private static long xxh64(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(bytes, bytes.length);
    }

    private static TrackRecord record(Map<String, Object> attributes) {
        return new TrackRecord("862057047745531", 1_560_249_166_000L, 7, 55.751244, 37.618423, 9, true, 42.5, 180.0,
                150, 0.9, 0x3A01, 12_351, 3_838, 21, 0, 1, attributes);
    }

    static TrackRecord randomRecord(Random random) {
        String imei = random.nextInt(4) == 0 ? "IR" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                : String.format("%015d", random.nextLong(1_000_000_000_000_000L));
        return new TrackRecord(imei, random.nextLong(), random.nextInt(70_000) - 1,
                maybe(random, () -> random.nextInt(180_000_000) / 1e6 - 90),
                maybe(random, () -> random.nextInt(360_000_000) / 1e6 - 180), maybe(random, () -> random.nextInt(30)),
                maybe(random, random::nextBoolean), maybe(random, () -> random.nextInt(3000) / 10.0),
                maybe(random, () -> random.nextDouble() * 360), maybe(random, () -> random.nextInt(-500, 9000)),
                maybe(random, () -> random.nextInt(100) / 10.0), maybe(random, () -> random.nextInt(65_536)),
                maybe(random, () -> random.nextInt(65_536)), maybe(random, () -> random.nextInt(65_536)),
                maybe(random, () -> random.nextInt(-128, 128)), maybe(random, () -> random.nextInt(65_536)),
                maybe(random, () -> random.nextInt(65_536)), randomMap(random, 0));
    }

    private static Map<String, Object> randomMap(Random random, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(depth == 0 ? 12 : 6);
        List<String> names = new ArrayList<>(List.of("fixSource", "fixValidity", "statusFlags", "moving", "tilt",
                "analogInput0", "odometer", "канал", "can8BitR3", "userArray", "lbsErrorMeters", "x"));
        Collections.shuffle(names, random);
        for (int i = 0; i < size; i++) {
            map.put(random.nextInt(10) == 0 ? "k" + random.nextInt(1000) : names.get(i), randomValue(random, depth));
        }
        return map;
    }

    private static Object randomValue(Random random, int depth) {
        return switch (random.nextInt(depth < 2 ? 14 : 11)) {
            case 0 -> null;
            case 1, 2 -> random.nextBoolean();
            case 3 -> random.nextInt(240);
            case 4 -> random.nextInt();
            case 5 -> random.nextLong();
            case 6 -> random.nextInt(100_000) / 100.0;
            case 7 -> random.nextDouble() * 1e6;
            case 8 -> Long.toHexString(random.nextLong());
            case 9 -> BigInteger.valueOf(random.nextLong()).shiftLeft(70);
            case 10 -> random.nextInt(65_536) * 0.5;
            case 11, 12 -> randomMap(random, depth + 1);
            default -> {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    list.add(random.nextInt(3) == 0 ? random.nextBoolean() : randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }

    private static <T> T maybe(Random random, java.util.function.Supplier<T> value) {
        return random.nextInt(5) == 0 ? null : value.get();
    }

    private static void assertSameTypes(Object actual, Object expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).hasSameClassAs(expected);
        if (expected instanceof Map<?, ?> map) {
            map.forEach((k, v) -> assertSameTypes(((Map<?, ?>) actual).get(k), v));
        } else if (expected instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertSameTypes(((List<?>) actual).get(i), list.get(i));
            }
        }
    }

}
