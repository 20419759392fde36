package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The function: protocol and the Lambda core API; nothing of the proxy, the client or the AWS SDK (a cold-start path). */
class NodeDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(ShardStore.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN,
                "io.mayfly.erasure..",
                "io.mayfly.client..",
                "io.mayfly.jcache..",
                "io.mayfly.proxy..",
                "io.mayfly.lambda.local..",
                "io.mayfly.embedded..",
                "software.amazon.awssdk..",
                "javax.cache..");
    }
}
