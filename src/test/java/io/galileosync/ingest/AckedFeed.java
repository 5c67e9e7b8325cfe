package io.galileosync.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet of trackers over real TCP, each sending packets of its next records (archive numbers and device times
 * counting up, so every record has a key of its own) and waiting for each ACK. Every record whose packet was
 * acknowledged is remembered by its key as the API shows it ({@code imei/timeMs/recordNumber}); the numbering
 * goes on across loads, so a fleet can feed one node, then another, then the first again.
 */
public final class AckedFeed {

    /** Device time of each tracker's record 0: in the past, as trackers' archives are. */
    private static final long FIRST_SECOND = 1_650_000_000L;

    private final List<String> imeis = new ArrayList<>();
    private final List<AtomicInteger> next = new ArrayList<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();

    /** @param imeiPrefix the IMEIs are this prefix and the tracker's number, 15 digits in all */
    public AckedFeed(String imeiPrefix, int trackers) {
        for (int t = 0; t < trackers; t++) {
            String number = Integer.toString(t);
            imeis.add(imeiPrefix + "0".repeat(15 - imeiPrefix.length() - number.length()) + number);
            next.add(new AtomicInteger());
        }
    }

    /** Sends {@code records} more records in all, spread over the trackers, every packet acknowledged. */
    public void load(int port, int records, int perPacket) {
        ExecutorService fleet = Executors.newFixedThreadPool(imeis.size());
        CompletableFuture<?>[] trackers = new CompletableFuture<?>[imeis.size()];
        for (int t = 0; t < imeis.size(); t++) {
            int tracker = t;
            int share = records / imeis.size() + (t < records % imeis.size() ? 1 : 0);
            trackers[t] = CompletableFuture.runAsync(() -> {
                try {
                    send(tracker, port, perPacket, share, new AtomicBoolean(true));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, fleet);
        }
        fleet.shutdown();
        CompletableFuture.allOf(trackers).orTimeout(10, TimeUnit.MINUTES).join();
    }

    /**
     * Streams on threads of its own until {@code sending} is cleared or the node goes away (a kill ends it
     * quietly); the answer completes when every tracker stopped.
     */
    public CompletableFuture<Void> stream(int port, int perPacket, AtomicBoolean sending) {
        ExecutorService fleet = Executors.newFixedThreadPool(imeis.size());
        CompletableFuture<?>[] trackers = new CompletableFuture<?>[imeis.size()];
        for (int t = 0; t < imeis.size(); t++) {
            int tracker = t;
            trackers[t] = CompletableFuture.runAsync(() -> {
                try {
                    send(tracker, port, perPacket, Integer.MAX_VALUE, sending);
                } catch (IOException e) {
                    // the node was killed under it: what was acknowledged is remembered
                }
            }, fleet);
        }
        fleet.shutdown();
        return CompletableFuture.allOf(trackers);
    }

    /** Every key acknowledged so far (a copy: what was acknowledged before this call, at least). */
    public Set<String> acked() {
        return Set.copyOf(acked);
    }

    /** Each acknowledged packet as {sentAtNanos, ackNanos}: its ACK latency and when it was sent. */
    public List<long[]> latencies() {
        return List.copyOf(latencies);
    }

    private void send(int tracker, int port, int perPacket, int records, AtomicBoolean sending) throws IOException {
        String imei = imeis.get(tracker);
        try (TrackerClient client = new TrackerClient(port)) {
            if (client.sendAndAck(TestPackets.head(imei)) == null) {
                throw new IOException("no ACK for the head packet of " + imei);
            }
            for (int sent = 0; sent < records && sending.get(); ) {
                int count = Math.min(perPacket, records - sent);
                int first = next.get(tracker).getAndAdd(count);
                String[] hex = new String[count];
                List<String> keys = new ArrayList<>(count);
                for (int r = 0; r < count; r++) {
                    int number = first + r;
                    long second = FIRST_SECOND + number;
                    hex[r] = TestPackets.recordHex(number & 0xFFFF, second, 53_612_224 + number, 86_890_424);
                    keys.add(imei + "/" + second * 1000 + "/" + (number & 0xFFFF));
                }
                long start = System.nanoTime();
                if (client.sendAndAck(TestPackets.mainPacket(hex)) == null) {
                    throw new IOException("no ACK within 10 s for a packet of " + imei);
                }
                latencies.add(new long[] {start, System.nanoTime() - start});
                acked.addAll(keys);
                sent += count;
            }
        }
    }
}
