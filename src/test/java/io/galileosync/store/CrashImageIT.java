package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.AckedFeed;
import io.galileosync.ingest.NodeProcess;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Crash images: while trackers stream into a node (a real process) and its writer commits, the data folder's
 * files, the H2 {@code .mv.db} among them, are copied at random moments, as a disk would hold them if the power
 * went then (a copy takes a while, so it is even torn across several commits). The node is killed at the end.
 * Each copy, and the killed node's own folder, is opened by a node started on it: it must open and hold every
 * record acknowledged before its copy began. Seeded ({@code -Dgalileo.test.seed=}).
 */
class CrashImageIT {

    private static final int IMAGES = 5;

    @Test
    void everyCopyTakenWhileCommittingOpensAndHoldsWhatWasAcknowledgedBeforeIt() throws Exception {
        long seed = Long.getLong("galileo.test.seed", System.nanoTime());
        System.out.println("CrashImageIT seed " + seed + " (repeat with -Dgalileo.test.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("galileo-crash-image");
        Path dataDir = dir.resolve("node");
        int httpPort = NodeProcess.freePort();
        int tcpPort = NodeProcess.freePort();
        Process node = NodeProcess.start(dataDir, httpPort, tcpPort, "--galileo.discovery.enabled=false",
                "--galileo.backup.enabled=false");
        List<Image> images = new ArrayList<>();
        AckedFeed feed = new AckedFeed("35833", 6);
        AtomicBoolean sending = new AtomicBoolean(true);
        try {
            NodeProcess.awaitHealthy(node, httpPort, dataDir);
            CompletableFuture<Void> trackers = feed.stream(tcpPort, 20, sending);
            // A slow machine may take a while to get its first ACK out; a copy before it would check nothing.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (feed.acked().isEmpty() && !trackers.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (int i = 0; i < IMAGES; i++) {
                Thread.sleep(300 + random.nextInt(900));
                Set<String> acknowledged = feed.acked(); // before the copy begins
                Path image = dir.resolve("image-" + i);
                long start = System.nanoTime();
                copyDatabaseFiles(dataDir, image);
                images.add(new Image(image, acknowledged, (System.nanoTime() - start) / 1_000_000));
            }
            Set<String> beforeKill = feed.acked();
            NodeProcess.kill(node);
            sending.set(false);
            trackers.get(60, TimeUnit.SECONDS);
            images.add(new Image(dataDir, beforeKill, 0));
        } finally {
            sending.set(false);
            NodeProcess.kill(node);
        }

        long checked = 0;
        for (Image image : images) {
            Set<String> held = HeldKeys.ofANodeStartedOn(image.dir());
            Set<String> lost = new HashSet<>(image.acknowledged());
            lost.removeAll(held);
            assertThat(lost).as("seed %d: acknowledged before %s was copied, missing from it", seed, image.dir())
                    .isEmpty();
            System.out.printf("crash image %s (copied in %d ms): %d acknowledged before, %d held%n",
                    image.dir().getFileName(), image.copyMs(), image.acknowledged().size(), held.size());
            checked += image.acknowledged().size();
        }
        assertThat(images.get(0).acknowledged()).as("records acknowledged before the first copy").isNotEmpty();
        System.out.printf("FIGURE crash-images | %d crash images opened (%d copies while committing and the killed"
                + " node), %d acknowledged records checked%n", images.size(), IMAGES, checked);
    }

    /** A copy of the data folder's files as they are at this moment (while the node goes on writing them). */
    private static void copyDatabaseFiles(Path dataDir, Path image) throws IOException {
        Files.createDirectories(image);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "galileo*")) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, image.resolve(file.getFileName()));
                }
            }
        }
        assertThat(image.resolve("galileo.mv.db")).exists();
    }

    private record Image(Path dir, Set<String> acknowledged, long copyMs) {
    }
}
