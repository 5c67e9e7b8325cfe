package io.galileosync.ingest;

import io.galileosync.ingest.IngestLog.Repeated;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Admits tracker connections so that no flood of sockets locks real trackers out (1,000 idle sockets from one
 * address once filled the limit for the 5 minutes of the idle timeout). A connection is <em>unproven</em> until
 * its tracker names its IMEI in a valid frame ({@link #proven}), and closed if it has not within the handshake
 * timeout. Limits: connections per client address, connections in all, and of those the reserved ones only for
 * proven connections. Where a newcomer would pass a limit, the oldest unproven connection under that limit is
 * closed to make room: sockets that only sit there cannot hold slots against newcomers, while a real tracker
 * proves itself one round trip after connecting. Only where proven connections hold every slot in the way is the
 * newcomer refused.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Admission> ADMISSION = AttributeKey.valueOf("galileo.admission");

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxUnproven;
    private final long handshakeTimeoutMs;
    private final IngestMetrics metrics;
    private final IngestLog log;
    // guarded by this
    private final Map<InetAddress, Source> sources = new HashMap<>();
    private final Set<Admission> unproven = new LinkedHashSet<>();
    private int open;

    ConnectionGate(IngestProperties config, IngestMetrics metrics, IngestLog log) {
        this.maxConnections = config.maxConnections();
        this.maxPerAddress = config.maxConnectionsPerAddress();
        this.maxUnproven = config.maxConnections() - config.reservedConnections();
        this.handshakeTimeoutMs = config.handshakeTimeout().toMillis();
        this.metrics = metrics;
        this.log = log;
        metrics.unprovenGauge(this, ConnectionGate::unprovenCount);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        Decision decision;
        synchronized (this) {
            decision = admit(channel, address);
        }
        decision.evicted().forEach(this::evict);
        Admission admission = decision.admitted();
        if (admission == null) {
            metrics.connectionRefused();
            log.log(Repeated.REFUSED, address.getHostAddress(), "{}: refused, trackers that proved themselves hold"
                    + " every slot of the {} limit", channel.remoteAddress(), decision.refusedBy());
            ctx.close();
            return;
        }
        channel.attr(ADMISSION).set(admission);
        metrics.connectionOpened();
        admission.deadline = ctx.executor().schedule(() -> deadline(admission), handshakeTimeoutMs,
                TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    /** The connection's tracker named its IMEI in a valid frame: it may stay, and hold a reserved slot. */
    void proven(Channel channel) {
        Admission admission = channel.attr(ADMISSION).get();
        if (admission == null) {
            return;
        }
        synchronized (this) {
            if (admission.proven || admission.released) {
                return;
            }
            admission.proven = true;
            unproven.remove(admission);
            sources.get(admission.address).unproven.remove(admission);
        }
        admission.deadline.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Admission admission = ctx.channel().attr(ADMISSION).getAndSet(null);
        if (admission != null) {
            synchronized (this) {
                release(admission);
            }
            admission.deadline.cancel(false);
            metrics.connectionClosed();
        }
        super.channelInactive(ctx);
    }

    synchronized int unprovenCount() {
        return unproven.size();
    }

    private Decision admit(Channel channel, InetAddress address) {
        List<Admission> evicted = new ArrayList<>();
        Source known = sources.get(address);
        if (known != null && known.open >= maxPerAddress && !makeRoom(known.unproven, evicted)) {
            return new Decision(null, evicted, "per-address (" + maxPerAddress + ")");
        }
        if (unproven.size() >= maxUnproven) {
            makeRoom(unproven, evicted);
        }
        if (open >= maxConnections && !makeRoom(unproven, evicted)) {
            return new Decision(null, evicted, "total (" + maxConnections + ")");
        }
        Source source = sources.computeIfAbsent(address, a -> new Source()); // after making room, which may forget it
        Admission admission = new Admission(channel, address);
        open++;
        source.open++;
        source.unproven.add(admission);
        unproven.add(admission);
        return new Decision(admission, evicted, null);
    }

    /** Releases the oldest of {@code candidates}; false when there is none. */
    private boolean makeRoom(Set<Admission> candidates, List<Admission> evicted) {
        Iterator<Admission> oldest = candidates.iterator();
        if (!oldest.hasNext()) {
            return false;
        }
        Admission victim = oldest.next();
        release(victim);
        evicted.add(victim);
        return true;
    }

    private void release(Admission admission) {
        if (admission.released) {
            return;
        }
        admission.released = true;
        open--;
        unproven.remove(admission);
        Source source = sources.get(admission.address);
        source.open--;
        source.unproven.remove(admission);
        if (source.open == 0) {
            sources.remove(admission.address);
        }
    }

    private void evict(Admission victim) {
        metrics.closedBy("evicted");
        log.log(Repeated.EVICTED, victim.address.getHostAddress(), "{}: closed to make room, it named no tracker",
                victim.channel.remoteAddress());
        victim.channel.close();
    }

    private void deadline(Admission admission) {
        synchronized (this) {
            if (admission.proven || admission.released) {
                return;
            }
        }
        metrics.closedBy("unproven");
        log.log(Repeated.UNPROVEN, admission.address.getHostAddress(), "{}: closed, no valid frame naming a tracker"
                + " within {} ms", admission.channel.remoteAddress(), handshakeTimeoutMs);
        admission.channel.close();
    }

    /** @param refusedBy the limit that refused the newcomer (null when admitted) */
    private record Decision(Admission admitted, List<Admission> evicted, String refusedBy) {
    }

    /** One admitted connection. Fields guarded by the gate, except the deadline (set once on the event loop). */
    private static final class Admission {
        final Channel channel;
        final InetAddress address;
        boolean proven;
        boolean released;
        ScheduledFuture<?> deadline;

        Admission(Channel channel, InetAddress address) {
            this.channel = channel;
            this.address = address;
        }
    }

    /** The connections of one client address: how many, and its unproven ones oldest first. */
    private static final class Source {
        int open;
        final Set<Admission> unproven = new LinkedHashSet<>();
    }
}
