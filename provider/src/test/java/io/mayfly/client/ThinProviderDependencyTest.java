package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The thin provider never reaches the proxy, lambda-local, the function, the embedded launcher's module or the AWS SDK. */
class ThinProviderDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(ProxyStoreFactory.class);

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
