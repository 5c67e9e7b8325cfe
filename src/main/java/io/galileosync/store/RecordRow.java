package io.galileosync.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A row of the records table for the query side (the writer inserts rows with plain JDBC, so the entity is
 * immutable: Hibernate never dirty-checks or writes it). The columns are those {@link RecordTable} describes.
 */
@Entity
@Immutable
@Table(name = "records")
class RecordRow {

    @Id
    private long id;
    private int imeiId;
    private long timeMs;
    private int recordNumber;
    private byte[] body;
    private long receivedAt;
    private int originId;
    private long originSeq;

    protected RecordRow() {
    }

    long timeMs() {
        return timeMs;
    }

    int recordNumber() {
        return recordNumber;
    }

    StoredRecord toStored(RecordTable table) {
        return new StoredRecord(table.record(imeiId, timeMs, recordNumber, body), table.origin(originId), originSeq,
                receivedAt);
    }
}
