package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordRulesTest {

    private static final long LATEST = Long.MAX_VALUE;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 20261201})
    void theQuickBoundIsNeverBelowTheSizeTheRuleCounts(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> attributes = RecordBodyTest.randomRecord(random).attributes();
            assertThat(RecordRules.attributesBound(attributes)).as("seed %d, map %d: %s", seed, i, attributes)
                    .isGreaterThanOrEqualTo(RecordRules.attributesSize(attributes));
        }
    }

    @Test
    void numbersNearTheLimitAreCountedExactlySoTheRuleIsUnchanged() {
        // "0.5" counts 5, the bound 26: the bound is far past the limit while the size is just within it
        Map<String, Object> within = halves(RecordRules.MAX_ATTRIBUTES_BYTES);
        assertThat(RecordRules.attributesBound(within)).isGreaterThan(RecordRules.MAX_ATTRIBUTES_BYTES);
        assertThat(RecordRules.attributesSize(within)).isLessThanOrEqualTo(RecordRules.MAX_ATTRIBUTES_BYTES);
        assertThat(RecordRules.violation(record(within), LATEST)).isNull();

        Map<String, Object> past = halves(RecordRules.MAX_ATTRIBUTES_BYTES + 20);
        assertThat(RecordRules.violation(record(past), LATEST)).contains("attributes larger than");
    }

    @Test
    void deepNestingIsRefusedHoweverSmall() {
        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> level = deep;
        for (int i = 0; i < 40; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            level.put("x", next);
            level = next;
        }
        assertThat(RecordRules.violation(record(deep), LATEST)).contains("attributes larger than");
    }

    /** Entries "k0000": 0.5 ... until the counted size would pass {@code size}. */
    private static Map<String, Object> halves(int size) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        long counted = 2;
        for (int i = 0; counted + 14 <= size; i++) {
            attributes.put("k%04d".formatted(i), 0.5);
            counted += 14; // 5 for the name, 4, and 5 for the value
        }
        return attributes;
    }

    private static TrackRecord record(Map<String, Object> attributes) {
        return new TrackRecord("862057047745531", 1_560_249_166_000L, 7, 55.75, 37.61, 9, true, 42.5, 180.0,
                150, 0.9, 0x3A01, 12_351, 3_838, 21, 0, 1, attributes);
    }
}
