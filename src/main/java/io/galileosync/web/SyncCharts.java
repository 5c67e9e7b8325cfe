package io.galileosync.web;

import io.galileosync.store.MinuteCount;
import io.galileosync.store.RecordStore;
import io.galileosync.sync.SyncLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The numbers behind the UI's charts: records stored per minute (the store) and sync volume per peer (the sync log). */
@Component
class SyncCharts {

    static final int MINUTES = 60;

    private final RecordStore store;
    private final SyncLog syncLog;

    SyncCharts(RecordStore store, SyncLog syncLog) {
        this.store = store;
        this.syncLog = syncLog;
    }

    /** One minute of stored records: {@code local} from trackers here, {@code fromPeers} by sync or import. */
    record Minute(long minute, long local, long fromPeers) {
    }

    Map<String, Object> snapshot() {
        long firstMinute = System.currentTimeMillis() / 60_000 - (MINUTES - 1);
        long[] local = new long[MINUTES];
        long[] fromPeers = new long[MINUTES];
        for (MinuteCount count : store.storedPerMinute(firstMinute * 60_000)) {
            int index = (int) (count.minute() - firstMinute);
            if (index >= 0 && index < MINUTES) {
                local[index] += count.local();
                fromPeers[index] += count.fromPeers();
            }
        }
        List<Minute> minutes = new ArrayList<>(MINUTES);
        for (int i = 0; i < MINUTES; i++) {
            minutes.add(new Minute((firstMinute + i) * 60, local[i], fromPeers[i]));
        }
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("perMinute", minutes);
        charts.put("syncVolume", syncLog.volumeByPeer());
        return charts;
    }
}
