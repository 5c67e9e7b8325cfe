package io.galileosync.ingest;

import io.galileosync.simulate.PacketEncoder;
import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.GalileoPacketDecoderTest.Vector;
import io.galileosync.web.GalileoTestProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Commands over a real TCP connection to the running ingest, with a {@link CommandChannel} that queues commands
 * in memory: what the fake tracker receives after each ACK, and what the channel is handed back. Each test uses
 * its own IMEIs, since the application context (and its database) is shared.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "galileo.ingest.command-timeout=" + CommandChannelTcpTest.COMMAND_TIMEOUT_MS + "ms")
class CommandChannelTcpTest {

    static final long COMMAND_TIMEOUT_MS = 400;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    IngestServer server;

    @Autowired
    QueuedCommands commands;

    @Autowired
    JdbcClient jdbc;

    /** The official exchange (DOC19): the status command after the head packet's ACK, then the tracker's reply. */
    @Test
    void commandFollowsTheHeadPacketsAckAndTheReplyComesBack() throws Exception {
        String imei = "868204005647838";
        Vector officialCommand = GalileoPacketDecoderTest.vector(23);
        Vector officialReply = GalileoPacketDecoderTest.vector(24);
        CommandPacket status = CommandPacket.of(imei, 0, "status");
        commands.queue(status);
        byte[] head = head(imei, 50);
        long before = System.currentTimeMillis();
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(readFrame(tracker)).isEqualTo(officialCommand.bytes());
            assertThat(commands.written(imei)).isEqualTo(status);

            assertThat(tracker.sendAndAck(officialReply.bytes())).isEqualTo(hex("02 9795"));
            CommandReply reply = commands.reply(imei);
            assertThat(reply).isNotNull();
            assertThat(reply.imei()).isEqualTo(imei);
            assertThat(reply.commandNumber()).isZero();
            assertThat(reply.text()).isEqualTo(officialReply.asserts().path("reply_text").asString());
            assertThat(reply.binary()).isNull();
            assertThat(reply.receivedAt()).isBetween(before, System.currentTimeMillis());

            // nothing more queued: the reply's ACK comes alone
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).isNull();
        }
        // the reply is kept as a record as well, as before there was a command channel
        assertThat(jdbc.sql("select count(*) from records r join record_imeis i on i.id = r.imei_id where i.imei = ?").param(imei).query(Long.class).single())
                .isEqualTo(1);
    }

    /** One command per ACK: a second queued command waits for the next packet's ACK, here a main packet's. */
    @Test
    void eachAckCarriesAtMostOneCommandAndMainPacketAcksCarryThemToo() throws Exception {
        String imei = "356000000000101";
        CommandPacket first = new CommandPacket(imei, 0, 11, "Out 1,1");
        CommandPacket second = new CommandPacket(imei, 0, 12, "Out 1,0");
        byte[] head = head(imei, 7);
        byte[] main = TestPackets.randomMainPacket(new Random(101), 2, imei).frame(false);
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).isNull();

            commands.queue(first);
            commands.queue(second);
            assertThat(tracker.sendAndAck(main)).isEqualTo(TrackerClient.expectedAck(main));
            assertThat(readFrame(tracker)).isEqualTo(first.encode());
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).as("nothing mid-exchange").isNull();

            byte[] reply = reply(imei, 11, "OUT(3..0) = 0001");
            assertThat(tracker.sendAndAck(reply)).isEqualTo(TrackerClient.expectedAck(reply));
            assertThat(readFrame(tracker)).isEqualTo(second.encode());
        }
        assertThat(commands.reply(imei))
                .extracting(CommandReply::imei, CommandReply::commandNumber, CommandReply::text)
                .containsExactly(imei, 11L, "OUT(3..0) = 0001");
    }

    /**
     * Frames sent in one write, without waiting for their ACKs, get their ACKs in order with nothing between them;
     * the command goes out only behind the ACK of a frame that was the only one waiting.
     */
    @Test
    void framesSentWithoutWaitingGetTheirAcksInOrderAndNoCommandAmongThem() throws Exception {
        String imei = "356000000000105";
        CommandPacket command = CommandPacket.of(imei, 77, "status");
        byte[] head = head(imei, 1);
        Random random = new Random(105);
        List<byte[]> burst = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            byte[] frame = TestPackets.randomMainPacket(random, 1 + random.nextInt(4), imei).frame(false);
            burst.add(frame);
            all.writeBytes(frame);
        }
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            commands.queue(command);
            tracker.send(all.toByteArray());
            for (byte[] frame : burst) {
                assertThat(tracker.readAck(WAIT)).isEqualTo(TrackerClient.expectedAck(frame));
            }
            byte[] next = tracker.readBytes(1, Duration.ofMillis(COMMAND_TIMEOUT_MS * 2));
            if (next == null) { // the last frame of the burst had company: the command waits for a lone packet
                byte[] lone = TestPackets.randomMainPacket(random, 1, imei).frame(false);
                assertThat(tracker.sendAndAck(lone)).isEqualTo(TrackerClient.expectedAck(lone));
                assertThat(readFrame(tracker)).isEqualTo(command.encode());
            } else {
                assertThat(next).containsExactly(0x01);
                assertThat(readFrame(next, tracker)).isEqualTo(command.encode());
            }
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).isNull();
        }
        assertThat(commands.written(imei)).isEqualTo(command);
    }

    /** A reply to a command nobody here sent (another server's, an SMS) is handed on all the same. */
    @Test
    void aReplyWithAnUnknownNumberIsHandedOnToo() throws Exception {
        String imei = "356000000000102";
        byte[] head = head(imei, 1);
        byte[] reply = reply(imei, 0xDEADBEEFL, "IMEI 356000000000102");
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(tracker.sendAndAck(reply)).isEqualTo(TrackerClient.expectedAck(reply));
        }
        CommandReply handed = commands.reply(imei);
        assertThat(handed).extracting(CommandReply::imei, CommandReply::commandNumber)
                .containsExactly(imei, 0xDEADBEEFL);
    }

    /** A channel that does not answer in time costs one timeout, never the ACK. */
    @Test
    void aSilentChannelDelaysTheAckByTheTimeoutAndSendsNothing() throws Exception {
        String imei = "356000000000103";
        commands.beSilentTo(imei);
        byte[] head = head(imei, 1);
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            long start = System.nanoTime();
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                    Duration.ofMillis(COMMAND_TIMEOUT_MS));
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).isNull();
        }
    }

    /** A reply the channel could not keep gets no ACK; the tracker's re-sent reply is then kept and ACKed. */
    @Test
    void aReplyTheChannelFailsToKeepIsNotAcknowledged() throws Exception {
        String imei = "356000000000104";
        commands.failNextReplyOf(imei);
        byte[] head = head(imei, 1);
        byte[] reply = reply(imei, 5, "Photo ok");
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            tracker.send(reply);
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).as("no ACK").isNull();
            assertThat(tracker.sendAndAck(reply)).isEqualTo(TrackerClient.expectedAck(reply));
        }
        assertThat(commands.reply(imei))
                .extracting(CommandReply::commandNumber, CommandReply::text).containsExactly(5L, "Photo ok");
        assertThat(commands.noMoreReplies(imei)).isTrue();
    }

    /**
     * GalileoCam (maprox's captures, all of IMEI 868204000728070): {@code Makephoto 1} after the head ACK, the
     * real "Photo ok" reply, the real first photo chunk (header 0x04), constructed further chunks, the end frame.
     */
    @Test
    void makephotoBringsAWholePhotoToTheChannel() throws Exception {
        String imei = "868204000728070";
        CommandPacket makephoto = CommandPacket.of(imei, 1, "Makephoto 1");
        commands.queue(makephoto);
        Vector photoOk = GalileoPacketDecoderTest.vector(38);
        Vector firstChunk = GalileoPacketDecoderTest.vector(47);
        List<byte[]> chunks = new ArrayList<>(List.of(firstChunk.bytes()));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(PhotoChunk.of(GalileoFrame.of(firstChunk.bytes())).data());
        Random random = new Random(47);
        for (int part = 1; part <= 5; part++) {
            byte[] scan = new byte[994];
            random.nextBytes(scan);
            if (part == 5) {
                scan[992] = (byte) 0xFF;
                scan[993] = (byte) 0xD9;
            }
            expected.writeBytes(scan);
            chunks.add(PhotoAssemblerTest.photoFrame(GalileoFrame.PHOTO_LEGACY, part, scan));
        }
        chunks.add(PhotoAssemblerTest.endFrame(GalileoFrame.PHOTO_LEGACY, 6));
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            byte[] head = head(imei, 50);
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(readFrame(tracker)).isEqualTo(makephoto.encode());
            assertThat(tracker.sendAndAck(photoOk.bytes())).isEqualTo(TrackerClient.expectedAck(photoOk.bytes()));
            for (byte[] chunk : chunks) {
                assertThat(tracker.sendAndAck(chunk)).isEqualTo(TrackerClient.expectedAck(chunk)); // 0x04: ACK 02
            }
        }
        assertThat(commands.reply(imei))
                .extracting(CommandReply::commandNumber, CommandReply::text).containsExactly(1L, "Photo ok");
        TrackerPhoto photo = commands.photo(imei);
        assertThat(photo).isNotNull();
        assertThat(photo.imei()).isEqualTo(imei);
        assertThat(photo.jpeg()).isEqualTo(expected.toByteArray()).startsWith(0xFF, 0xD8).endsWith(0xFF, 0xD9);
    }

    /** A photo the channel did not take leaves its end frame without ACK; the re-sent end frame offers it again. */
    @Test
    void aPhotoTheChannelFailsToTakeIsOfferedAgainWithTheResentEndFrame() throws Exception {
        String imei = "356000000000106";
        byte[] jpeg = PhotoAssemblerTest.jpeg(new Random(106), 64, 48);
        List<PhotoChunk> chunks = PhotoAssemblerTest.chunks(jpeg, 990);
        commands.failNextPhotoOf(imei);
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            byte[] head = head(imei, 1);
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            for (PhotoChunk chunk : chunks) {
                byte[] frame = PhotoAssemblerTest.photoFrame(GalileoFrame.PHOTO, chunk.part(), chunk.data());
                assertThat(tracker.sendAndAck(frame)).containsExactly(0x07, frame[frame.length - 2],
                        frame[frame.length - 1]);
            }
            byte[] end = PhotoAssemblerTest.endFrame(GalileoFrame.PHOTO, chunks.size());
            tracker.send(end);
            assertThat(tracker.readAck(Duration.ofMillis(COMMAND_TIMEOUT_MS * 2))).as("no ACK").isNull();
            assertThat(tracker.sendAndAck(end)).containsExactly(0x07, end[end.length - 2], end[end.length - 1]);
        }
        TrackerPhoto photo = commands.photo(imei);
        assertThat(photo).isNotNull();
        assertThat(photo.jpeg()).isEqualTo(jpeg);
    }

    /** The frame the server wrote after an ACK: header, length word, payload, CRC. */
    private static byte[] readFrame(TrackerClient tracker) throws Exception {
        return readFrame(new byte[0], tracker);
    }

    /** The frame whose first bytes were already read. */
    private static byte[] readFrame(byte[] read, TrackerClient tracker) throws Exception {
        byte[] frame = tracker.readFrame(read, WAIT);
        assertThat(frame).as("a frame after the ACK").isNotNull();
        return frame;
    }

    private static byte[] head(String imei, int deviceNumber) {
        return PacketEncoder.frame(GalileoFrame.HEAD_MAIN, hex("01 11 02 C1 03" + ascii(imei) + "04"
                + String.format("%02x%02x", deviceNumber & 0xFF, deviceNumber >>> 8)), false);
    }

    /** A reply as a tracker sends it: 03 IMEI, 04 device, E0 number, E1 text (the command layout, from the tracker). */
    private static byte[] reply(String imei, long number, String text) {
        return new CommandPacket(imei, 1, number, text).encode();
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Commands queued per IMEI in memory; everything the ingest hands back kept per IMEI for the test. */
    static final class QueuedCommands implements CommandChannel {

        private final Map<String, Queue<CommandPacket>> queued = new ConcurrentHashMap<>();
        private final Map<String, BlockingQueue<CommandPacket>> written = new ConcurrentHashMap<>();
        private final Map<String, BlockingQueue<CommandReply>> replies = new ConcurrentHashMap<>();
        private final Map<String, BlockingQueue<TrackerPhoto>> photos = new ConcurrentHashMap<>();
        /** IMEIs for which nextCommand never completes. */
        private final Set<String> silent = ConcurrentHashMap.newKeySet();
        /** IMEIs whose next reply the channel fails to keep. */
        private final Set<String> failNextReply = ConcurrentHashMap.newKeySet();
        /** IMEIs whose next photo the channel fails to take. */
        private final Set<String> failNextPhoto = ConcurrentHashMap.newKeySet();

        void queue(CommandPacket command) {
            queued.computeIfAbsent(command.imei(), i -> new ConcurrentLinkedQueue<>()).add(command);
        }

        void beSilentTo(String imei) {
            silent.add(imei);
        }

        void failNextReplyOf(String imei) {
            failNextReply.add(imei);
        }

        void failNextPhotoOf(String imei) {
            failNextPhoto.add(imei);
        }

        CommandPacket written(String imei) throws InterruptedException {
            return of(written, imei).poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        CommandReply reply(String imei) throws InterruptedException {
            return of(replies, imei).poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        boolean noMoreReplies(String imei) {
            return of(replies, imei).isEmpty();
        }

        TrackerPhoto photo(String imei) throws InterruptedException {
            return of(photos, imei).poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<Optional<CommandPacket>> nextCommand(String imei) {
            if (silent.contains(imei)) {
                return new CompletableFuture<>();
            }
            // handed out is not sent: the session may drop it when the line does not stay quiet
            Queue<CommandPacket> forImei = queued.get(imei);
            return CompletableFuture.completedFuture(Optional.ofNullable(forImei == null ? null : forImei.peek()));
        }

        @Override
        public void commandWritten(CommandPacket command, long writtenAt) {
            queued.get(command.imei()).remove(command);
            of(written, command.imei()).add(command);
        }

        @Override
        public CompletionStage<Void> replyReceived(CommandReply reply) {
            if (failNextReply.remove(reply.imei())) {
                return CompletableFuture.failedFuture(new IllegalStateException("queue store unavailable"));
            }
            of(replies, reply.imei()).add(reply);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> photoReceived(TrackerPhoto photo) {
            if (failNextPhoto.remove(photo.imei())) {
                return CompletableFuture.failedFuture(new IllegalStateException("photo store unavailable"));
            }
            // completes on another thread, as a store writing the photo would
            return CompletableFuture.runAsync(() -> of(photos, photo.imei()).add(photo));
        }

        private static <T> BlockingQueue<T> of(Map<String, BlockingQueue<T>> byImei, String imei) {
            return byImei.computeIfAbsent(imei, i -> new LinkedBlockingQueue<>());
        }
    }

    /** Primary: the application's own channel (the command queue) is a bean too, and stands aside. */
    @TestConfiguration
    static class Channel {

        @Bean
        @Primary
        QueuedCommands queuedCommands() {
            return new QueuedCommands();
        }
    }
}
