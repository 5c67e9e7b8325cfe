package io.galileosync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries, checked by the build: each top-level package is a module that may use only the
 * public types of the others, with no cycles. The module documentation (C4 and per-module PlantUML, module
 * canvases) is written to {@code target/spring-modulith-docs}.
 */
class ModuleStructureTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(GalileoSyncApplication.class);

    @Test
    void modulesDependOnEachOthersApiOnlyAndFormNoCycles() {
        MODULES.verify();
    }

    @Test
    void theModuleDocumentationIsWritten() throws Exception {
        Path folder = Path.of("target", "spring-modulith-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        assertThat(folder.resolve("components.puml")).exists();
        assertThat(Files.readString(folder.resolve("components.puml"))).contains("Store", "Sync", "Ingest");
        assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
                .contains("store", "sync", "ingest", "access", "legacy", "discovery", "web", "config", "command");
    }
}
