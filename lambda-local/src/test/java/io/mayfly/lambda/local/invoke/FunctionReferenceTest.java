package io.mayfly.lambda.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionReferenceTest {
    @Test
    void everyFormTheInvokeApiAccepts() {
        assertThat(FunctionReference.parse("f", null)).isEqualTo(new FunctionReference("f", null));
        assertThat(FunctionReference.parse("f:$LATEST", null)).isEqualTo(new FunctionReference("f", "$LATEST"));
        assertThat(FunctionReference.parse("123456789012:function:f", null))
                .isEqualTo(new FunctionReference("f", null));
        assertThat(FunctionReference.parse("123456789012:function:f:7", null))
                .isEqualTo(new FunctionReference("f", "7"));
        assertThat(FunctionReference.parse("arn:aws:lambda:us-east-1:123456789012:function:f", null))
                .isEqualTo(new FunctionReference("f", null));
        assertThat(FunctionReference.parse("arn:aws:lambda:us-east-1:123456789012:function:f:prod", null))
                .isEqualTo(new FunctionReference("f", "prod"));
        assertThat(FunctionReference.parse("f", "$LATEST").latest()).isTrue();
        assertThat(FunctionReference.parse("f", "3").latest()).isFalse();
    }

    @Test
    void malformedNamesAreNotFunctions() {
        assertThat(FunctionReference.parse("arn:aws:s3:::bucket", null)).isNull();
        assertThat(FunctionReference.parse("a:b:c", null)).isNull();
        assertThat(FunctionReference.parse("f:1", "2")).isNull();
        assertThat(FunctionReference.parse(":x", null)).isNull();
    }
}
