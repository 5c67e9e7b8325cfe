package io.galileosync.store;

import jakarta.persistence.criteria.Predicate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.galileosync.config.OffsetPageRequest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The record queries behind the people's API (JPA specifications), never a write. */
@Component
class StoreQueries {

    /** Rows per round trip when streaming: amortises the query cost while keeping memory flat. */
    private static final int CHUNK = 1_000;
    /**
     * One device's records in time order. Leading with the IMEI (constant within a device) makes the order
     * that of the unique key's index, so the database reads the index in order and stops at the limit instead
     * of sorting everything after the cursor.
     */
    private static final Sort DEVICE_ORDER = Sort.by("imeiId", "timeMs", "recordNumber");
    /** All devices' records in time order; the IMEI's id breaks ties so that pages never overlap. */
    private static final Sort TIME_ORDER = Sort.by("timeMs", "recordNumber", "imeiId");
    /**
     * Devices joined with their newest record (latest time, then highest record number) in one statement,
     * so listing n devices is one query, not n + 1. The subquery orders by the whole record key, IMEI first
     * although it is fixed: that is the unique index's order, so the database reads one index entry per
     * device instead of sorting all of the device's records.
     */
    private static final String OVERVIEW = """
            select d.imei, d.hardware_version, d.firmware_version, d.device_number, d.first_seen, d.last_seen,
                d.remote_address, d.record_count, d.last_time_ms, d.last_latitude, d.last_longitude,
                r.imei_id, r.time_ms, r.record_number, r.body
            from devices d
            left join record_imeis k on k.imei = d.imei
            left join records r on r.id = (
                select newest.id from records newest where newest.imei_id = k.id
                order by newest.imei_id desc, newest.time_ms desc, newest.record_number desc fetch first 1 rows only)
            """;

    private final RecordRepository records;
    private final DeviceRepository devices;
    private final RecordTable table;
    private final JdbcClient jdbc;

    StoreQueries(RecordRepository records, DeviceRepository devices, RecordTable table, JdbcClient jdbc) {
        this.records = records;
        this.devices = devices;
        this.table = table;
        this.jdbc = jdbc;
    }

    /**
     * Records in time order (or, {@code newestFirst}, its reverse), of one device or ({@code imei} null) of all,
     * with the total count of matches. Reversed, the device order still follows its index, read backwards.
     */
    @Transactional(readOnly = true)
    RecordPage records(String imei, TimeRange range, int offset, int limit, boolean newestFirst) {
        Specification<RecordRow> filter = within(range);
        if (imei != null) {
            Integer imeiId = table.imeiId(imei);
            if (imeiId == null) {
                return new RecordPage(List.of(), 0);
            }
            filter = ofDevice(imeiId).and(filter);
        }
        Sort order = imei == null ? TIME_ORDER : DEVICE_ORDER;
        Page<RecordRow> page = records.findAll(filter,
                new OffsetPageRequest(offset, limit, newestFirst ? order.descending() : order));
        return new RecordPage(page.getContent().stream().map(row -> row.toStored(table)).toList(),
                page.getTotalElements());
    }

    List<DeviceOverview> devices() {
        return jdbc.sql(OVERVIEW + " order by d.imei").query((rs, i) -> overview(rs)).list();
    }

    Optional<DeviceOverview> device(String imei) {
        return jdbc.sql(OVERVIEW + " where d.imei = ?").param(imei).query((rs, i) -> overview(rs)).optional();
    }

    private DeviceOverview overview(ResultSet rs) throws SQLException {
        TrackRecord newest = rs.getBytes("body") == null ? null : table.read(rs);
        return new DeviceOverview(rs.getString("imei"), rs.getObject("hardware_version", Integer.class),
                rs.getObject("firmware_version", Integer.class), rs.getObject("device_number", Integer.class),
                rs.getLong("first_seen"), rs.getLong("last_seen"), rs.getString("remote_address"),
                rs.getLong("record_count"), rs.getObject("last_time_ms", Long.class),
                rs.getObject("last_latitude", Double.class), rs.getObject("last_longitude", Double.class),
                newest == null ? null : newest.supplyVoltage(), newest == null ? null : newest.batteryVoltage());
    }

