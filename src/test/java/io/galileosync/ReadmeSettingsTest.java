package io.galileosync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every setting the code reads ({@code galileo.*}, the components of the {@code @ConfigurationProperties}
 * records, nested records included) is in the README: as its whole key, or as {@code `.name`} in a row of the
 * same prefix ("{@code galileo.sync.batch-records} / {@code .batch-bytes}").
 */
class ReadmeSettingsTest {

    @Test
    void everySettingIsInTheReadme() throws IOException, ClassNotFoundException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> lines = readme.lines().toList();
        List<String> keys = new ArrayList<>();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (var candidate : scanner.findCandidateComponents("io.galileosync")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            if (prefix.startsWith("galileo") && type.isRecord()) {
                collect(prefix, type, keys);
            }
        }
        assertThat(keys).as("settings found").hasSizeGreaterThan(50);
        assertThat(keys).allSatisfy(key -> {
            String prefix = key.substring(0, key.lastIndexOf('.') + 1);
            String name = key.substring(prefix.length());
            boolean listed = readme.contains("`" + key + "`")
                    || lines.stream().anyMatch(l -> l.contains("`" + prefix) && l.contains("`." + name + "`"));
            assertThat(listed).as("%s in README.md", key).isTrue();
        });
    }

    private static void collect(String prefix, Class<?> record, List<String> keys) {
        for (RecordComponent component : record.getRecordComponents()) {
            String key = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord() && component.getType().getName().startsWith("io.galileosync")) {
                collect(key, component.getType(), keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
