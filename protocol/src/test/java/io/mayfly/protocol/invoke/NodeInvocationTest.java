package io.mayfly.protocol.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeInvocationTest {

    /** Any text, including quotes, backslashes, control characters and non-ASCII. */
    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings()
                        .withChars('"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u00e9', '{', '}', ',', ':')
                        .ofMaxLength(30));
    }

    @Provide
    Arbitrary<NodeInvocation> invocations() {
        return Combinators.combine(
                        Arbitraries.of(NodeCommand.class),
                        texts(),
                        Arbitraries.integers().between(1, 65535),
                        texts(),
                        texts(),
                        Arbitraries.longs().greaterOrEqual(1),
                        Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.longs().greaterOrEqual(1))
                .as(NodeInvocation::new);
    }

    @Property(tries = 1000)
    void invocationSurvivesJson(@ForAll("invocations") NodeInvocation invocation) {
        assertThat(NodeInvocation.fromJson(invocation.toJson())).isEqualTo(invocation);
    }

    @Property(tries = 1000)
    void summarySurvivesJson(
            @ForAll("texts") String instanceId,
            @ForAll("counts") long shards,
            @ForAll("counts") long bytes,
            @ForAll("counts") long served) {
        NodeServeSummary s = new NodeServeSummary(instanceId, shards, bytes, served);
        assertThat(NodeServeSummary.fromJson(s.toJson())).isEqualTo(s);
    }

    @Provide("texts")
    Arbitrary<String> textArbitrary() {
        return texts();
    }

    @Provide
    Arbitrary<Long> counts() {
        return Arbitraries.longs().greaterOrEqual(0);
    }

    @Property(tries = 1000)
    void arbitraryTextParsesOrFailsWithMalformedJson(@ForAll("jsonish") String text) {
        try {
            FlatJson.parse(text);
        } catch (MalformedJsonException expected) {
            assertThat(expected).hasMessageStartingWith("malformed JSON at offset");
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        String valid = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t\"\\", 1, 0, 1).toJson();
        Arbitrary<String> mutated = Combinators.combine(
                        Arbitraries.integers().between(0, valid.length() - 1),
                        Arbitraries.of('"', '\\', '{', '}', ',', ':', 'u', '0', '-', ' ', 'x'),
                        Arbitraries.of(0, 1, 2))
                .as((at, c, op) -> switch (op) {
                    case 0 -> valid.substring(0, at) + c + valid.substring(at + 1);
                    case 1 -> valid.substring(0, at);
                    default -> valid.substring(0, at) + c + valid.substring(at);
                });
        Arbitrary<String> random = Arbitraries.strings()
                .withChars("{}[]\":,\\-0123456789tfrueanlsx ".toCharArray())
                .ofMaxLength(40);
        return Arbitraries.oneOf(mutated, random);
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
        NodeInvocation i = new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 0, 1, "ab01");
        NodeInvocation back = NodeInvocation.fromJson(i.toJson());
        assertThat(back.proxyCertSha256()).isEqualTo("ab01");
        assertThat(back.tls()).isTrue();
        assertThat(NodeInvocation.fromJson(new NodeInvocation(NodeCommand.SERVE, "h", 1, "n", "t", 1, 0, 1).toJson())
                        .tls())
                .isFalse();
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
