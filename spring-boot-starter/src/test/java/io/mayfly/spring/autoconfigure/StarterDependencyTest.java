package io.mayfly.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The starter configures the provider; the proxy, lambda-local and the AWS SDK stay behind mayfly-embedded. */
class StarterDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(MayflyAutoConfiguration.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN, "io.mayfly.proxy..", "io.mayfly.lambda..", "io.mayfly.node..", "software.amazon..");
    }
}
