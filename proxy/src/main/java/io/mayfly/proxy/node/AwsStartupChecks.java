package io.mayfly.proxy.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * What the proxy checks before it accepts clients when its functions are on AWS: that each pool
 * function exists with the memory the proxy plans for (GetFunction), and that it may invoke them
 * (one DryRun invocation). Every problem is collected, so one error names them all; otherwise a
 * missing function or permission would surface as a timeout on the first large put.
 */
public final class AwsStartupChecks {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private AwsStartupChecks() {}

    /**
     * @param where the region or endpoint, as problems name it
     * @return the problems found, each with its remedy; empty when the pool is ready
     */
    public static List<String> problems(
            LambdaAsyncClient lambda, List<String> functionNames, int expectedMemoryMb, String where) {
        List<CompletableFuture<GetFunctionResponse>> calls = new ArrayList<>();
        for (String name : functionNames) {
            calls.add(lambda.getFunction(
                    b -> b.functionName(name).overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))));
        }
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String present = null;
        for (int i = 0; i < calls.size(); i++) {
            String name = functionNames.get(i);
            Optional<GetFunctionResponse> found;
            try {
                found = Optional.of(calls.get(i).join());
            } catch (CompletionException e) {
                String code = errorCode(causeOf(e));
                if ("ResourceNotFoundException".equals(code)) {
                    missing.add(name);
                } else {
                    problems.add(describe("GetFunction", name, causeOf(e)));
                }
                continue;
            }
            present = present == null ? name : present;
            Integer memory = found.get().configuration().memorySize();
            if (memory != null && memory != expectedMemoryMb) {
                problems.add(name + " has " + memory + " MB but --function-memory-mb is " + expectedMemoryMb
                        + ": set --function-memory-mb " + memory + " (the proxy sizes each node's store from it),"
                        + " or redeploy the functions with --memory-mb " + expectedMemoryMb);
            }
        }
        if (!missing.isEmpty()) {
            if (missing.size() == functionNames.size()) {
                problems.add(
                        0,
                        "none of the " + functionNames.size() + " functions " + functionNames.get(0) + ".."
                                + functionNames.get(functionNames.size() - 1) + " exists in " + where
                                + ": check --region (it must be the functions' region) and --function-prefix, or deploy them"
                                + " with `mayfly deploy --functions " + functionNames.size() + "`");
            } else {
                problems.add(
                        0,
                        missing.size() + " of the " + functionNames.size() + " functions do not exist in "
                                + where + " (" + String.join(", ", missing)
                                + "): deploy them with `mayfly deploy --functions "
                                + functionNames.size() + "`, or lower --pool-size");
            }
        }
        if (present != null) {
            String target = present;
            try {
                lambda.invoke(b -> b.functionName(target)
                                .invocationType(InvocationType.DRY_RUN)
                                .payload(SdkBytes.fromUtf8String("{}"))
                                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)))
                        .join();
            } catch (CompletionException e) {
                problems.add(describe("InvokeFunction", target, causeOf(e)));
            }
        }
        return problems;
    }

    /** What failed inside a CompletionException (the exception itself if it carries no cause). */
    private static Throwable causeOf(CompletionException e) {
        Throwable cause = e.getCause();
        return cause != null ? cause : e;
    }

    static String describe(String action, String function, Throwable failure) {
        String code = errorCode(failure);
        if (code == null) {
            return action + " " + function + " failed: " + failure.getMessage()
                    + ": check that this machine reaches Lambda (--region, network, proxy settings)";
        }
        String message = ((AwsServiceException) failure).awsErrorDetails().errorMessage();
        String remedy = switch (code) {
            case "AccessDeniedException", "AccessDenied" ->
                "the proxy's credentials lack lambda:" + action + " on " + function
                        + "; grant it in the proxy's IAM role (deploy/aws/ does)";
            case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException" ->
                "the proxy has no valid AWS credentials; run it with an instance role or AWS_PROFILE";
            case "TooManyRequestsException" -> "Lambda throttled the check; start the proxy again in a moment";
            default -> "see the message";
        };
        return action + " " + function + " failed with " + code + " (" + message + "): " + remedy;
    }

    private static @Nullable String errorCode(Throwable failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return null;
    }
}
