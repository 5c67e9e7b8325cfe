package io.galileosync.store;

import io.galileosync.sync.TestNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** What a node started on a data folder (a crash image, a copy) holds: its records' keys, read through the store. */
final class HeldKeys {

    private HeldKeys() {
    }

    /** As {@code imei/timeMs/recordNumber}, the form the tests' trackers remember acknowledged records in. */
    static Set<String> ofANodeStartedOn(Path dataDir) {
        try (TestNode node = TestNode.start(dataDir.getFileName().toString(), dataDir, "galileo.backup.enabled=false");
             Stream<StoredRecord> records = node.bean(RecordStore.class).streamAll()) {
            Set<String> keys = new HashSet<>();
            records.forEach(r -> keys.add(r.record().imei() + "/" + r.record().timeMs() + "/" + r.record().recordNumber()));
            return keys;
        }
    }
}
