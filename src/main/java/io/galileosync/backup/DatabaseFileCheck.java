package io.galileosync.backup;

import io.galileosync.config.GalileoProperties;
import io.galileosync.store.OfflineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Looks at the H2 database file before anything opens it (a bean factory post-processor runs before any bean is
 * made). H2 opening a file it cannot read for writing does not fail: it starts an empty database in its place
 * and overwrites the file. So the file is opened read-only first, and a file that exists but does not open, or
 * holds no store, stops the node with what is wrong and the newest good backup to restore; a database that is
 * missing while backups of it exist stops it too. A fresh, empty node is a choice, never what a damaged disk
 * silently leads to.
 */
@Component
class DatabaseFileCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    /** H2's error code for a database file another process has open. */
    private static final int IN_USE = 90020;

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Optional<Path> database = H2Database.of(environment.getProperty("spring.datasource.url"));
        if (database.isEmpty()) {
            return; // a database server keeps its own files
        }
        Binder binder = Binder.get(environment);
        Path dataDir = binder.bindOrCreate("galileo", GalileoProperties.class).dataDir();
        BackupProperties backup = binder.bindOrCreate("galileo.backup", BackupProperties.class);
        check(database.get(), new BackupFolder(backup.folder(dataDir)));
    }

    /** @throws UnusableDatabaseException saying what is wrong and what to do */
    static void check(Path database, BackupFolder backups) {
        Path file = H2Database.file(database);
        if (!Files.exists(file)) {
            refuseIfBackedUp(database, file, backups);
            return;
        }
        String problem;
        SQLException cause = null;
        try {
            problem = Files.size(file) == 0 ? "it is empty (0 bytes)" : null;
        } catch (IOException e) {
            throw new UnusableDatabaseException("The database file " + file + " cannot be read: " + e.getMessage(),
                    "Check the file's permissions and the disk.", e);
        }
        if (problem == null) {
            try (Connection connection = DriverManager.getConnection(H2Database.readOnlyUrl(database), "sa", "")) {
                OfflineStore.summary(connection);
            } catch (SQLException e) {
                if (e.getErrorCode() == IN_USE) {
                    throw new UnusableDatabaseException("The database file " + file + " is in use by another process.",
                            "Stop the other node running on this data folder, or give this one a data folder of its"
                                    + " own (galileo.data-dir, or the GALILEO_DATA_DIR environment variable).", e);
                }
                problem = e.getMessage().lines().findFirst().orElse(e.toString());
                cause = e;
            }
        }
        if (problem != null) {
            throw new UnusableDatabaseException("The database file " + file + " exists but cannot be opened as this"
                    + " node's database: " + problem + "\nThis node does not start over it with an empty database:"
                    + " that would hide every record it held, and overwrite the file.", offer(database, backups, true),
                    cause);
        }
    }

    private static void refuseIfBackedUp(Path database, Path file, BackupFolder backups) {
        try {
            if (backups.list().isEmpty()) {
                return; // a new node
            }
        } catch (IOException e) {
            return; // no readable backups folder: nothing says this node held anything
        }
        throw new UnusableDatabaseException("The database file " + file + " is missing, but " + backups.dir()
                + " holds backups of this node: it held records, and starting empty would hide them.",
                offer(database, backups, false), null);
    }

    /** What to do: restore the newest backup that opens (the command, spelled out), or the other ways out. */
    private static String offer(Path database, BackupFolder backups, boolean damaged) {
        String startEmpty = damaged
                ? "To start this node empty on purpose, move " + H2Database.file(database) + " away; it then gets"
                        + " back from its peers what they hold."
                : "To start this node empty on purpose, move " + backups.dir() + " away.";
        Optional<BackupCheck.Good> good;
        try {
            good = BackupCheck.newestGood(backups);
        } catch (IOException e) {
            good = Optional.empty();
        }
        if (good.isEmpty()) {
            return "No backup in " + backups.dir() + " opens. "
                    + (damaged ? "H2's recovery tool (org.h2.tools.Recover) may save part of a copy of the file. " : "")
                    + startEmpty;
        }
        BackupFolder.Backup backup = good.get().backup();
        return "The newest good backup is " + backup.file() + " (taken " + backup.takenAt() + ", "
                + good.get().summary().records() + " records). Restore it with:\n\n    "
                + RestoreCommand.commandLine(backup.file(), database) + "\n\n"
                + (damaged ? "The damaged file is kept beside the restored one. " : "")
                + "Started again, the node gets back from its peers what they stored after the backup. " + startEmpty;
    }
}
