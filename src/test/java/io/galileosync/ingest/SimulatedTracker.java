package io.galileosync.ingest;

import io.galileosync.simulate.PacketEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A tracker on a real TCP connection that takes commands as a device does: it announces itself with a head
 * packet, keeps reporting (its head packet again, as a tracker with nothing new does), reads a command the server
 * writes behind an ACK, and replies with the command's number in the layout trackers reply in (03, 04, E0, E1).
 * A command is read with the ingest's own decoder, and its bytes must be exactly what {@link CommandPacket}
 * encodes for its fields. Photos go in 0x07 chunks.
 */
public final class SimulatedTracker implements AutoCloseable {

    /** After an ACK the server writes a command once the line stayed quiet 50 ms; allow for a loaded machine. */
    private static final Duration COMMAND_WAIT = Duration.ofMillis(400);
    private static final Duration ACK_WAIT = Duration.ofSeconds(10);
    private static final int DEVICE_NUMBER = 7;

    private final String imei;
    private final TrackerClient client;
    private final byte[] head;
    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
    /** Commands read behind an ACK and not yet taken. */
    private final Deque<CommandPacket> received = new ArrayDeque<>();

    private SimulatedTracker(String imei, TrackerClient client) {
        this.imei = imei;
        this.client = client;
        this.head = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, HexFormat.of().parseHex("0111020203"
                + HexFormat.of().formatHex(imei.getBytes(StandardCharsets.US_ASCII)) + "04"
                + String.format("%02x%02x", DEVICE_NUMBER, 0)), false);
    }

    /** Connects to the ingest on this port and sends the head packet (a command may follow its ACK). */
    public static SimulatedTracker connect(int port, String imei) throws IOException {
        SimulatedTracker tracker = new SimulatedTracker(imei, new TrackerClient(port));
        tracker.report();
        return tracker;
    }

    /** The next command, reporting until one comes behind an ACK; empty if none came within the timeout. */
    public Optional<CommandPacket> awaitCommand(Duration timeout) throws IOException {
        long until = System.nanoTime() + timeout.toNanos();
        while (received.isEmpty() && System.nanoTime() < until) {
            report();
        }
        return Optional.ofNullable(received.poll());
    }

    /** Replies to a command as a device does, and takes the ACK (and a command behind it, if any). */
    public void reply(long number, String text) throws IOException {
        exchange(new CommandPacket(imei, DEVICE_NUMBER, number, text).encode(), GalileoFrame.HEAD_MAIN);
    }

    /** Sends a photo in chunks of this size and the end frame, each acknowledged (07 + CRC). */
    public void sendPhoto(byte[] jpeg, int chunkSize) throws IOException {
        List<PhotoChunk> chunks = PhotoAssemblerTest.chunks(jpeg, chunkSize);
        for (PhotoChunk chunk : chunks) {
            exchange(PhotoAssemblerTest.photoFrame(GalileoFrame.PHOTO, chunk.part(), chunk.data()), GalileoFrame.PHOTO);
        }
        exchange(PhotoAssemblerTest.endFrame(GalileoFrame.PHOTO, chunks.size()), GalileoFrame.PHOTO);
    }

    /** A real JPEG picture (noise, so it does not compress to nothing) of this size, as a tracker's camera sends. */
    public static byte[] picture(Random random, int width, int height) throws IOException {
        return PhotoAssemblerTest.jpeg(random, width, height);
    }

    /** Drops the connection (without a reply to what it was sent). */
    @Override
    public void close() throws IOException {
        client.close();
    }

    private void report() throws IOException {
        exchange(head, GalileoFrame.HEAD_MAIN);
    }

    private void exchange(byte[] frame, int header) throws IOException {
        client.send(frame);
        byte[] ack = client.readAck(ACK_WAIT);
        byte[] expected = {(byte) (header == GalileoFrame.PHOTO ? 0x07 : 0x02), frame[frame.length - 2],
                frame[frame.length - 1]};
        if (!Arrays.equals(ack, expected)) {
            throw new AssertionError(imei + ": ACK " + (ack == null ? "missing" : HexFormat.of().formatHex(ack))
                    + ", expected " + HexFormat.of().formatHex(expected));
        }
        byte[] first = client.readBytes(1, COMMAND_WAIT);
        if (first != null) {
            received.add(command(client.readFrame(first, ACK_WAIT)));
        }
    }

    private CommandPacket command(byte[] bytes) {
        if (bytes == null) {
            throw new AssertionError(imei + ": a frame cut short after an ACK");
        }
        try {
            GalileoFrame frame = GalileoFrame.of(bytes);
            DecodedPacket packet = decoder.decode(frame.header(), frame.payload());
            CommandReply fields = CommandReplies.of(packet, imei, 0).get(0);
            int deviceNumber = packet.head() == null || packet.head().deviceNumber() == null ? 0
                    : packet.head().deviceNumber();
            CommandPacket command = new CommandPacket(fields.imei(), deviceNumber, fields.commandNumber(), fields.text());
            if (!Arrays.equals(command.encode(), bytes)) {
                throw new AssertionError(imei + ": command bytes " + HexFormat.of().formatHex(bytes)
                        + " are not the encoding of " + command);
            }
            return command;
        } catch (PacketDecodeException | RuntimeException e) {
            throw new AssertionError(imei + ": not a command after the ACK: " + HexFormat.of().formatHex(bytes), e);
        }
    }
}
