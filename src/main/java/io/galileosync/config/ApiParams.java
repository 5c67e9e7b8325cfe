package io.galileosync.config;

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
public final class ApiParams {

    /** The response header with the number of all items matching a paged query, whatever the page. */
    public static final String TOTAL_COUNT = "X-Total-Count";

    /** Galileosky IMEIs are 15 digits, but Iridium modem ids and the like are alphanumeric: up to the column width. */
    private static final Pattern IMEI = Pattern.compile("[0-9A-Za-z]{1,32}");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,18}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Always three fraction digits ({@link Instant#toString} drops zero milliseconds), always {@code Z}. */
    private static final DateTimeFormatter ISO_MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    // Descriptions for the API documentation of the shared parameters.
    public static final String FROM_DOC = "earliest record time, inclusive: an ISO-8601 instant (2024-05-01T10:00:00Z), "
            + "a date (2024-05-01, the start of that UTC day) or epoch milliseconds";
    public static final String TO_DOC = "latest record time, inclusive; same forms as from";
    public static final String LIMIT_DOC = "most items to return: 1 to galileo.api.max-page-size, "
            + "galileo.api.default-page-size when absent";
    public static final String OFFSET_DOC = "items to skip, 0 when absent";

    private ApiParams() {
    }

    /** An offset and limit within the configured page sizes. */
    public record Paging(int offset, int limit) {
    }

    public static String imei(String value) {
        if (!IMEI.matcher(value).matches()) {
            throw badRequest("IMEI '%s' is malformed: expected 1 to 32 letters or digits".formatted(value));
        }
        return value;
    }

    /** Null when no IMEI was given (absent or empty); otherwise a valid one. */
    public static String optionalImei(String value) {
        return value == null || value.isEmpty() ? null : imei(value);
    }

    public static Paging paging(Integer offset, Integer limit, ApiProperties api) {
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
    public static boolean newestFirst(String order) {
        if (order == null || order.isEmpty() || order.equalsIgnoreCase("asc")) {
            return false;
        }
        if (order.equalsIgnoreCase("desc")) {
            return true;
        }
        throw badRequest("order must be asc or desc, got '%s'".formatted(order));
    }

    /** An ISO-8601 instant, a date (the start of that UTC day) or epoch milliseconds; null when absent. */
    public static Long instant(String name, String value) {
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

    public static String iso(long epochMs) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
    }

    public static String isoOrNull(Long epochMs) {
        return epochMs == null ? null : iso(epochMs.longValue());
    }

    public static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
