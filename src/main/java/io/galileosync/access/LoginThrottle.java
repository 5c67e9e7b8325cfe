package io.galileosync.access;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing the pairing code: per source address, after a few wrong codes each further try must
 * wait twice as long as the last (1 s, 2 s, 4 s ... up to 15 min), whatever code it brings. A right code
 * clears the address. At most {@value #MAX_SOURCES} addresses are tracked; the oldest are forgotten first.
 */
@Component
class LoginThrottle {

    static final int FREE_TRIES = 5;
    private static final long MAX_WAIT_MS = 15 * 60_000L;
    private static final int MAX_SOURCES = 10_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long notBefore, long lastAt) {
    }

    /** Milliseconds this source must still wait before its next try; 0 when it may try now. */
    long waitMs(String source) {
        Failures f = failures.get(source);
        return f == null ? 0 : Math.max(0, f.notBefore() - System.currentTimeMillis());
    }

    void failed(String source) {
        long now = System.currentTimeMillis();
        if (failures.size() >= MAX_SOURCES) {
            forgetOldest();
        }
        failures.compute(source, (key, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            long wait = count < FREE_TRIES ? 0 : Math.min(MAX_WAIT_MS, 1000L << Math.min(count - FREE_TRIES, 20));
            return new Failures(count, now + wait, now);
        });
    }

    void succeeded(String source) {
        failures.remove(source);
    }

    private void forgetOldest() {
        long oldest = Long.MAX_VALUE;
        String victim = null;
        for (Iterator<Map.Entry<String, Failures>> it = failures.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Failures> e = it.next();
            if (e.getValue().notBefore() < System.currentTimeMillis() - MAX_WAIT_MS) {
                it.remove();
            } else if (e.getValue().lastAt() < oldest) {
                oldest = e.getValue().lastAt();
                victim = e.getKey();
            }
        }
        if (victim != null && failures.size() >= MAX_SOURCES) {
            failures.remove(victim);
        }
    }
}
