package io.mayfly.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** The errors lambda-local cannot produce (IAM, quotas), said with the action and the remedy. */
class AwsErrorsTest {
    private static LambdaException error(String code, String message, int status) {
        return (LambdaException) LambdaException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .statusCode(status)
                .build();
    }

    @Test
    void accessDeniedNamesTheActionAndPassRoleOnCreate() {
        String text = AwsErrors.describe(
                "CreateFunction",
                "mayfly-node-0",
                "eu-west-1",
                error("AccessDeniedException", "User: arn:aws:iam::1:user/ci is not authorized", 403));
        assertThat(text)
                .startsWith(
                        "CreateFunction mayfly-node-0 failed with AccessDeniedException (User: arn:aws:iam::1:user/ci")
                .contains("lack lambda:CreateFunction")
                .contains("iam:PassRole on --role-arn");
    }

    @Test
    void aRoleLambdaCannotAssumeAndAQuotaSayWhatToDo() {
        assertThat(AwsErrors.describe(
                        "CreateFunction",
                        "mayfly-node-0",
                        "eu-west-1",
                        error(
                                "InvalidParameterValueException",
                                "The role defined for the function cannot be assumed by Lambda.",
                                400)))
                .contains("trust lambda.amazonaws.com");
        assertThat(AwsErrors.describe(
                        "PutFunctionConcurrency",
                        "mayfly-node-3",
                        "eu-west-1",
                        error(
                                "InvalidParameterValueException",
                                "Specified ReservedConcurrentExecutions for function decreases account's"
                                        + " UnreservedConcurrentExecution below its minimum value of [10].",
                                400)))
                .contains("lower --reserved-concurrency");
        assertThat(AwsErrors.describe(
                        "CreateFunction",
                        "mayfly-node-9",
                        "eu-west-1",
                        error("CodeStorageExceededException", "Code storage limit exceeded.", 400)))
                .contains("quota was reached in eu-west-1");
    }
}
