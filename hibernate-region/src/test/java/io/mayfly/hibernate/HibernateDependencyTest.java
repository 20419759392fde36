package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The region factory uses the provider only: no proxy, lambda-local or AWS SDK. */
class HibernateDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(MayflyRegionFactory.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN,
                "io.mayfly.proxy..",
                "io.mayfly.lambda..",
                "io.mayfly.node..",
                "io.mayfly.embedded..",
                "software.amazon..");
    }
}
