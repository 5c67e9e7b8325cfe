package io.galileosync.ingest;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts tracker connections and closes at once those beyond the configured limit. */
@ChannelHandler.Sharable
class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("galileo.counted");

    private final int maxConnections;
    private final IngestMetrics metrics;

    ConnectionLimiter(int maxConnections, IngestMetrics metrics) {
        this.maxConnections = maxConnections;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (metrics.connectionOpened() > maxConnections) {
            metrics.connectionClosed();
            metrics.connectionRefused();
            log.warn("{}: refused, {} tracker connections already open", ctx.channel().remoteAddress(),
                    maxConnections);
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            metrics.connectionClosed();
        }
        super.channelInactive(ctx);
    }
}
