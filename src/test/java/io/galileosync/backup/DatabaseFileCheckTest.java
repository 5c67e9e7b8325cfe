package io.galileosync.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start's look at the database file, on real files: a node's database damaged in the ways H2 either refuses
 * or (opened for writing) silently replaces with an empty one; each is refused with what is wrong and the newest
 * good backup, and left as it was. A good file, and a new node's missing one, pass.
 */
class DatabaseFileCheckTest {

    @TempDir
    Path dir;

    @Test
    void aGoodDatabasePassesUntouched() throws Exception {
        Path dataDir = BackedUpStore.get().copyInto(dir.resolve("good"));
        byte[] before = Files.readAllBytes(dataDir.resolve("galileo.mv.db"));
        assertThatCode(() -> check(dataDir)).doesNotThrowAnyException();
        assertThat(Files.readAllBytes(dataDir.resolve("galileo.mv.db"))).isEqualTo(before);
    }

    @Test
    void anEmptyFileIsRefusedAndTheNewestGoodBackupOffered() throws Exception {
        Path dataDir = damaged("empty", good -> new byte[0]);
        Path older = BackedUpStore.get().backupInto(dataDir.resolve("backups"), "20250101-000000-000");
        Path newest = BackedUpStore.get().backupInto(dataDir.resolve("backups"), "20250102-000000-000");
        UnusableDatabaseException refused = refused(dataDir);
        assertThat(refused.getMessage()).contains("galileo.mv.db exists but cannot be opened", "is empty (0 bytes)",
                "does not start over it with an empty database");
        assertThat(refused.action()).contains("The newest good backup is " + newest,
                BackedUpStore.get().records() + " records", "restore --from " + newest + " --data-dir " + dataDir)
                .doesNotContain(older.toString());
        assertThat(refused.getExitCode()).isEqualTo(2);
    }

    /** A write of garbage after the store headers: opened for writing, H2 would start an empty database here. */
    @Test
    void garbageAfterTheHeadersIsRefusedAndKept() throws Exception {
        Path dataDir = damaged("garbage", good -> overwrite(good, 8192, good.length));
        BackedUpStore.get().backupInto(dataDir.resolve("backups"), "20250102-000000-000");
        assertThat(refused(dataDir).getMessage()).contains("exists but cannot be opened");
    }

    @Test
    void bothHeadersDamagedAndATruncatedFileAreRefused() throws Exception {
        refused(damaged("headers", good -> overwrite(good, 0, 8192)));
        refused(damaged("truncated", good -> Arrays.copyOf(good, 100)));
    }

    @Test
    void aDatabaseThatIsNoNodesIsRefused() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("other"));
        try (Connection other = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("galileo"), "sa", "")) {
            other.createStatement().execute("create table invoices (id int primary key)");
        }
        assertThat(refused(dataDir).getMessage()).containsIgnoringCase("node_state");
    }

    @Test
    void aMissingDatabaseIsRefusedWhileBackupsOfItExistAndANewNodeStarts() throws Exception {
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        assertThatCode(() -> check(fresh)).doesNotThrowAnyException();
        assertThat(fresh.resolve("galileo.mv.db")).doesNotExist();

        Path lost = Files.createDirectories(dir.resolve("lost"));
        Path backup = BackedUpStore.get().backupInto(lost.resolve("backups"), "20250102-000000-000");
        UnusableDatabaseException refused = catchThrowableOfType(UnusableDatabaseException.class, () -> check(lost));
        assertThat(refused.getMessage()).contains("galileo.mv.db is missing", "holds backups");
        assertThat(refused.action()).contains("restore --from " + backup);
        assertThat(lost.resolve("galileo.mv.db")).doesNotExist();
    }

    @Test
    void aDamagedBackupIsPassedOverForAnOlderGoodOneOrNoneIsOffered() throws Exception {
        Path dataDir = damaged("backups", good -> new byte[0]);
        Path backups = dataDir.resolve("backups");
        Path good = BackedUpStore.get().backupInto(backups, "20250101-000000-000");
        Files.write(backups.resolve("galileo-backup-20250103-000000-000.zip"), new byte[] {'P', 'K', 1, 2});
        assertThat(refused(dataDir).action()).contains("The newest good backup is " + good);

        Files.delete(good);
        assertThat(refused(dataDir).action()).contains("No backup in " + backups + " opens");
    }

    @Test
    void aDatabaseAnotherProcessHasOpenIsSaidToBeInUse() throws Exception {
        Path dataDir = BackedUpStore.get().copyInto(dir.resolve("in-use"));
        try (H2Holder ignored = new H2Holder(dataDir.resolve("galileo"))) {
            UnusableDatabaseException refused = catchThrowableOfType(UnusableDatabaseException.class,
                    () -> check(dataDir));
            assertThat(refused.getMessage()).contains("is in use by another process");
            assertThat(refused.action()).contains("Stop the other node");
        }
    }

    private static void check(Path dataDir) {
        DatabaseFileCheck.check(dataDir.resolve("galileo"), new BackupFolder(dataDir.resolve("backups")));
    }

    /** Refused, and the file left byte for byte as it was. */
    private static UnusableDatabaseException refused(Path dataDir) throws Exception {
        byte[] file = Files.readAllBytes(dataDir.resolve("galileo.mv.db"));
        UnusableDatabaseException refused = catchThrowableOfType(UnusableDatabaseException.class, () -> check(dataDir));
        assertThat(refused).as("refused").isNotNull();
        assertThat(Files.readAllBytes(dataDir.resolve("galileo.mv.db"))).as("the file, untouched").isEqualTo(file);
        return refused;
    }

    private Path damaged(String name, Damage damage) throws Exception {
        Path dataDir = BackedUpStore.get().copyInto(dir.resolve(name));
        Path file = dataDir.resolve("galileo.mv.db");
        Files.write(file, damage.apply(Files.readAllBytes(file)));
        return dataDir;
    }

    private static byte[] overwrite(byte[] good, int from, int to) {
        byte[] bad = good.clone();
        for (int i = from; i < to; i++) {
            bad[i] = (byte) (i * 31 + 7);
        }
        return bad;
    }

    @FunctionalInterface
    private interface Damage {
        byte[] apply(byte[] good);
    }
}
