package io.mayfly.benchmarks.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CsvTraceReaderTest {

    private static Trace read(String text) throws IOException {
        return new CsvTraceReader().read("trace.csv", new StringReader(text));
    }

    @Test
    void readsRowsRelativeToTheFirstTimestamp() throws IOException {
        Trace trace = read("""
                # a comment
                timestamp,op,key,size

                1700000000.5,GET,layers/abc,1048576
                1700000001.25, put ,manifest-1,300
                1700000001.25,del,layers/abc,0
                1700003600.5,Get,manifest-1,300
                """);
        assertThat(trace.records())
                .containsExactly(
                        new TraceRecord(0, Operation.GET, "layers/abc", 1_048_576),
                        new TraceRecord(750_000, Operation.PUT, "manifest-1", 300),
                        new TraceRecord(750_000, Operation.DELETE, "layers/abc", 0),
                        new TraceRecord(3_600_000_000L, Operation.GET, "manifest-1", 300));
        assertThat(trace.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(trace.description()).contains("trace.csv");
    }

    @Test
    void wrongColumnCountNamesTheLine() {
        assertThatThrownBy(() -> read("timestamp,op,key,size\n1,GET,a,1\n2,GET,b\n"))
                .isInstanceOf(MalformedTraceException.class)
                .hasMessageContaining("trace.csv line 3")
                .hasMessageContaining("3 columns instead of 4")
                .satisfies(e ->
                        assertThat(((MalformedTraceException) e).lineNumber()).isEqualTo(3));
    }

    @Test
    void unknownOpNamesTheLineAndTheOp() {
        assertThatThrownBy(() -> read("1,GET,a,1\n2,FETCH,a,1\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown op \"FETCH\"");
    }

    @Test
    void badTimestampsAreRefused() {
        assertThatThrownBy(() -> read("yesterday,GET,a,1\n"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("timestamp \"yesterday\" is not a number");
        assertThatThrownBy(() -> read("-1,GET,a,1\n")).hasMessageContaining("negative");
        assertThatThrownBy(() -> read("5,GET,a,1\n4,GET,b,1\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("goes back in time");
    }

    @Test
    void badSizesAndKeysAreRefused() {
        assertThatThrownBy(() -> read("1,GET,a,big\n")).hasMessageContaining("size \"big\" is not a whole number");
        assertThatThrownBy(() -> read("1,GET,a,-3\n")).hasMessageContaining("size -3 is negative");
        assertThatThrownBy(() -> read("1,GET,a,1.5\n")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> read("1,GET,a,4294967296\n")).hasMessageContaining("exceeds the largest value");
        assertThatThrownBy(() -> read("1,GET, ,1\n")).hasMessageContaining("empty key");
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThatThrownBy(() -> read("# nothing\n\n")).hasMessageContaining("no requests");
    }
}
