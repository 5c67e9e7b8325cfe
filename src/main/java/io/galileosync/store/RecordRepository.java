package io.galileosync.store;

import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/** Read access to records; the filters are composed as specifications in {@link StoreQueries}. */
interface RecordRepository extends Repository<RecordRow, Long>, JpaSpecificationExecutor<RecordRow> {
}
