package io.mayfly.protocol.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeInvocationTest {

    /** Any text, including quotes, backslashes, control characters and non-ASCII. */
    static String text(Gen gen) {
        return gen.bool() ? gen.anyString(30) : gen.string(30, "\"\\/\n\t\u0000\u001f\u00e9{},:");
    }

    static NodeInvocation invocation(Gen gen) {
        return new NodeInvocation(
                gen.enumValue(NodeCommand.class),
                text(gen),
                gen.between(1, 65535),
                text(gen),
                text(gen),
                gen.longAtLeast(1),
                gen.longAtLeast(0),
                gen.longAtLeast(1));
    }

    @PropertyTest(tries = 1000)
    void invocationSurvivesJson(Gen gen) {
        NodeInvocation invocation = invocation(gen);
        assertThat(NodeInvocation.fromJson(invocation.toJson())).isEqualTo(invocation);
    }

    @PropertyTest(tries = 1000)
    void summarySurvivesJson(Gen gen) {
        NodeServeSummary s =
                new NodeServeSummary(text(gen), gen.longAtLeast(0), gen.longAtLeast(0), gen.longAtLeast(0));
        assertThat(NodeServeSummary.fromJson(s.toJson())).isEqualTo(s);
    }

    @PropertyTest(tries = 1000)
    void arbitraryTextParsesOrFailsWithMalformedJson(Gen gen) {
        String text = jsonish(gen);
        try {
            FlatJson.parse(text);
        } catch (MalformedJsonException expected) {
            assertThat(expected).hasMessageStartingWith("malformed JSON at offset");
        }
    }

    static String jsonish(Gen gen) {
        if (gen.bool()) {
            return gen.string(40, "{}[]\":,\\-0123456789tfrueanlsx ");
        }
        String valid = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t\"\\", 1, 0, 1).toJson();
        int at = gen.between(0, valid.length() - 1);
        char c = gen.oneOf('"', '\\', '{', '}', ',', ':', 'u', '0', '-', ' ', 'x');
        return switch (gen.between(0, 2)) {
            case 0 -> valid.substring(0, at) + c + valid.substring(at + 1);
            case 1 -> valid.substring(0, at);
            default -> valid.substring(0, at) + c + valid.substring(at);
        };
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "[]",
                "{",
                "}",
                "{\"a\"}",
                "{\"a\":}",
                "{\"a\":1,}",
                "{\"a\":1 \"b\":2}",
                "{\"a\":01}",
                "{\"a\":1.5}",
                "{\"a\":1e3}",
                "{\"a\":99999999999999999999}",
                "{\"a\":\"x}",
                "{\"a\":\"\\q\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"\\u12g4\"}",
                "{\"a\":tru}",
                "{\"a\":{}}",
                "{\"a\":[1]}",
                "{\"a\":1}x",
                "{\"a\":1,\"a\":2}",
                "{a:1}",
                "{\"a\":\"\u0001\"}",
                "{\"a\":-}"
            })
    void malformedJsonIsRejectedWithItsOffset(String text) {
        assertThatThrownBy(() -> FlatJson.parse(text))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageStartingWith("malformed JSON at offset");
    }

    @Test
    void flatJsonReadsEveryValueKindAndWhitespace() {
        Map<String, Object> f =
                FlatJson.parse(" { \"s\" : \"a\\u00e9\\n\" , \"i\":-42,\"t\":true,\"f\":false,\"n\":null } ");
        assertThat(f)
                .containsEntry("s", "a\u00e9\n")
                .containsEntry("i", -42L)
                .containsEntry("t", true)
                .containsEntry("f", false)
                .containsEntry("n", null)
                .hasSize(5);
    }

    @Test
    void missingOrMistypedFieldsNameTheField() {
        assertThatThrownBy(() -> NodeInvocation.fromJson("{\"command\":\"serve\"}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("proxyPort");
        String json = new NodeInvocation(NodeCommand.WARMUP, "h", 7000, "n", "t", 1, 0, 1).toJson();
        assertThatThrownBy(() -> NodeInvocation.fromJson(json.replace("7000", "\"7000\"")))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("proxyPort");
        assertThatThrownBy(() -> NodeInvocation.fromJson(json.replace("7000", "70000")))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> NodeInvocation.fromJson(json.replace("warmup", "restore")))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("restore");
    }

    @Test
    void unknownFieldsAreIgnoredForNewerProxies() {
        String json = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 0, 1).toJson();
        String extended = json.substring(0, json.length() - 1) + ",\"backupPeer\":\"x\",\"future\":3}";
        assertThat(NodeInvocation.fromJson(extended).nodeId()).isEqualTo("n");
    }

    @Test
    void tokenNeverAppearsInToString() {
        NodeInvocation i = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "s3cret", 1, 0, 1);
        assertThat(i.toString()).doesNotContain("s3cret");
    }

    @Test
    void aPinnedCertificateFingerprintRoundTrips() {
        NodeInvocation i = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 0, 1, "ab01", 0, 0);
        NodeInvocation back = NodeInvocation.fromJson(i.toJson());
        assertThat(back.proxyCertSha256()).isEqualTo("ab01");
        assertThat(back.tls()).isTrue();
        assertThat(NodeInvocation.fromJson(new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 0, 1).toJson())
                        .tls())
                .isFalse();
    }

    @Test
    void aBurstRuleRoundTripsAndAnOlderProxysPayloadHasNone() {
        NodeInvocation plain = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 100, 60_000);
        NodeInvocation burst = plain.withBurst(10_000, 3);
        NodeInvocation back = NodeInvocation.fromJson(burst.toJson());
        assertThat(back).isEqualTo(burst);
        assertThat(back.hasBurstRule()).isTrue();
        assertThat(NodeInvocation.fromJson(plain.toJson()).hasBurstRule()).isFalse();
        assertThat(plain.toJson()).doesNotContain("burst");
    }

    @Test
    void aBurstRuleOutOfRangeIsRefused() {
        NodeInvocation plain = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 100, 60_000);
        assertThatThrownBy(() -> plain.withBurst(10_000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plain.withBurst(10_000, NodeInvocation.MAX_BURST_REQUESTS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plain.withBurst(60_001, 3)).isInstanceOf(IllegalArgumentException.class);
        String json = plain.toJson();
        String huge = json.substring(0, json.length() - 1) + ",\"burstLingerMs\":1000,\"burstRequests\":9999999999}";
        assertThatThrownBy(() -> NodeInvocation.fromJson(huge)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void writerProducesTheDocumentedShape() {
        NodeInvocation i =
                new NodeInvocation(NodeCommand.SERVE, "10.0.0.5", 7000, "mayfly-node-3", "tok", 1, 200, 60000);
        assertThat(i.toJson())
                .isEqualTo("{\"command\":\"serve\",\"proxyHost\":\"10.0.0.5\",\"proxyPort\":7000,"
                        + "\"nodeId\":\"mayfly-node-3\",\"token\":\"tok\",\"billingWindowMs\":1,\"idleReturnMs\":200,"
                        + "\"maxServeMs\":60000}");
    }
}
