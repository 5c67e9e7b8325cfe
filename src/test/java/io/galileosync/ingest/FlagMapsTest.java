package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagMapsTest {

    private static final String[] BITS = {"a", null, "c"};

    @Test
    void aValueSeenAgainGetsTheSameUnmodifiableMapWithItsBitsAndExtras() {
        FlagMaps maps = new FlagMaps(BITS, (value, flags) -> flags.put("high", value >>> 8));
        Map<String, Object> first = maps.of(0x0305);
        assertThat(first).containsExactly(Map.entry("a", true), Map.entry("c", true), Map.entry("high", 3));
        assertThat(maps.of(0x0305)).isSameAs(first);
        assertThat(maps.of(0x0002)).containsExactly(Map.entry("a", false), Map.entry("c", false), Map.entry("high", 0));
        assertThatThrownBy(() -> first.put("a", false)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everNewValuesAreStillAnsweredButNoMoreThanTheCapAreKept() {
        FlagMaps maps = new FlagMaps(BITS, null);
        for (int value = 0; value < 4 * FlagMaps.MAX_CACHED; value++) {
            assertThat(maps.of(value)).containsEntry("a", (value & 1) != 0).containsEntry("c", (value & 4) != 0);
        }
        Set<Map<String, Object>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int value = 0; value < 4 * FlagMaps.MAX_CACHED; value++) {
            distinct.add(maps.of(value));
            distinct.add(maps.of(value));
        }
        // the kept values answer one instance twice, the others a new one each time
        assertThat(distinct).hasSize(FlagMaps.MAX_CACHED + 2 * 3 * FlagMaps.MAX_CACHED);
    }

    @Test
    void theDecodersStatusFlagsAreTheTrackersBitsAndGsmSignal() {
        Map<String, Object> flags = TagTable.statusFlags(0b0011_0010_0000_0001);
        assertThat(flags).containsEntry("moving", true).containsEntry("ignition", true).containsEntry("tilt", false)
                .containsEntry("gsmSignal", 3);
        assertThat(TagTable.statusFlags(0b0011_0010_0000_0001)).isSameAs(flags);
    }
}
