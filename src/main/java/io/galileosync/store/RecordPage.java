package io.galileosync.store;

import java.util.List;

/** One page of a record query and the number of all records that match it. */
public record RecordPage(List<StoredRecord> records, long total) {
}
