package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The embedded launcher wires provider, proxy and lambda-local; it knows nothing of Spring or Hibernate. */
class EmbeddedDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(EmbeddedStores.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN, "org.springframework..", "org.hibernate..", "io.mayfly.spring..", "io.mayfly.hibernate..");
    }
}
