package io.mayfly.cli.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One function as `mayfly deploy` wants it.
 *
 * @param reservedConcurrency null: leave whatever the function has
 * @param role null: only an existing function can be brought to this state
 */
public record DesiredFunction(
        String name,
        String handler,
        String runtime,
        @Nullable String role,
        int memoryMb,
        int timeoutSeconds,
        String architecture,
        Map<String, String> environment,
        List<String> subnetIds,
        List<String> securityGroupIds,
        @Nullable Integer reservedConcurrency) {

    public DesiredFunction {
        Objects.requireNonNull(name, "name");
        environment = Map.copyOf(environment);
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
    }
}
