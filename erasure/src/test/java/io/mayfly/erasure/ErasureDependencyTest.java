package io.mayfly.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The codec depends on nothing: not Netty, not another Mayfly module. */
class ErasureDependencyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(ReedSolomon.class);

    @Test
    void dependsOnlyAlongTheStatedLines() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertNoDependencyOn(
                MAIN,
                "io.netty..",
                "org.slf4j..",
                "io.mayfly.protocol..",
                "io.mayfly.settings..",
                "io.mayfly.client..",
                "io.mayfly.jcache..",
                "io.mayfly.proxy..",
                "io.mayfly.node..",
                "io.mayfly.lambda..",
                "software.amazon..");
    }
}
