package io.galileosync.record;

import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Read access to records; the filters are composed as specifications in {@link RecordQueries}. */
interface RecordRepository extends Repository<StoredRecordEntity, Long>, JpaSpecificationExecutor<StoredRecordEntity> {

    @Query("select coalesce(max(r.id), 0) from StoredRecordEntity r")
    long findMaxId();
}