    @Transactional(readOnly = true)
    long deviceCount() {
        return devices.count();
    }

    @Transactional(readOnly = true)
    Optional<RecordSelection> select(String imei, TimeRange range, boolean validFixesOnly) {
        if (!devices.existsById(imei)) {
            return Optional.empty();
        }
        Map<Integer, Long> lastIds = new HashMap<>();
        for (int originId : jdbc.sql("select id from record_origins").query(Integer.class).list()) {
            long first = RecordTable.rowId(originId, 0);
            jdbc.sql(RecordTable.LAST_ID).params(first, first + StoredRecord.MAX_SEQ).query(Long.class).optional()
                    .ifPresent(last -> lastIds.put(originId, last));
        }
        return Optional.of(new RecordSelection(imei, range, validFixesOnly, lastIds));
    }

    /**
     * The selected records in time order, fetched lazily in chunks that each start after the previous chunk's
     * last record (keyset paging), so millions of records stream in constant memory and without ever deeper
     * OFFSET scans. Called outside a transaction, each chunk is a short read-only transaction of its own: a
     * slow client holds no connection between chunks, and no persistence context grows with the export.
     */
    Stream<StoredRecord> stream(RecordSelection selection) {
        Integer imeiId = table.imeiId(selection.imei());
        if (imeiId == null) {
            return Stream.empty();
        }
        Specification<RecordRow> filter = ofDevice(imeiId)
                .and(within(selection.range()))
                .and(heldAt(selection));
        Stream<StoredRecord> selected = Stream.iterate(chunk(filter), chunk -> !chunk.isEmpty(),
                        chunk -> chunk.size() < CHUNK ? List.of() : chunk(filter.and(after(chunk.get(chunk.size() - 1)))))
                .flatMap(List::stream)
                .map(row -> row.toStored(table));
        return selection.validFixesOnly() ? selected.filter(StoreQueries::isValidFix) : selected;
    }

    private List<RecordRow> chunk(Specification<RecordRow> filter) {
        return records.findBy(filter, query -> query.sortBy(DEVICE_ORDER).limit(CHUNK).all());
    }

    private static Specification<RecordRow> ofDevice(int imeiId) {
        return (root, query, cb) -> cb.equal(root.get("imeiId"), imeiId);
    }

    /** Rows of the origins then held, up to each one's last row then. */
    private static Specification<RecordRow> heldAt(RecordSelection selection) {
        return (root, query, cb) -> cb.or(selection.lastIds().entrySet().stream()
                .map(last -> cb.between(root.<Long>get("id"), RecordTable.rowId(last.getKey(), 0), last.getValue()))
                .toArray(Predicate[]::new));
    }

    private static Specification<RecordRow> within(TimeRange range) {
        return (root, query, cb) -> {
            List<Predicate> bounds = new ArrayList<>(2);
            if (range.fromMs() != null) {
                bounds.add(cb.ge(root.get("timeMs"), range.fromMs()));
            }
            if (range.toMs() != null) {
                bounds.add(cb.le(root.get("timeMs"), range.toMs()));
            }
            return cb.and(bounds.toArray(Predicate[]::new));
        };
    }

    /** The fix flag and position are inside the row's body, so the filter runs here, on the decoded record. */
    private static boolean isValidFix(StoredRecord stored) {
        TrackRecord r = stored.record();
        return Boolean.TRUE.equals(r.fixValid()) && r.latitude() != null && r.longitude() != null;
    }

    /**
     * Records after {@code last} in time order. The {@code time >= t} term is implied by the OR but bounds
     * the index range scan, which the OR alone would not.
     */
    private static Specification<RecordRow> after(RecordRow last) {
        return (root, query, cb) -> cb.and(
                cb.ge(root.get("timeMs"), last.timeMs()),
                cb.or(cb.gt(root.get("timeMs"), last.timeMs()),
                        cb.gt(root.get("recordNumber"), last.recordNumber())));
    }
}
