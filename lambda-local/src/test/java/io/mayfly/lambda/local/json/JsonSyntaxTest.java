package io.mayfly.lambda.local.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSyntaxTest {
    private static String problem(String text) {
        return JsonSyntax.problem(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonValuesPass() {
        for (String ok : new String[] {
            "",
            "  ",
            "{}",
            "[]",
            "0",
            "-1.5e+3",
            "\"\"",
            "\"a\\\"b\\u00e9\"",
            "true",
            "null",
            " {\"a\":[1,2,{\"b\":null}],\"c\":\"\u00e9\"} ",
            "[[[]]]"
        }) {
            assertThat(problem(ok)).as(ok).isNull();
        }
    }

    @Test
    void everythingElseFailsWithWhereItWentWrong() {
        assertThat(problem("not json")).isEqualTo("unrecognized token at byte 0");
        assertThat(problem("{\"a\":1,}")).contains("field name");
        assertThat(problem("[1 2]")).contains("expected ']'");
        assertThat(problem("\"open")).contains("unterminated");
        assertThat(problem("01")).contains("after the JSON value");
        assertThat(problem("1.")).contains("decimal point");
        assertThat(problem("{} {}")).contains("after the JSON value");
        assertThat(problem("[".repeat(600))).contains("nesting deeper");
        assertThat(problem("\"\\x\"")).contains("bad escape");
    }
}
