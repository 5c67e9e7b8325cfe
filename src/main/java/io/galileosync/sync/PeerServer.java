package io.galileosync.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Whether this node is open to peers: while closed, {@code /peer/**} answers 503, auto-sync pauses and the
 * node is not announced on the LAN ({@code POST /api/peer/start}, {@code /stop}).
 */
@Component
public class PeerServer {

    private final AtomicBoolean open;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

    PeerServer(SyncProperties settings) {
        this.open = new AtomicBoolean(settings.enabled());
    }

    public boolean isOpen() {
        return open.get();
    }

    void setOpen(boolean value) {
        open.set(value);
        listeners.forEach(listener -> listener.accept(value));
    }

    /** Told when the peer server opens or closes. */
    void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }
}
