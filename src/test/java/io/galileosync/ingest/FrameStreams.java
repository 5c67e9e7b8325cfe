package io.galileosync.ingest;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A byte stream through the real {@link GalileoFrameDecoder} in an {@link EmbeddedChannel}, cut into chunks as
 * TCP might deliver it, and what came out, for the fuzz tests. Any exception but the documented
 * {@link CorruptedFrameException} propagates (the fuzzer reports it).
 */
final class FrameStreams {

    /** The production default of {@code galileo.ingest.max-payload-length}. */
    static final int MAX_PAYLOAD = 32767;

    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static final IngestMetrics METRICS = new IngestMetrics(REGISTRY);
    /** The ingest's log at its default settings. */
    private static final IngestLog LOG = new IngestLog(new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("galileo.ingest", IngestProperties.class));

    static {
        // a bad CRC is logged per frame, and fuzzing makes millions of them
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(GalileoFrameDecoder.class)).setLevel(Level.ERROR);
    }

    private FrameStreams() {
    }

    /** A frame with value equality (a record holding an array compares the array by identity). */
    record FrameView(int header, boolean archive, boolean iridium, String hex) {
        FrameView(GalileoFrame frame) {
            this(frame.header(), frame.archive(), frame.iridium(), frame.hex());
        }

        byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }

        GalileoFrame frame() {
            return new GalileoFrame(header, archive, iridium, bytes());
        }
    }

    /**
     * What a connection made of a stream: its frames, how many it dropped for a bad CRC, and the message of the
     * {@link CorruptedFrameException} that closed it (null when the stream ended without one).
     */
    record Outcome(List<FrameView> frames, long crcErrors, String error) {
    }

    /** The whole stream in one read. */
    static Outcome decode(byte[] stream) {
        return decode(stream, new int[] {Math.max(1, stream.length)});
    }

    /** Feeds {@code stream} in chunks of the given sizes, in turn, until it ends or the decoder gives up. */
    static Outcome decode(byte[] stream, int[] chunks) {
        double crcErrorsBefore = crcErrors();
        EmbeddedChannel channel = new EmbeddedChannel();
        // heap buffers, so that what the cumulation allocates is seen by HeapAllocation too
        channel.config().setAllocator(new UnpooledByteBufAllocator(false));
        channel.pipeline().addLast(new GalileoFrameDecoder(MAX_PAYLOAD, METRICS, LOG));
        List<FrameView> frames = new ArrayList<>();
        String error = null;
        try {
            for (int pos = 0, i = 0; pos < stream.length; i++) {
                int length = Math.min(chunks[i % chunks.length], stream.length - pos);
                channel.writeInbound(Unpooled.wrappedBuffer(stream, pos, length));
                pos += length;
                drain(channel, frames);
            }
            channel.finish();
            drain(channel, frames);
        } catch (CorruptedFrameException e) {
            drain(channel, frames);
            error = e.getMessage();
        } finally {
            try {
                channel.finishAndReleaseAll();
            } catch (CorruptedFrameException again) {
                // closing re-reads what is left of a broken stream and says so once more
            }
        }
        return new Outcome(frames, (long) (crcErrors() - crcErrorsBefore), error);
    }

    private static void drain(EmbeddedChannel channel, List<FrameView> frames) {
        for (Object out = channel.readInbound(); out != null; out = channel.readInbound()) {
            frames.add(new FrameView((GalileoFrame) out));
        }
    }

    private static double crcErrors() {
        return REGISTRY.get("galileo.ingest.crc.errors").counter().count();
    }
}
