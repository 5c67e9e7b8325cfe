package io.galileosync.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.store.TrackRecord;
import io.galileosync.sync.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore}: a backup replaces a stopped node's database (which is kept aside), with a new node id and
 * epoch, the old id held as far as the backup went; a bad backup, a running node or bad arguments change nothing.
 */
class RestoreCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theNewestGoodBackupReplacesTheDatabaseUnderANewIdentity() throws Exception {
        BackedUpStore store = BackedUpStore.get();
        Path dataDir = Files.createDirectories(dir.resolve("node"));
        byte[] replaced = "a damaged database".getBytes(StandardCharsets.UTF_8);
        Files.write(dataDir.resolve("galileo.mv.db"), replaced);
        store.backupInto(dataDir.resolve("backups"), "20250101-000000-000");

        assertThat(restore("--data-dir", dataDir.toString())).as(err.toString()).isEqualTo(RestoreCommand.RESTORED);
        assertThat(out.toString()).contains("restored " + store.records() + " records", "(was " + store.nodeId());
        try (var files = Files.list(dataDir)) {
            Path aside = files.filter(f -> f.getFileName().toString().startsWith("galileo.mv.db.replaced-"))
                    .findFirst().orElseThrow();
            assertThat(Files.readAllBytes(aside)).as("the database that was there, kept").isEqualTo(replaced);
        }
        try (TestNode node = TestNode.start("restored", dataDir, "galileo.backup.enabled=false")) {
            NodeIdentity identity = node.bean(NodeIdentity.class);
            assertThat(identity.nodeId()).isNotEqualTo(store.nodeId());
            assertThat(out.toString()).contains("the node id is now " + identity.nodeId(), "the epoch " + identity.epoch());
            assertThat(node.bean(RecordStore.class).recordCount()).isEqualTo(store.records());
            assertThat(node.bean(RecordStore.class).localSequence()).as("new records start at 1").isZero();
            assertThat(identity.formerOrigins()).isEqualTo(Map.of(store.nodeId(), store.records()));
        }
    }

    @Test
    void aRestoredNodeGetsWhatCameAfterItsBackupBackFromItsPeerAndDuplicatesNothing() throws Exception {
        List<TrackRecord> records = TestNode.randomRecords(new Random(23), 500, 5);
        Path dataDir = dir.resolve("a");
        Path backup;
        try (TestNode peer = TestNode.start("restore-peer", dir.resolve("b"), "galileo.backup.enabled=false")) {
            try (TestNode node = TestNode.start("restore-a", dataDir, "galileo.backup.enabled=false")) {
                node.ingest(records.subList(0, 300));
                backup = Files.copy(node.bean(Backups.class).make().file(), dir.resolve("a-backup.zip"));
                node.ingest(records.subList(300, 500)); // lost with the database, but the peer has them
                peer.syncWith(node);
                assertThat(peer.count()).isEqualTo(500);
            }
            assertThat(restore("--from", backup.toString(), "--data-dir", dataDir.toString())).as(err.toString())
                    .isEqualTo(RestoreCommand.RESTORED);
            try (TestNode node = TestNode.start("restore-a", dataDir, "galileo.backup.enabled=false")) {
                assertThat(node.count()).isEqualTo(300);
                node.syncWith(peer);
                assertThat(node.keys()).as("the gap since the backup, back from the peer").isEqualTo(peer.keys());
                peer.syncWith(node);
                assertThat(peer.count()).as("nothing came back twice").isEqualTo(500);
                assertThat(node.count()).isEqualTo(500);
            }
        }
    }

    @Test
    void aBackupThatDoesNotOpenChangesNothing() throws Exception {
        Path dataDir = BackedUpStore.get().copyInto(dir.resolve("node"));
        byte[] database = Files.readAllBytes(dataDir.resolve("galileo.mv.db"));
        Path bad = Files.write(dir.resolve("bad.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThat(restore("--from", bad.toString(), "--data-dir", dataDir.toString())).isEqualTo(RestoreCommand.BAD_BACKUP);
        assertThat(err.toString()).contains(bad.toString());
        assertThat(Files.readAllBytes(dataDir.resolve("galileo.mv.db"))).isEqualTo(database);
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("galileo.mv.db");
        }
    }

    @Test
    void aDatabaseInUseIsNotReplaced() throws Exception {
        BackedUpStore store = BackedUpStore.get();
        Path dataDir = store.copyInto(dir.resolve("node"));
        byte[] database = Files.readAllBytes(dataDir.resolve("galileo.mv.db"));
        try (H2Holder ignored = new H2Holder(dataDir.resolve("galileo"))) {
            assertThat(restore("--from", store.backup().toString(), "--data-dir", dataDir.toString()))
                    .isEqualTo(RestoreCommand.NODE_RUNNING);
        }
        assertThat(err.toString()).contains("stop it first");
        assertThat(Files.readAllBytes(dataDir.resolve("galileo.mv.db"))).isEqualTo(database);
    }

    @Test
    void badArgumentsAreExplained() {
        assertThat(restore("--form", "x.zip")).isEqualTo(RestoreCommand.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("unknown argument --form", "usage: java -jar galileo-sync.jar restore");
        assertThat(restore("--from")).isEqualTo(RestoreCommand.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("--from needs a value");
    }

    private int restore(String... args) {
        return RestoreCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
