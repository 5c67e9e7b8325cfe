package io.galileosync.simulate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One simulated tracker on its own non-blocking TCP connection, as a state machine the {@link Simulator}'s
 * selector thread drives: connect, head packet, then the archive packet by packet. Like a real tracker it waits
 * for each ACK ({@code 02} + the packet's CRC), sends the same packet again when the ACK does not come in time
 * or carries another CRC, and after a lost connection connects again and sends the head packet and the
 * unacknowledged packet once more. Longer than most because a real device's whole session (connect, head,
 * packets, ACK checks, faults, reconnects) is one state machine that reads best in one place.
 */
final class TrackerConnection {

    enum State {
        /** waiting for the simulator to let it connect */
        NEW,
        CONNECTING,
        /** a packet partly written, the socket buffer full */
        SENDING,
        AWAITING_ACK,
        /** the next main packet may go once the rate limit allows */
        READY,
        RECONNECT_WAIT,
        DONE,
        FAILED
    }

    /** Galileosky 5.0 hardware (PROTOCOL.md §2, tag 01) and some firmware. */
    private static final int HARDWARE_VERSION = 17;
    private static final int FIRMWARE_VERSION = 224;
    private static final int ACK = 0x02;
    private static final long RECONNECT_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A packet on its way, with the time it was first sent (resends and reconnects included in its latency). */
    private static final class Packet {
        final byte[] bytes;
        final int records;
        final int crc;
        long firstSentNanos = -1;

        Packet(byte[] bytes, int records) {
            this.bytes = bytes;
            this.records = records;
            this.crc = (bytes[bytes.length - 2] & 0xFF) | (bytes[bytes.length - 1] & 0xFF) << 8;
        }
    }

    private final int index;
    private final String imei;
    private final SimulatorOptions options;
    private final TrackGenerator generator;
    private final SimulationStats stats;
    private final long ackTimeoutNanos;
    private final ByteBuffer ackBuffer = ByteBuffer.allocate(3);
    private int recordsLeft;
    private State state = State.NEW;
    private SocketChannel channel;
    private SelectionKey key;
    /** the main packet not yet acknowledged; it survives a reconnect */
    private Packet main;
    private Packet inFlight;
    private ByteBuffer out;
    private long deadlineNanos;
    private int resendsOfPacket;
    /** ACKs that earlier sends of a packet may still draw, to be ignored */
    private int staleCrc;
    private int staleAcks;
    private int lostInARow;
    private long reconnectAtNanos;

    TrackerConnection(int index, SimulatorOptions options, SimulationStats stats) {
        this.index = index;
        this.imei = options.imei(index);
        this.options = options;
        this.stats = stats;
        this.generator = TrackGenerator.forTracker(options.seed(), index, options.start().toEpochMilli());
        this.recordsLeft = options.records();
        this.ackTimeoutNanos = options.ackTimeout().toNanos();
    }

    State state() {
        return state;
    }

    /** Records of the next main packet. */
    int nextPacketRecords() {
        return Math.min(options.perPacket(), recordsLeft);
    }

