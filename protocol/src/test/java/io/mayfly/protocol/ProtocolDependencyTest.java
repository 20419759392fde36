package io.mayfly.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The wire format and the settings registry: Netty only, no other Mayfly module, no AWS SDK. */
class ProtocolDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(WireFormat.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN,
                "io.mayfly.erasure..",
                "io.mayfly.client..",
                "io.mayfly.jcache..",
                "io.mayfly.proxy..",
                "io.mayfly.node..",
                "io.mayfly.lambda..",
                "io.mayfly.embedded..",
                "software.amazon..",
                "javax.cache..");
    }
}
