package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.GalileoFrame;
import io.galileosync.ingest.IngestServer;
import io.galileosync.ingest.TestPackets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A tracker sending over real TCP: a head packet, then one main packet of valid fixes heading north-east
 * from a start position, one a minute from {@link #START} on (fix {@code i} at {@code START + i} minutes).
 */
final class TrackerFeed {

    /** Device time of fix 0: four hours ago, so that fixes up to 240 are in the past. */
    static final long START = System.currentTimeMillis() / 1000 - 4 * 3600;

    private TrackerFeed() {
    }

    static double latitude(double lat, int i) {
        return Math.round((lat + i * 0.0021) * 1e6) / 1e6;
    }

    static double longitude(double lon, int i) {
        return Math.round((lon + i * 0.0034 + (i % 2) * 0.001) * 1e6) / 1e6;
    }

    /** Epoch seconds of fix {@code i}. */
    static long time(int i) {
        return START + i * 60L;
    }

    /** Fixes {@code first} to {@code first + count - 1}, acknowledged by the node. */
    static void send(ConfigurableApplicationContext node, String imei, int first, int count, double lat, double lon)
            throws IOException {
        int port = node.getBean(IngestServer.class).port();
        byte[] head = TestPackets.frame(GalileoFrame.HEAD_MAIN, concat(new byte[] {0x03}, imei.getBytes(),
                new byte[] {0x04, 0x32, 0x00}), true);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int i = first; i < first + count; i++) {
            payload.write(0x10);
            le(payload, i, 2);
            payload.write(0x20);
            le(payload, time(i), 4);
            payload.write(0x30);
            payload.write(0x08); // 8 satellites, valid fix
            le(payload, Math.round(latitude(lat, i) * 1e6), 4);
            le(payload, Math.round(longitude(lon, i) * 1e6), 4);
            payload.write(0x33);
            le(payload, 420 + (i % 100) * 15, 2); // 42.0 km/h and up
            le(payload, 450, 2); // 45.0°
            payload.write(0x34);
            le(payload, 180 + i, 2);
            payload.write(0x41);
            le(payload, 12_400 - (i % 100) * 5, 2);
            payload.write(0x42);
            le(payload, 4_050, 2);
            payload.write(0x43);
            payload.write(21);
        }
        byte[] main = TestPackets.frame(GalileoFrame.HEAD_MAIN, payload.toByteArray(), true);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (byte[] frame : List.of(head, main)) {
                out.write(frame);
                out.flush();
                byte[] ack = in.readNBytes(3);
                assertThat(ack).hasSize(3);
                assertThat(ack[0]).isEqualTo((byte) 0x02);
                assertThat(ack[1]).isEqualTo(frame[frame.length - 2]);
            }
        }
    }

    /** Speed of fix {@code i} in km/h, as sent. */
    static double speed(int i) {
        return (420 + (i % 100) * 15) / 10.0;
    }

    private static void le(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
