package io.galileosync.legacy;

import io.galileosync.config.GalileoProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The original app kept its data in {@code data/parsed_data.json}, {@code devices.json} and {@code last_imei.json};
 * a user who moves to this node often brings that folder along (it is our default data folder too). Found there at
 * start, the files are imported once through the same path as an upload (checked whole first, then merged, so a
 * re-import is all duplicates), in the background, logged, and each renamed to {@code <name>.imported} so the
 * next start leaves them alone. {@code galileo.sync.legacy-folder-import=false} only reports them.
 */
@Component
class LegacyDataFolder {

    static final List<String> FILES = List.of("parsed_data.json", "devices.json", "last_imei.json");
    static final String IMPORTED = ".imported";
    private static final Logger log = LoggerFactory.getLogger(LegacyDataFolder.class);

    private final LegacyImport legacyImport;
    private final Path dataDir;
    private final boolean enabled;

    LegacyDataFolder(LegacyImport legacyImport, GalileoProperties galileo, LegacyProperties properties) {
        this.legacyImport = legacyImport;
        this.dataDir = galileo.dataDir();
        this.enabled = properties.legacyFolderImport();
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        List<Path> found = FILES.stream().map(dataDir::resolve).filter(Files::isRegularFile).toList();
        if (found.isEmpty()) {
            return;
        }
        if (!enabled) {
            log.info("The original app's data is in {} ({}): not imported (galileo.sync.legacy-folder-import=false);"
                    + " import it under Data → Import on the page, or POST it to /api/peer/import", dataDir, names(found));
            return;
        }
        log.info("The original app's data is in {} ({}): importing it once, in the background", dataDir, names(found));
        Thread thread = new Thread(() -> importAll(found), "legacy-folder-import");
        thread.setDaemon(true);
        thread.start();
    }

    /** Each file on its own: a bad one is reported and left in place, the others are imported. */
    void importAll(List<Path> files) {
        for (Path file : files) {
            try {
                ImportFormat format = ImportFormat.of(() -> Files.newInputStream(file));
                if (format == ImportFormat.NATIVE) {
                    log.warn("{} is a Galileo Sync export, not the original app's file: import it on the page", file);
                    continue;
                }
                Map<String, Object> outcome = legacyImport.importFiles(List.of(file), List.of(format));
                Path renamed = renamed(file);
                Files.move(file, renamed);
                log.info("Imported the original app's {}: {} new records, {} duplicates, {} skipped, {} devices"
                                + " added{}; the file is now {}", file.getFileName(), outcome.get("imported"),
                        outcome.get("duplicates"), outcome.get("skippedCount"), outcome.get("devicesAdded"),
                        outcome.containsKey("lastIMEI") ? ", last IMEI " + outcome.get("lastIMEI") : "",
                        renamed.getFileName());
            } catch (ImportFormat.BadFile e) {
                log.warn("The original app's {} was not imported: {}. Fix or remove it; it is tried again at the"
                        + " next start", file, e.getReason());
            } catch (IOException | RuntimeException e) {
                log.warn("The original app's {} was not imported: {}; it is tried again at the next start", file,
                        e.toString());
            }
        }
    }

    private static Path renamed(Path file) {
        Path target = file.resolveSibling(file.getFileName() + IMPORTED);
        return Files.exists(target) ? file.resolveSibling(file.getFileName() + IMPORTED + "-"
                + System.currentTimeMillis()) : target;
    }

    private static String names(List<Path> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        return String.join(", ", names);
    }
}
