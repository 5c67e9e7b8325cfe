package io.galileosync.backup;

import io.galileosync.store.NodeIdentity;
import io.galileosync.sync.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A real node's database and a checked backup of it, made once per test JVM by a node that ingested records and
 * then stopped: tests copy them into folders of their own and damage, check or restore the copies.
 */
record BackedUpStore(Path database, Path backup, String nodeId, long records) {

    private static BackedUpStore made;

    static synchronized BackedUpStore get() throws IOException {
        if (made == null) {
            Path dir = Files.createTempDirectory("galileo-backed-up");
            Path dataDir = dir.resolve("node");
            try (TestNode node = TestNode.start("backed-up", dataDir, "galileo.backup.enabled=false")) {
                node.ingest(TestNode.randomRecords(new Random(11), 700, 4));
                Backups.Made backup = node.bean(Backups.class).make();
                Path kept = Files.copy(backup.file(), dir.resolve(backup.file().getFileName()));
                made = new BackedUpStore(dataDir.resolve("galileo.mv.db"), kept,
                        node.bean(NodeIdentity.class).nodeId(), backup.records());
            }
        }
        return made;
    }

    /** A data folder of its own holding a copy of the database (and no backups). */
    Path copyInto(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.copy(database, dataDir.resolve("galileo.mv.db"));
        return dataDir;
    }

    /** The backup copied into {@code folder} under a name taken at the given time ({@code yyyyMMdd-HHmmss-SSS}). */
    Path backupInto(Path folder, String stamp) throws IOException {
        Files.createDirectories(folder);
        return Files.copy(backup, folder.resolve("galileo-backup-" + stamp + ".zip"));
    }
}
