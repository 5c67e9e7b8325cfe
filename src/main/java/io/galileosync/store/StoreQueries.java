package io.galileosync.store;

import jakarta.persistence.criteria.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import io.galileosync.config.OffsetPageRequest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
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
    private static final Sort DEVICE_ORDER = Sort.by("imei", "timeMs", "recordNumber");
    /** All devices' records in time order; the IMEI breaks ties so that pages never overlap. */
    private static final Sort TIME_ORDER = Sort.by("timeMs", "recordNumber", "imei");

    private final RecordRepository records;
    private final DeviceRepository devices;

    StoreQueries(RecordRepository records, DeviceRepository devices) {
        this.records = records;
        this.devices = devices;
    }

    /**
     * Records in time order (or, {@code newestFirst}, its reverse), of one device or ({@code imei} null) of all,
     * with the total count of matches. Reversed, the device order still follows its index, read backwards.
     */
    @Transactional(readOnly = true)
    RecordPage records(String imei, TimeRange range, int offset, int limit, boolean newestFirst) {
        Specification<RecordRow> filter = imei == null ? within(range) : ofDevice(imei).and(within(range));
        Sort order = imei == null ? TIME_ORDER : DEVICE_ORDER;
        Page<RecordRow> page = records.findAll(filter,
                new OffsetPageRequest(offset, limit, newestFirst ? order.descending() : order));
        return new RecordPage(page.getContent().stream().map(RecordRow::toStored).toList(), page.getTotalElements());
    }

    @Transactional(readOnly = true)
    List<DeviceOverview> devices() {
        return devices.findOverviews();
    }

    @Transactional(readOnly = true)
    Optional<DeviceOverview> device(String imei) {
        return devices.findOverview(imei);
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
        return Optional.of(new RecordSelection(imei, range, validFixesOnly, records.findMaxId()));
    }

    /**
     * The selected records in time order, fetched lazily in chunks that each start after the previous chunk's
     * last record (keyset paging), so millions of records stream in constant memory and without ever deeper
     * OFFSET scans. Called outside a transaction, each chunk is a short read-only transaction of its own: a
     * slow client holds no connection between chunks, and no persistence context grows with the export.
     */
    Stream<StoredRecord> stream(RecordSelection selection) {
        Specification<RecordRow> selected = ofDevice(selection.imei())
                .and(within(selection.range()))
                .and((root, query, cb) -> cb.le(root.get("id"), selection.maxId()));
        Specification<RecordRow> filter = selection.validFixesOnly() ? selected.and(validFix()) : selected;
        return Stream.iterate(chunk(filter), chunk -> !chunk.isEmpty(), chunk -> chunk.size() < CHUNK
                        ? List.of()
                        : chunk(filter.and(after(chunk.get(chunk.size() - 1)))))
                .flatMap(List::stream)
                .map(RecordRow::toStored);
    }

    private List<RecordRow> chunk(Specification<RecordRow> filter) {
        return records.findBy(filter, query -> query.sortBy(DEVICE_ORDER).limit(CHUNK).all());
    }

    private static Specification<RecordRow> ofDevice(String imei) {
        return (root, query, cb) -> cb.equal(root.get("imei"), imei);
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

    private static Specification<RecordRow> validFix() {
        return (root, query, cb) -> cb.and(cb.isTrue(root.get("fixValid")),
                cb.isNotNull(root.get("latitude")), cb.isNotNull(root.get("longitude")));
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
