package io.galileosync.store;

import java.sql.SQLException;

/** A task run on the store's writer thread in a transaction of its own; its result completes the caller's future. */
@FunctionalInterface
public interface StoreTask<T> {
    T run(StoreTransaction tx) throws SQLException;
}
