package io.galileosync.ingest;

import io.galileosync.store.RecordStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Galileosky TCP server (Netty on NIO: no native transports, so it runs on Android/Termux too).
 * Pipeline per tracker: connection limit, idle timeout, framing, session (decode, store, ACK).
 */
@Component
public class IngestServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestServer.class);

    private final IngestProperties config;
    private final RecordStore store;
    private final IngestMetrics metrics;
    private final GalileoPacketDecoder decoder;
    private final CommandChannel commandChannel;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile Channel serverChannel;

    /** @param commandChannel the command queue's side of the connections; {@link CommandChannel#NONE} without one */
    IngestServer(IngestProperties config, RecordStore store, IngestMetrics metrics,
                 ObjectProvider<CommandChannel> commandChannel) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.decoder = new GalileoPacketDecoder(config.mdsBitOrder());
        this.commandChannel = commandChannel.getIfAvailable(() -> CommandChannel.NONE);
    }

    @Override
    public void start() {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ConnectionLimiter limiter = new ConnectionLimiter(config.maxConnections(), metrics);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("limit", limiter)
                                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0,
                                        TimeUnit.MILLISECONDS))
                                .addLast("frames", new GalileoFrameDecoder(config.maxPayloadLength(), metrics))
                                .addLast("session", new GalileoSessionHandler(decoder, store, metrics,
                                        config.iridiumCompressed(), new CommandExchange(commandChannel,
                                                config.commandTimeout(), config.maxPhotoBytes(), metrics)));
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the Galileosky port", e);
        }
        log.info("Galileosky TCP ingest listening on {}", serverChannel.localAddress());
    }

    @Override
    public void stop() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (workers != null) {
            // let packets already read reach the writer; unACKed ones are re-sent by the trackers anyway
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        serverChannel = null;
    }

    @Override
    public boolean isRunning() {
        return serverChannel != null && serverChannel.isActive();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** The bound port (differs from the configured one when that is 0). */
    public int port() {
        Channel channel = serverChannel;
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }
}
