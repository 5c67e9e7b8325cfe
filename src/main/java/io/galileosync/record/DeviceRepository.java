package io.galileosync.record;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface DeviceRepository extends Repository<Device, String> {

    /**
     * Devices joined with their newest record (latest time, then highest record number) in one statement,
     * so listing n devices is one query, not n + 1. The subquery orders by the whole record key, IMEI first
     * although it is fixed: that is the unique index's order, so the database reads one index entry per
     * device instead of sorting all of the device's records.
     */
    String OVERVIEW = """
            select new io.galileosync.record.DeviceOverview(d, r.supplyVoltage, r.batteryVoltage)
            from Device d left join StoredRecordEntity r on r.id = (
                select newest.id from StoredRecordEntity newest where newest.imei = d.imei
                order by newest.imei desc, newest.timeMs desc, newest.recordNumber desc limit 1)
            """;

    @Query(OVERVIEW + " order by d.imei")
    List<DeviceOverview> findOverviews();

    @Query(OVERVIEW + " where d.imei = :imei")
    Optional<DeviceOverview> findOverview(String imei);

    boolean existsById(String imei);
}