    void connect(Selector selector, InetSocketAddress address, long now) {
        state = State.CONNECTING;
        deadlineNanos = now + ackTimeoutNanos;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                connected(now);
            }
        } catch (IOException e) {
            lost("connect failed: " + e, now);
        }
    }

    /** The selector says the socket is ready for something. */
    void onSelected(long now) {
        if (channel == null || !key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable() && channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                connected(now);
            }
            if (key.isValid() && key.isWritable() && state == State.SENDING) {
                write(now);
            }
            if (key.isValid() && key.isReadable()) {
                read(now);
            }
        } catch (IOException e) {
            lost((state == State.CONNECTING ? "connect failed: " : "connection lost: ") + e, now);
        }
    }

    /** Timeouts and the reconnect delay; called a few dozen times a second. */
    void checkTimers(long now) {
        switch (state) {
            case CONNECTING -> {
                if (now > deadlineNanos) {
                    lost("connect timed out", now);
                }
            }
            case SENDING -> {
                if (now > deadlineNanos) {
                    lost("packet could not be written in time (server not reading)", now);
                }
            }
            case AWAITING_ACK -> {
                if (now > deadlineNanos) {
                    resend(now);
                }
            }
            case RECONNECT_WAIT -> {
                if (now >= reconnectAtNanos) {
                    stats.reconnect();
                    state = State.NEW;
                }
            }
            default -> {
                // nothing is timed in the other states
            }
        }
    }

    /** Takes the next records from the generator and sends them; the caller has checked the rate limit. */
    void sendNext(long now) {
        int count = nextPacketRecords();
        List<SimulatedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(generator.next());
        }
        recordsLeft -= count;
        main = new Packet(PacketEncoder.mainPacket(records, recordsLeft > 0), count);
        send(main, now);
    }

    void close() {
        if (channel != null) {
            try {
                channel.close(); // also cancels the key
            } catch (IOException e) {
                // closing: nothing left to do with this socket
            }
            channel = null;
        }
    }

    private void connected(long now) {
        byte[] head = PacketEncoder.headPacket(imei, HARDWARE_VERSION, FIRMWARE_VERSION, (index + 1) & 0xFFFF,
                main != null || recordsLeft > 0);
        send(new Packet(head, 0), now);
    }

    private void send(Packet packet, long now) {
        inFlight = packet;
        if (packet.firstSentNanos < 0) {
            packet.firstSentNanos = now;
        }
        out = ByteBuffer.wrap(packet.bytes);
        deadlineNanos = now + ackTimeoutNanos;
        try {
            write(now);
        } catch (IOException e) {
            lost("connection lost: " + e, now);
        }
    }

    private void write(long now) throws IOException {
        channel.write(out);
        if (out.hasRemaining()) {
            state = State.SENDING;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            state = State.AWAITING_ACK;
            key.interestOps(SelectionKey.OP_READ);
            deadlineNanos = now + ackTimeoutNanos;
        }
    }

    private void read(long now) throws IOException {
        while (channel != null) {
            int n = channel.read(ackBuffer);
            if (n < 0) {
                lost("connection closed by the server", now);
                return;
            }
            if (ackBuffer.hasRemaining()) {
                return; // nothing more to read now, or only part of an ACK
            }
            ackBuffer.flip();
            int header = ackBuffer.get() & 0xFF;
            int crc = (ackBuffer.get() & 0xFF) | (ackBuffer.get() & 0xFF) << 8;
            ackBuffer.clear();
            if (header != ACK) {
                lost(String.format("server sent 0x%02x where an ACK (0x02) belongs", header), now);
                return;
            }
            answered(crc, now);
        }
    }

    private void answered(int crc, long now) {
        if (state == State.AWAITING_ACK && crc == inFlight.crc) {
            acknowledged(now);
        } else if (staleAcks > 0 && crc == staleCrc) {
            staleAcks--; // the answer to an earlier send of a packet that is already acknowledged
        } else if (state == State.AWAITING_ACK) {
            resend(now); // another CRC: the server did not get this packet right (PROTOCOL.md §1)
        } else {
            stats.error("ACK for no packet sent");
        }
    }

    private void acknowledged(long now) {
        stats.acked(inFlight.records, (now - inFlight.firstSentNanos) / 1000);
        resendsOfPacket = 0;
        if (inFlight == main) {
            main = null;
            lostInARow = 0; // not on the head packet: a server that drops every main packet must not loop forever
        }
        inFlight = null;
        if (main != null) {
            send(main, now); // the packet interrupted by a lost connection, after the new head packet
        } else if (recordsLeft > 0) {
            state = State.READY;
        } else {
            close();
            state = State.DONE;
        }
    }

    private void resend(long now) {
        if (resendsOfPacket >= options.maxResends()) {
            fail(String.format("gave up: no ACK after %d resends", resendsOfPacket));
            return;
        }
        resendsOfPacket++;
        stats.resend();
        if (staleCrc != inFlight.crc) {
            staleAcks = 0;
        }
        staleCrc = inFlight.crc;
        staleAcks++;
        send(inFlight, now);
    }

    private void lost(String reason, long now) {
        stats.error(reason);
        close();
        inFlight = null;
        staleAcks = 0;
        resendsOfPacket = 0;
        lostInARow++;
        if (lostInARow > options.maxResends()) {
            fail(String.format("gave up after %d lost connections in a row", lostInARow));
            return;
        }
        state = State.RECONNECT_WAIT;
        reconnectAtNanos = now + RECONNECT_DELAY_NANOS;
    }

    private void fail(String reason) {
        stats.error(reason);
        close();
        state = State.FAILED;
    }
}
