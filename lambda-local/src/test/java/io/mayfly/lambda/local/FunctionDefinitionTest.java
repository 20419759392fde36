package io.mayfly.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FunctionDefinitionTest {
    private static FunctionDefinition.Builder valid() {
        return FunctionDefinition.builder("mayfly-node-0", "io.mayfly.node.NodeHandler");
    }

    @Test
    void defaultsAreLambdas() {
        FunctionDefinition f = valid().build();

        assertThat(f.memoryMb()).isEqualTo(128);
        assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(f.instanceMode()).isEqualTo(InstanceMode.IN_PROCESS);
        assertThat(f.maxLifetime()).isEmpty();
        assertThat(f.coldStartDelay()).isZero();
    }

    @Test
    void handlerMayNameAMethod() {
        assertThat(FunctionDefinition.builder("f", "a.b.C::handle").build().handler())
                .isEqualTo("a.b.C::handle");
    }

    @Test
    void invalidSettingsAreRefusedWithTheValueAndTheLimit() {
        assertThatThrownBy(() -> FunctionDefinition.builder("bad name", "a.B").build())
                .isInstanceOf(InvalidFunctionDefinitionException.class)
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> FunctionDefinition.builder("f", "a.B::").build())
                .hasMessageContaining("pkg.Class::method");
        assertThatThrownBy(() -> valid().memoryMb(64).build())
                .hasMessageContaining("memory 64 MB")
                .hasMessageContaining("128..10240");
        assertThatThrownBy(() -> valid().memoryMb(10_241).build()).hasMessageContaining("10241");
        assertThatThrownBy(() -> valid().timeout(Duration.ofSeconds(901)).build())
                .hasMessageContaining("PT15M1S")
                .hasMessageContaining("900 s");
        assertThatThrownBy(() -> valid().timeout(Duration.ZERO).build()).hasMessageContaining("timeout");
        assertThatThrownBy(() -> valid().concurrencyLimit(0).build()).hasMessageContaining("concurrency limit 0");
        assertThatThrownBy(() -> valid().environment("AWS_REGION", "eu-west-1").build())
                .hasMessageContaining("AWS_REGION")
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> valid().environment("1BAD", "x").build()).hasMessageContaining("'1BAD'");
        assertThatThrownBy(() -> valid().instanceMode(InstanceMode.PROCESS).build())
                .hasMessageContaining("no classpath");
        assertThatThrownBy(() -> valid().classpath(Path.of("no/such/dir")).build())
                .hasMessageContaining("no/such/dir")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> valid().idleReclaim(Duration.ZERO).build()).hasMessageContaining("idle reclaim");
        assertThatThrownBy(() -> valid().coldStartDelay(Duration.ofMillis(-1)).build())
                .hasMessageContaining("cold-start delay");
    }

    @Test
    void registeringTheSameNameTwiceIsRefused() {
        try (LocalLambdaService lambda = LocalLambdaService.start()) {
            lambda.register(valid().build());
            assertThatThrownBy(() -> lambda.register(valid().build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already registered");
            assertThat(lambda.deregister("mayfly-node-0")).isTrue();
            lambda.register(valid().build());
        }
    }
}
