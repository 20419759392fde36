package io.mayfly.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-JVM run of the mayfly command: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun withInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MayflyCli.commandLine(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun of(String... args) {
        return withInput("", args);
    }

    long linesContaining(String text) {
        return out.lines().filter(l -> l.contains(text)).count();
    }
}
