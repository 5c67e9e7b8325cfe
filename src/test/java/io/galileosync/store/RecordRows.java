package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;

/**
 * Test fixture: puts records straight into the records table in the row format the writer uses, without the
 * writer's device bookkeeping, so that API tests can set up exactly the rows they need.
 */
public final class RecordRows {

    private final RecordTable table;
    private final DataSource dataSource;

    public RecordRows(ApplicationContext context) {
        this.table = context.getBean(RecordTable.class);
        this.dataSource = context.getBean(DataSource.class);
    }

    /** Inserts the records in one transaction. */
    public void insert(List<StoredRecord> records) {
        write(records, null);
    }

    /** Inserts a record whose stored body is these bytes instead of its encoded content. */
    public void insertWithBody(StoredRecord record, byte[] body) {
        write(List.of(record), body);
    }

    private void write(List<StoredRecord> records, byte[] body) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            NewNames names = new NewNames(connection);
            try (PreparedStatement insert = connection.prepareStatement(RecordTable.INSERT)) {
                for (StoredRecord record : records) {
                    table.bindInsert(insert, record, ContentHash.of(record.record()), names);
                    if (body != null) {
                        insert.setBytes(5, body);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            names.committed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
