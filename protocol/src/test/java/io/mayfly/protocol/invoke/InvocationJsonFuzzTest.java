package io.mayfly.protocol.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Coverage-guided: any text as an invocation payload. The parser either returns a value that
 * survives its own round trip or throws {@link MalformedJsonException}; nothing else escapes.
 */
class InvocationJsonFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void invocationPayload(String text) {
        Map<String, Object> fields;
        try {
            fields = FlatJson.parse(text);
        } catch (MalformedJsonException expected) {
            return;
        }
        assertThat(fields).isNotNull();
        try {
            NodeInvocation invocation = NodeInvocation.fromJson(text);
            assertThat(NodeInvocation.fromJson(invocation.toJson())).isEqualTo(invocation);
        } catch (MalformedJsonException expected) {
            // flat JSON, but not an invocation
        }
    }
}
