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
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Galileosky TCP server (Netty on NIO: no native transports, so it runs on Android/Termux too).
 * Pipeline per tracker: admission ({@link ConnectionGate}), idle timeout, framing, session (decode, store, ACK).
 * A housekeeping thread writes the summaries of throttled log lines and ages the quarantine out.
 */
@Component
public class IngestServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
    private static final long LOG_FLUSH_SECONDS = 5;
    private static final long QUARANTINE_AGE_MINUTES = 10;

    private final IngestProperties config;
    private final IngestMetrics metrics;
    private final IngestLog repeated;
    private final QuarantineLog quarantine;
    private final RecordStore store;
    private final CommandChannel commandChannel;
    private final ConnectionGate gate;
    private final SessionServices services;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ScheduledExecutorService housekeeping;
    private volatile Channel serverChannel;

    /** @param commandChannel the command queue's side of the connections; {@link CommandChannel#NONE} without one */
    IngestServer(IngestProperties config, RecordStore store, IngestMetrics metrics, IngestLog repeated,
                 QuarantineLog quarantine, ConflictReport conflicts, ObjectProvider<CommandChannel> commandChannel) {
        this.config = config;
        this.metrics = metrics;
        this.repeated = repeated;
        this.quarantine = quarantine;
        this.store = store;
        this.commandChannel = commandChannel.getIfAvailable(() -> CommandChannel.NONE);
        this.gate = new ConnectionGate(config, metrics, repeated);
        this.services = new SessionServices(new GalileoPacketDecoder(config.mdsBitOrder()), config.iridiumCompressed(),
                new StorableRule(config.maxFutureSkew()), store, quarantine, gate, metrics, repeated, conflicts);
    }

    @Override
    public void start() {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("gate", gate)
                                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0,
                                        TimeUnit.MILLISECONDS))
                                .addLast("frames", new GalileoFrameDecoder(config.maxPayloadLength(), metrics,
                                        repeated))
                                .addLast("session", new GalileoSessionHandler(services, new CommandExchange(
                                        commandChannel, config.commandTimeout(), config.maxPhotoBytes(), metrics,
                                        repeated, IngestLog.sourceOf(ch.remoteAddress()))));
                    }
                });
        bind(bootstrap);
        log.info("Galileosky TCP ingest listening on {}", serverChannel.localAddress());
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(repeated::flush, LOG_FLUSH_SECONDS, LOG_FLUSH_SECONDS, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(() -> store.inTransaction(quarantine.dropExpired()), 0,
                QUARANTINE_AGE_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * Binds the port; on failure the event loops are shut down first (their threads are not daemons: left
     * running, they would keep the JVM alive after the failed start).
     */
    private void bind(ServerBootstrap bootstrap) {
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException e) {
            shutDownEventLoops();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the Galileosky port", e);
        } catch (Exception e) { // Netty rethrows the bind's checked exceptions undeclared
            shutDownEventLoops();
            if (e instanceof BindException bind) {
                throw new TrackerPortException(config.host(), config.port(), bind);
            }
            throw e;
        }
    }

    @Override
    public void stop() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        shutDownEventLoops();
        serverChannel = null;
    }

    private void shutDownEventLoops() {
        if (workers != null) {
            // let packets already read reach the writer; unACKed ones are re-sent by the trackers anyway
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
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
