package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big bodies from devices without the secret: refused before they cost memory. Unsigned ones are refused from
 * their headers alone; ones with made-up signatures are read at most {@code max-concurrent-bodies} at a time.
 */
class PeerBodyFloodTest {

    private static final long BODY = 31L << 20;
    private static final int SENDERS = 24;

    @TempDir
    Path dir;

    @Test
    void twentyFourBigBodiesAtOnceLeaveTheHeapFlat() throws Exception {
        try (TestNode node = TestNode.start("flooded", dir.resolve("node"))) {
            HttpClient http = HttpClient.newHttpClient();
            long before = usedHeap();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + "/peer/import"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(BODY)));
                if (i % 2 == 0) { // a made-up signature: the body must be read to find out
                    request.header(PeerSignature.NODE, "intruder").header(PeerSignature.NONCE,
                                    UUID.randomUUID().toString().replace("-", ""))
                            .header(PeerSignature.TIMESTAMP, Long.toString(System.currentTimeMillis()))
                            .header(PeerSignature.SIGNATURE, "AAAA" + i);
                }
                answers.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                // refused (a server may also close a refused request's connection before taking its whole body)
                assertThat(answer.handle((response, failure) -> failure == null ? response.statusCode() : -1).join())
                        .isIn(401, 503, -1);
            }
            double peak = node.bean(MeterRegistry.class).get("galileo.sync.peer.bodies.peak").gauge().value();
            assertThat(peak).as("bodies held at once (of %d sent together)", SENDERS).isBetween(1.0, 2.0);
            assertThat(usedHeap() - before).as("heap kept after %d bodies of 31 MB came in at once", SENDERS)
                    .isLessThan(100L << 20);
            assertThat(node.count()).isZero();
        }
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
