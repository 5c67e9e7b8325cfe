package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The throttle's intervals on a clock the test moves: one line, then a summary, per address and interval. */
class ThrottledLogTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ThrottledLog throttled = new ThrottledLog(LoggerFactory.getLogger(ThrottledLogTest.class),
            Level.WARN, "frames dropped", Duration.ofSeconds(60), nanos::get);

    @Test
    void theFirstLineOfAnIntervalIsWrittenAndTheRestSummedUpAtItsEnd() {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 12_345; i++) {
                throttled.log("10.0.0.5", "{}: frame {} dropped", "10.0.0.5:4000", i);
            }
            throttled.log("10.0.0.6", "{}: frame {} dropped", "10.0.0.6:4000", 0);
            throttled.flush();
            assertThat(log.linesWith("dropped")).hasSize(2);

            nanos.addAndGet(Duration.ofSeconds(60).toNanos());
            throttled.flush();
            assertThat(log.linesWith("10.0.0.5: 12,344 more frames dropped in the last 60 s")).hasSize(1);
            assertThat(log.linesWith("10.0.0.6: ")).as("nothing left out for .6, so no summary").isEmpty();

            throttled.log("10.0.0.5", "{}: frame {} dropped", "10.0.0.5:4000", 1);
            assertThat(log.linesWith("10.0.0.5:4000: frame 1 dropped")).as("a new interval starts with a line")
                    .hasSize(1);
        }
    }

    @Test
    void addressesBeyondTheCapShareOneLine() {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < ThrottledLog.MAX_SOURCES + 500; i++) {
                throttled.log("10.1." + i / 256 + "." + i % 256, "{}: garbage", "10.1.x.x");
            }
            assertThat(log.linesWith("garbage")).hasSize(ThrottledLog.MAX_SOURCES + 1);
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
            throttled.flush();
            assertThat(log.linesWith(ThrottledLog.OTHER_SOURCES + ": 499 more")).hasSize(1);
        }
    }
}
