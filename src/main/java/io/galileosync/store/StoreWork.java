package io.galileosync.store;

import java.sql.SQLException;

/** Work run on the store's writer thread inside one of its transactions. */
@FunctionalInterface
public interface StoreWork {
    void run(StoreTransaction tx) throws SQLException;
}
