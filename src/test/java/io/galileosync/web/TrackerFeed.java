package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.GalileoFrame;
import io.galileosync.ingest.IngestServer;
import io.galileosync.simulate.PacketEncoder;
import io.galileosync.simulate.PayloadWriter;
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
        byte[] head = PacketEncoder.frame(GalileoFrame.HEAD_MAIN,
                new PayloadWriter().tag(0x03).ascii(imei).tag(0x04).le(0x32, 2).toByteArray(), true);
        PayloadWriter payload = new PayloadWriter();
        for (int i = first; i < first + count; i++) {
            payload.tag(0x10).le(i, 2)
                    .tag(0x20).le(time(i), 4)
                    .tag(0x30).le(0x08, 1) // 8 satellites, valid fix
                    .le(Math.round(latitude(lat, i) * 1e6), 4).le(Math.round(longitude(lon, i) * 1e6), 4)
                    .tag(0x33).le(420 + (i % 100) * 15, 2).le(450, 2) // 42.0 km/h and up, 45.0°
                    .tag(0x34).le(180 + i, 2)
                    .tag(0x41).le(12_400 - (i % 100) * 5, 2)
                    .tag(0x42).le(4_050, 2)
                    .tag(0x43).le(21, 1);
        }
        byte[] main = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, payload.toByteArray(), true);
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
}
