package io.mayfly.lambda.local.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: any bytes as an Invoke payload. The checker answers (null or a problem) and
 * never throws; a payload it accepts stays accepted inside an array, as JSON nests.
 */
class JsonSyntaxFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void invokePayload(byte[] payload) {
        String problem = JsonSyntax.problem(payload);
        if (problem == null && onlyWhitespace(payload)) {
            return; // an empty payload is allowed, as Lambda allows it
        }
        if (problem == null) {
            byte[] nested = new byte[payload.length + 2];
            nested[0] = '[';
            System.arraycopy(payload, 0, nested, 1, payload.length);
            nested[nested.length - 1] = ']';
            String nestedProblem = JsonSyntax.problem(nested);
            if (nestedProblem != null) {
                assertThat(nestedProblem)
                        .as("only the depth bound may refuse it")
                        .contains("nesting deeper");
            }
        } else {
            assertThat(problem).isNotBlank();
        }
    }

    private static boolean onlyWhitespace(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
