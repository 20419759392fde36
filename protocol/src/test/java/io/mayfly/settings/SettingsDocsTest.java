package io.mayfly.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is generated from the registry is committed as generated; rerun SettingsDocs when this fails. */
class SettingsDocsTest {

    private static final String REGENERATE =
            "differs from the registry: run java -cp protocol/target/classes io.mayfly.settings.SettingsDocs";

    /** Tests run in protocol/; the repository root is its parent. */
    private static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    private static String read(String file) throws IOException {
        return Files.readString(root().resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void docsConfigurationMatchesTheRegistry() throws IOException {
        assertThat(read(SettingsDocs.DOCS))
                .as(SettingsDocs.DOCS + " " + REGENERATE)
                .isEqualTo(SettingsDocs.configurationMarkdown());
    }

    @Test
    void readmeTableMatchesTheRegistry() throws IOException {
        assertThat(read(SettingsDocs.README))
                .as("README's settings table " + REGENERATE)
                .contains(SettingsDocs.readmeTable());
    }

    @Test
    void springMetadataMatchesTheRegistry() throws IOException {
        assertThat(read(SettingsDocs.SPRING_METADATA))
                .as(SettingsDocs.SPRING_METADATA + " " + REGENERATE)
                .isEqualTo(SettingsDocs.springMetadata());
    }

    @Test
    void everyKeyIsDeclaredOnceWithADocLineAndAValidDefault() {
        assertThat(SettingsRegistry.all()).extracting(Setting::key).doesNotHaveDuplicates();
        for (Setting s : SettingsRegistry.all()) {
            assertThat(s.doc()).as(s.key()).isNotBlank().doesNotContain("\n");
            if (s.defaultValue() != null) {
                s.check(s.defaultValue());
            }
        }
    }

    @Test
    void unknownKeysNameTheClosestOne() {
        assertThatThrownBy(() -> SettingsRegistry.checkKeys(Map.of("mayfly.data-shard", "4")))
                .hasMessage("unknown setting mayfly.data-shard; did you mean mayfly.data-shards?");
        assertThatThrownBy(() -> SettingsRegistry.checkKeys(Map.of("mayfly.embeded.pool-size", "4")))
                .hasMessage("unknown setting mayfly.embeded.pool-size; did you mean mayfly.embedded.pool-size?");
        assertThatThrownBy(() -> SettingsRegistry.checkKeys(Map.of("mayfly.default.expire-after-write", "4")))
                .hasMessage("unknown setting mayfly.default.expire-after-write;"
                        + " did you mean mayfly.default.expire-after-write-ms?");
        assertThatThrownBy(() -> SettingsRegistry.checkKeys(Map.of("mayfly.completely-different", "1")))
                .hasMessage("unknown setting mayfly.completely-different (docs/configuration.md lists every setting)");
    }
}
