package io.mayfly.cli.deploy;

import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Lambda errors said the way an operator can act on: the AWS error code, what it means here, the remedy. */
public final class AwsErrors {
    private AwsErrors() {}

    /**
     * @param operation the Lambda API action, as IAM names it without the {@code lambda:} prefix
     * @param target the function (or "the account") it was applied to
     * @param where the region or endpoint, for connection failures
     */
    public static String describe(String operation, String target, String where, RuntimeException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return operation + " " + target + " failed with " + code + " (" + message + "): "
                    + remedy(code, message, operation, where);
        }
        if (e instanceof SdkClientException) {
            return operation + " " + target + " could not reach Lambda at " + where + " (" + e.getMessage()
                    + "): check --region or --endpoint-url and this machine's network and credentials";
        }
        return operation + " " + target + " failed: " + e;
    }

    static String remedy(String code, String message, String operation, String where) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (code) {
            case "AccessDeniedException", "AccessDenied" ->
                "the credentials in use lack lambda:" + operation + " on this function; add it to their IAM policy"
                        + (operation.equals("CreateFunction") ? " together with iam:PassRole on --role-arn" : "");
            case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException" ->
                "the AWS credentials are missing, wrong or expired; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
            case "ResourceNotFoundException" ->
                "the function does not exist in " + where
                        + "; run `mayfly deploy` there, or check --region and --prefix";
            case "ResourceConflictException" ->
                "another change to the function is in progress or it already exists; wait a minute and run the command again";
            case "TooManyRequestsException", "ServiceQuotaExceededException", "CodeStorageExceededException" ->
                "a Lambda quota was reached in " + where + "; ask for a higher quota in Service Quotas, or deploy fewer"
                        + " --functions";
            case "InvalidParameterValueException" -> {
                if (text.contains("role")) {
                    yield "the role of --role-arn does not exist or does not trust lambda.amazonaws.com; create it"
                            + " (deploy/aws/ has one) and pass its ARN";
                }
                if (text.contains("concurrentexecutions") || text.contains("concurrency")) {
                    yield "the account's unreserved concurrency would fall below its minimum; lower"
                            + " --reserved-concurrency or ask for a higher concurrency quota";
                }
                if (text.contains("subnet") || text.contains("security group")) {
                    yield "check --subnet-ids and --security-group-ids: they must exist in " + where
                            + " and the role needs AWSLambdaVPCAccessExecutionRole";
                }
                yield "fix the value the message names";
            }
            case "ValidationException" ->
                text.contains("at 'role'")
                        ? "--role-arn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>"
                        : "a value is outside Lambda's limits; fix the option the message names";
            default -> "see the message; run the command again once it is resolved";
        };
    }
}
