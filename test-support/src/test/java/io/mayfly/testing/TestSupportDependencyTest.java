package io.mayfly.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** Test fixtures shared by every module depend on no Mayfly module (they are built first). */
class TestSupportDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(NettyLeakCheck.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN,
                "io.mayfly.erasure..",
                "io.mayfly.protocol..",
                "io.mayfly.settings..",
                "io.mayfly.client..",
                "io.mayfly.jcache..",
                "io.mayfly.proxy..",
                "io.mayfly.node..",
                "io.mayfly.lambda..",
                "io.mayfly.embedded..");
    }
}
