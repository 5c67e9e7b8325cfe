package io.galileosync.sync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The auto-sync period: {@code galileo.sync.interval} until someone changes it (UI, {@code PUT
 * /api/peer/settings}); then the stored value (in {@code sync_settings}) wins, also after a restart. The
 * scheduler follows a change at once.
 */
@Component
class AutoSyncSettings {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    private static final String KEY = "autoSyncInterval";

    private final JdbcClient jdbc;
    private final List<Consumer<Duration>> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration interval;

    AutoSyncSettings(JdbcClient jdbc, SyncProperties settings) {
        this.jdbc = jdbc;
        this.interval = jdbc.sql("select setting_value from sync_settings where setting_key = ?").param(KEY)
                .query(String.class).optional().map(AutoSyncSettings::parseStored)
                .orElse(settings.interval());
    }

    private static Duration parseStored(String value) {
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    Duration interval() {
        return interval;
    }

    /** @throws IllegalArgumentException when outside 10 s .. 24 h */
    synchronized void interval(Duration value) {
        if (value == null || value.compareTo(MIN_INTERVAL) < 0 || value.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("autoSyncInterval must be between 10 seconds and 24 hours (PT10S .. PT24H),"
                    + " got " + value);
        }
        if (jdbc.sql("update sync_settings set setting_value = ? where setting_key = ?").params(value.toString(), KEY)
                .update() == 0) {
            jdbc.sql("insert into sync_settings (setting_key, setting_value) values (?, ?)").params(KEY, value.toString())
                    .update();
        }
        interval = value;
        listeners.forEach(listener -> listener.accept(value));
    }

    void onChange(Consumer<Duration> listener) {
        listeners.add(listener);
    }

    /** An ISO-8601 duration ({@code "PT2M"}) or a number of seconds (as a JSON number or a string). */
    static Duration parse(Object raw) {
        if (raw instanceof Number number) {
            return Duration.ofMillis(Math.round(number.doubleValue() * 1000));
        }
        if (raw instanceof String text && !text.isBlank()) {
            String trimmed = text.trim();
            try {
                return trimmed.matches("\\d+(\\.\\d+)?") ? Duration.ofMillis(Math.round(Double.parseDouble(trimmed) * 1000))
                        : Duration.parse(trimmed);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("autoSyncInterval: not an ISO-8601 duration (e.g. PT2M) or a number"
                        + " of seconds: " + trimmed);
            }
        }
        throw new IllegalArgumentException("give {\"autoSyncInterval\": \"PT2M\"} or a number of seconds");
    }
}
