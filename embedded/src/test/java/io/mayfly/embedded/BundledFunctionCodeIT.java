package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.client.*;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The embedded store runs its functions from the lambda-node jar bundled in the provider. Failsafe
 * runs this class without lambda-node on the class path (see the pom), as in a Spring Boot jar
 * whose nested jars lambda-local's file-URL class loaders cannot read.
 */
class BundledFunctionCodeIT {

    @Test
    void lambdaNodeIsNotOnThisClassPath() {
        assertThatThrownBy(() -> Class.forName(LocalFunctions.DEFAULT_NODE_HANDLER))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(System.getProperty("java.class.path")).doesNotContain("lambda-node");
    }

    @Test
    void inProcessFunctionsRoundTripAValueFromTheBundledJar() {
        roundTrip(
                new CodingSettings(4, 2, 0, 1L << 30),
                Map.of(
                        "mayfly.embedded.pool-size",
                        "6",
                        "mayfly.data-shards",
                        "4",
                        "mayfly.parity-shards",
                        "2",
                        "mayfly.operation-timeout-ms",
                        "60000",
                        "mayfly.embedded.runtime",
                        FunctionRuntime.LOCAL_IN_PROCESS.option()));
    }

    @Test
    void processFunctionsRoundTripAValueFromTheBundledJar() {
        roundTrip(
                new CodingSettings(2, 1, 0, 1L << 30),
                Map.of(
                        "mayfly.embedded.pool-size",
                        "3",
                        "mayfly.data-shards",
                        "2",
                        "mayfly.parity-shards",
                        "1",
                        "mayfly.operation-timeout-ms",
                        "60000",
                        "mayfly.embedded.runtime",
                        FunctionRuntime.LOCAL_PROCESS.option()));
    }

    /** Coding threshold 0: even this value is erasure-coded, and its shards go to the functions. */
    private static void roundTrip(CodingSettings coding, Map<String, String> settings) {
        byte[] value = new byte[(1 << 20) + 3];
        new Random(7).nextBytes(value);
        try (ObjectStore store = new ProxyStoreFactory().open(settings)) {
            KeySpace space = store.keySpace("bundled", coding);
            space.put("v".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            assertThat(space.get("v".getBytes()).value()).isEqualTo(value);
            ProxyStack stack = EmbeddedStores.proxyOf(store);
            for (String node : stack.server().placementOf("bundled", "v".getBytes())) {
                assertThat(stack.functions().service().control().instances(node))
                        .as("function %s ran an instance", node)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void theBundledJarIsExtractedToATempFileThatCloseDeletes() {
        EmbeddedFunctionCode code = EmbeddedFunctionCode.of(Map.of());
        Path jar = code.extractedJar();
        assertThat(jar).isNotNull().exists();
        assertThat(code.nodeCode().classpath()).containsExactly(jar);
        code.close();
        code.close();
        assertThat(Files.exists(jar)).isFalse();
    }

    @Test
    void theNodeClasspathSettingOverridesTheBundledJar() {
        try (EmbeddedFunctionCode code =
                EmbeddedFunctionCode.of(Map.of("mayfly.embedded.node-classpath", "/opt/a.jar, /opt/b.jar"))) {
            assertThat(code.extractedJar()).isNull();
            assertThat(code.nodeCode().classpath()).containsExactly(Path.of("/opt/a.jar"), Path.of("/opt/b.jar"));
        }
    }
}
