package io.mayfly.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * The Boot 3 starter configures the provider and, through mayfly-embedded, reads the embedded
 * proxy's health and meters; lambda-local, the function and the AWS SDK stay behind the proxy.
 */
class Boot3StarterDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(MayflyBoot3AutoConfiguration.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(MAIN, "io.mayfly.lambda..", "io.mayfly.node..", "software.amazon..");
    }
}
