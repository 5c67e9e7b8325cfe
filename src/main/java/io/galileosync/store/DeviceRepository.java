package io.galileosync.store;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface DeviceRepository extends Repository<DeviceRow, String> {

    /**
     * Devices joined with their newest record (latest time, then highest record number) in one statement,
     * so listing n devices is one query, not n + 1. The subquery orders by the whole record key, IMEI first
     * although it is fixed: that is the unique index's order, so the database reads one index entry per
     * device instead of sorting all of the device's records.
     */
    String OVERVIEW = """
            select new io.galileosync.store.DeviceOverview(d.imei, d.hardwareVersion, d.firmwareVersion,
                d.deviceNumber, d.firstSeen, d.lastSeen, d.remoteAddress, d.recordCount, d.lastTimeMs,
                d.lastLatitude, d.lastLongitude, r.supplyVoltage, r.batteryVoltage)
            from DeviceRow d left join RecordRow r on r.id = (
                select newest.id from RecordRow newest where newest.imei = d.imei
                order by newest.imei desc, newest.timeMs desc, newest.recordNumber desc limit 1)
            """;

    @Query(OVERVIEW + " order by d.imei")
    List<DeviceOverview> findOverviews();

    @Query(OVERVIEW + " where d.imei = :imei")
    Optional<DeviceOverview> findOverview(String imei);

    boolean existsById(String imei);

    long count();
}
