package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.store.TimeRange;

/** The {@code from} and {@code to} query values of the record API as a store time range (400 when malformed). */
final class TimeRanges {

    private TimeRanges() {
    }

    static TimeRange of(String from, String to) {
        Long fromMs = ApiParams.instant("from", from);
        Long toMs = ApiParams.instant("to", to);
        if (fromMs != null && toMs != null && fromMs > toMs) {
            throw ApiParams.badRequest("from '%s' is after to '%s'".formatted(from, to));
        }
        return new TimeRange(fromMs, toMs);
    }
}
