package io.mayfly.lambda.local.functions;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.json.JsonWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One function as the control plane knows it: what GetFunctionConfiguration returns, the
 * definition lambda-local runs, and where its unpacked code lives. Immutable; every change makes
 * a new one.
 */
record DeployedFunction(
        String arn,
        String runtime,
        String role,
        String description,
        String codeSha256,
        long codeSize,
        String lastModified,
        String revisionId,
        String state,
        @Nullable String stateReason,
        @Nullable String stateReasonCode,
        String lastUpdateStatus,
        List<String> subnetIds,
        List<String> securityGroupIds,
        @Nullable Integer reservedConcurrency,
        FunctionDefinition definition,
        @Nullable Path codeDirectory) {

    String name() {
        return definition.name();
    }

    boolean busy() {
        return state.equals("Pending") || lastUpdateStatus.equals("InProgress");
    }

    String architecture() {
        return definition.architecture().name().toLowerCase(java.util.Locale.ROOT);
    }

    DeployedFunction withCode(String sha256, long size, FunctionDefinition newDefinition, Path newCode) {
        return new DeployedFunction(
                arn,
                runtime,
                role,
                description,
                sha256,
                size,
                lastModified,
                revisionId,
                state,
                stateReason,
                stateReasonCode,
                lastUpdateStatus,
                subnetIds,
                securityGroupIds,
                reservedConcurrency,
                newDefinition,
                newCode);
    }

    DeployedFunction withConfiguration(
            String newRuntime,
            String newRole,
            String newDescription,
            List<String> newSubnetIds,
            List<String> newSecurityGroupIds,
            FunctionDefinition newDefinition) {
        return new DeployedFunction(
                arn,
                newRuntime,
                newRole,
                newDescription,
                codeSha256,
                codeSize,
                lastModified,
                revisionId,
                state,
                stateReason,
                stateReasonCode,
                lastUpdateStatus,
                newSubnetIds,
                newSecurityGroupIds,
                reservedConcurrency,
                newDefinition,
                codeDirectory);
    }

    DeployedFunction withReservedConcurrency(int reserved, FunctionDefinition newDefinition) {
        return new DeployedFunction(
                arn,
                runtime,
                role,
                description,
                codeSha256,
                codeSize,
                lastModified,
                revisionId,
                state,
                stateReason,
                stateReasonCode,
                lastUpdateStatus,
                subnetIds,
                securityGroupIds,
                reserved,
                newDefinition,
                codeDirectory);
    }

    /** The change took effect: {@code newState} (Active after a create) and LastUpdateStatus Successful. */
    DeployedFunction settled(String newState) {
        return new DeployedFunction(
                arn,
                runtime,
                role,
                description,
                codeSha256,
                codeSize,
                lastModified,
                revisionId,
                newState,
                null,
                null,
                "Successful",
                subnetIds,
                securityGroupIds,
                reservedConcurrency,
                definition,
                codeDirectory);
    }

    /** The FunctionConfiguration object of the Lambda API. */
    void writeConfiguration(JsonWriter json) {
        json.beginObject()
                .field("FunctionName", name())
                .field("FunctionArn", arn)
                .field("Runtime", runtime)
                .field("Role", role)
                .field("Handler", definition.handler())
                .field("CodeSize", codeSize)
                .field("Description", description)
                .field("Timeout", definition.timeout().toSeconds())
                .field("MemorySize", definition.memoryMb())
                .field("LastModified", lastModified)
                .field("CodeSha256", codeSha256)
                .field("Version", "$LATEST")
                .field("RevisionId", revisionId)
                .field("PackageType", "Zip")
                .field("State", state);
        if (stateReason != null) {
            json.field("StateReason", stateReason).field("StateReasonCode", stateReasonCode);
        }
        json.field("LastUpdateStatus", lastUpdateStatus);
        if (state.equals("Pending")) {
            json.field("LastUpdateStatusReason", "The function is being created.")
                    .field("LastUpdateStatusReasonCode", "Creating");
        }
        json.name("Environment").beginObject().name("Variables").beginObject();
        for (Map.Entry<String, String> e : definition.environment().entrySet()) {
            json.field(e.getKey(), e.getValue());
        }
        json.endObject().endObject();
        json.field("Architectures", List.of(architecture()));
        json.name("EphemeralStorage").beginObject().field("Size", 512).endObject();
        if (!subnetIds.isEmpty() || !securityGroupIds.isEmpty()) {
            json.name("VpcConfig")
                    .beginObject()
                    .field("SubnetIds", subnetIds)
                    .field("SecurityGroupIds", securityGroupIds)
                    .field("VpcId", "vpc-lambda-local")
                    .endObject();
        }
        json.endObject();
    }
}
