package io.galileosync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and .dockerignore, read as Docker reads them (no Docker engine on the build machine): a build
 * stage with a JDK and no second Java runtime installed, a run stage on a runtime image only with a health check
 * whose start period fits a slow gateway, and a build context without the database, build output or git
 * history that still holds everything the build copies.
 */
class DockerImageTest {

    private static final Pattern START_PERIOD = Pattern.compile("--start-period=(\\d+)s");

    /** One {@code FROM} and the instructions up to the next, with continuation lines joined. */
    record Stage(String image, List<String> instructions) {
    }

    @Test
    void aJdkBuildsAndARuntimeOnlyImageRunsWithAHealthCheckForASlowStart() throws IOException {
        List<Stage> stages = stages(Files.readString(Path.of("Dockerfile")));
        assertThat(stages).hasSize(2);
        Stage build = stages.get(0);
        Stage run = stages.get(1);
        assertThat(build.image()).contains("temurin-17").doesNotContain("jre");
        assertThat(run.image()).endsWith("-jre");
        for (Stage stage : stages) {
            assertThat(stage.instructions()).filteredOn(i -> i.startsWith("RUN") && i.contains("apt-get install"))
                    .as("no Java runtime or Maven from the distribution in %s", stage.image())
                    .noneMatch(i -> i.matches("(?s).*\\b(maven|openjdk-\\S*|default-j\\S*|\\S*-jre\\S*)\\b.*"));
        }
        String healthCheck = run.instructions().stream().filter(i -> i.startsWith("HEALTHCHECK")).findFirst()
                .orElseThrow();
        assertThat(healthCheck).contains("/actuator/health");
        Matcher period = START_PERIOD.matcher(healthCheck);
        assertThat(period.find()).as("a --start-period").isTrue();
        assertThat(Duration.ofSeconds(Long.parseLong(period.group(1)))).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(run.instructions()).anyMatch(i -> i.startsWith("USER") && !i.endsWith("root"))
                .anyMatch(i -> i.startsWith("VOLUME /data"));
    }

    @Test
    void theBuildContextLeavesOutDataBuildOutputAndGitButNotWhatTheBuildCopies() throws IOException {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.replaceAll("/$", "")).toList();
        assertThat(ignored).contains("data", "target", ".git");
        List<String> copied = stages(Files.readString(Path.of("Dockerfile"))).get(0).instructions().stream()
                .filter(i -> i.startsWith("COPY ") && !i.contains("--from"))
                .flatMap(i -> {
                    String[] words = i.split("\\s+");
                    return List.of(words).subList(1, words.length - 1).stream();
                }).toList();
        assertThat(copied).contains("src", "pom.xml", "mvnw", ".mvn").allSatisfy(source -> {
            assertThat(Path.of(source)).exists();
            assertThat(ignored).doesNotContain(source);
        });
    }

    private static List<Stage> stages(String dockerfile) {
        List<Stage> stages = new ArrayList<>();
        String joined = dockerfile.replaceAll("\\\\\\R\\s*", " ");
        for (String line : joined.split("\\R")) {
            String instruction = line.strip();
            if (instruction.isEmpty() || instruction.startsWith("#")) {
                continue;
            }
            if (instruction.startsWith("FROM ")) {
                stages.add(new Stage(instruction.split("\\s+")[1], new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return stages;
    }
}
