package io.mayfly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * The command line drives the proxy, lambda-local and the Lambda control plane; it is no cache
 * client, so JCache, the provider and the application integrations stay out of it (its tests use
 * the provider to read values back, in test scope only).
 */
class CliDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(MayflyCli.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN,
                "javax.cache..",
                "io.mayfly.jcache..",
                "io.mayfly.client..",
                "io.mayfly.embedded..",
                "io.mayfly.hibernate..",
                "io.mayfly.spring..",
                "io.mayfly.node..");
    }
}
