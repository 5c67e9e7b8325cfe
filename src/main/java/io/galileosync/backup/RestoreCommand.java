package io.galileosync.backup;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar galileo-sync.jar restore [--from <backup.zip>] [--data-dir <dir>]}: puts a backup in place of a
 * stopped node's database ({@link DatabaseRestore}), without starting this application.
 */
public final class RestoreCommand {

    public static final String NAME = "restore";
    public static final int RESTORED = 0;
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;
    public static final int BAD_BACKUP = 3;
    public static final int NODE_RUNNING = 4;

    static final String USAGE = """
            usage: java -jar galileo-sync.jar restore [--from <backup.zip>] [--data-dir <dir>] [--database <path>]
              --from      the backup to restore; default: the newest one that opens in <data-dir>/backups
              --data-dir  the node's data folder; default: $GALILEO_DATA_DIR, else ./data
              --database  the H2 database, when it is not <data-dir>/galileo (the path without .mv.db)
            Stop the node first. The database there now is kept beside the restored one
            (galileo.mv.db.replaced-<time>). The restored database gets a new node id and epoch: started
            again, the node syncs back from its peers what they stored after the backup.""";

    private RestoreCommand() {
    }

    /** @return {@link #RESTORED}, {@link #BAD_ARGUMENTS}, {@link #BAD_BACKUP}, {@link #NODE_RUNNING} or {@link #FAILED} */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = List.of(args);
        if (list.contains("--help") || list.contains("-h")) {
            out.println(USAGE);
            return RESTORED;
        }
        Options options;
        try {
            options = Options.parse(list);
        } catch (IllegalArgumentException e) {
            err.println("restore: " + e.getMessage());
            err.println(USAGE);
            return BAD_ARGUMENTS;
        }
        try {
            Path backup = options.from();
            if (backup == null) {
                BackupFolder folder = new BackupFolder(options.dataDir().resolve("backups"));
                Optional<BackupCheck.Good> good = BackupCheck.newestGood(folder);
                if (good.isEmpty()) {
                    err.println("restore: no backup in " + folder.dir() + " opens; name one with --from");
                    return BAD_BACKUP;
                }
                backup = good.get().backup().file();
            }
            out.println("restore: restoring " + backup.toAbsolutePath() + " into " + H2Database.file(options.database()));
            DatabaseRestore.Restored restored = DatabaseRestore.restore(backup, options.database());
            if (restored.keptAside() != null) {
                out.println("restore: the database that was there is kept as " + restored.keptAside());
            }
            out.printf("restore: restored %d records; the node id is now %s (was %s, which had numbered %d records),"
                            + " the epoch %s%n", restored.backup().records(), restored.renewal().nodeId(),
                    restored.renewal().formerNodeId(), restored.renewal().formerSeq(), restored.renewal().epoch());
            out.println("restore: start the node: it syncs with its known peers and gets back what they stored after"
                    + " the backup was taken");
            return RESTORED;
        } catch (DatabaseRestore.BadBackupException e) {
            err.println("restore: " + e.getMessage());
            return BAD_BACKUP;
        } catch (DatabaseRestore.InUseException e) {
            err.println("restore: " + e.getMessage());
            return NODE_RUNNING;
        } catch (IOException e) {
            err.println("restore: " + e);
            return FAILED;
        }
    }

    /** The command that restores {@code backup} for the database {@code database}, as a person would type it. */
    static String commandLine(Path backup, Path database) {
        Path dataDir = database.toAbsolutePath().getParent();
        String where = database.getFileName().toString().equals(H2Database.NAME)
                ? "--data-dir " + quoted(dataDir) : "--database " + quoted(database.toAbsolutePath());
        return "java -jar " + jar() + " " + NAME + " --from " + quoted(backup.toAbsolutePath()) + " " + where;
    }

    /** The jar this runs from (as it was started with {@code java -jar}), else its usual name. */
    private static String jar() {
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator) ? classPath : "galileo-sync.jar";
    }

    private static String quoted(Path path) {
        String text = path.toString();
        return text.matches("[A-Za-z0-9_./:\\\\-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** The command's arguments. */
    record Options(Path from, Path dataDir, Path database) {

        static Options parse(List<String> args) {
            Path from = null;
            String env = System.getenv("GALILEO_DATA_DIR");
            Path dataDir = Path.of(env == null || env.isBlank() ? "./data" : env);
            Path database = null;
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument " + name);
                }
                String value = args.get(++i);
                switch (name) {
                    case "--from" -> from = Path.of(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--database" -> database = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
            }
            return new Options(from, dataDir.toAbsolutePath().normalize(),
                    (database == null ? dataDir.resolve(H2Database.NAME) : database).toAbsolutePath().normalize());
        }
    }
}
