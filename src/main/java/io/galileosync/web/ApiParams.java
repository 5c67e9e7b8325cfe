package io.galileosync.web;

import io.galileosync.config.GalileoProperties;
import io.galileosync.record.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Parsing and validation of the query values the API shares, and its one time format. A bad value is a
 * {@link ResponseStatusException} 400 whose reason becomes the problem detail.
 */
final class ApiParams {

    /** Galileosky IMEIs are 15 digits, but Iridium modem ids and the like are alphanumeric: up to the column width. */
    private static final Pattern IMEI = Pattern.compile("[0-9A-Za-z]{1,32}");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,18}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Always three fraction digits ({@link Instant#toString} drops zero milliseconds), always {@code Z}. */
    private static final DateTimeFormatter ISO_MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    // Descriptions for the API documentation of the shared parameters.
    static final String FROM_DOC = "earliest record time, inclusive: an ISO-8601 instant (2024-05-01T10:00:00Z), "
            + "a date (2024-05-01, the start of that UTC day) or epoch milliseconds";
    static final String TO_DOC = "latest record time, inclusive; same forms as from";
    static final String LIMIT_DOC = "most items to return: 1 to galileo.api.max-page-size, "
            + "galileo.api.default-page-size when absent";
    static final String OFFSET_DOC = "items to skip, 0 when absent";

    private ApiParams() {
    }

    /** An offset and limit within the configured page sizes. */
    record Paging(int offset, int limit) {
    }

    static String imei(String value) {
        if (!IMEI.matcher(value).matches()) {
            throw badRequest("IMEI '%s' is malformed: expected 1 to 32 letters or digits".formatted(value));
        }
        return value;
    }

    /** Null when no IMEI was given (absent or empty); otherwise a valid one. */
    static String optionalImei(String value) {
        return value == null || value.isEmpty() ? null : imei(value);
    }

    static TimeRange timeRange(String from, String to) {
        Long fromMs = instant("from", from);
        Long toMs = instant("to", to);
        if (fromMs != null && toMs != null && fromMs > toMs) {
            throw badRequest("from '%s' is after to '%s'".formatted(from, to));
        }
        return new TimeRange(fromMs, toMs);
    }

    static Paging paging(Integer offset, Integer limit, GalileoProperties.Api api) {
        int max = api.maxPageSize();
        if (limit != null && (limit < 1 || limit > max)) {
            throw badRequest("limit must be between 1 and %d, got %d".formatted(max, limit));
        }
        if (offset != null && offset < 0) {
            throw badRequest("offset must not be negative, got " + offset);
        }
        return new Paging(offset == null ? 0 : offset, limit == null ? Math.min(api.defaultPageSize(), max) : limit);
    }

    /** {@code order=desc}: newest first; absent or {@code asc}: oldest first. */
    static boolean newestFirst(String order) {
        if (order == null || order.isEmpty() || order.equalsIgnoreCase("asc")) {
            return false;
        }
        if (order.equalsIgnoreCase("desc")) {
            return true;
        }
        throw badRequest("order must be asc or desc, got '%s'".formatted(order));
    }

    /** An ISO-8601 instant, a date (the start of that UTC day) or epoch milliseconds; null when absent. */
    private static Long instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (EPOCH_MILLIS.matcher(value).matches()) {
                return Long.parseLong(value);
            }
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw badRequest(("%s '%s' is not a time: expected an ISO-8601 instant (2024-05-01T10:00:00Z), "
                    + "a date (2024-05-01) or epoch milliseconds").formatted(name, value));
        }
    }

    static String iso(long epochMs) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
    }

    static String isoOrNull(Long epochMs) {
        return epochMs == null ? null : iso(epochMs.longValue());
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
