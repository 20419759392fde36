package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** Lambda's errors become a sentence with the remedy (the ones lambda-local cannot produce: IAM). */
class AwsStartupChecksDescribeTest {
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
    void accessDeniedNamesTheMissingPermission() {
        String text = AwsStartupChecks.describe(
                "InvokeFunction",
                "mayfly-node-0",
                error("AccessDeniedException", "User: arn:aws:sts::1:assumed-role/p is not authorized", 403));
        assertThat(text)
                .contains("InvokeFunction mayfly-node-0 failed with AccessDeniedException")
                .contains("lack lambda:InvokeFunction on mayfly-node-0");
    }

    @Test
    void badCredentialsSayHowToGiveThem() {
        assertThat(AwsStartupChecks.describe(
                        "GetFunction",
                        "mayfly-node-1",
                        error("UnrecognizedClientException", "The security token is invalid", 403)))
                .contains("no valid AWS credentials");
    }
}
