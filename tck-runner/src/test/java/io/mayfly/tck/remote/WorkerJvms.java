package io.mayfly.tck.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs that print "ready", wait for "go" on standard input, print what they did and
 * "done": started together so their calls overlap. Closing kills any still running.
 */
final class WorkerJvms implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outputs = new ArrayList<>();

    /** Starts one JVM per argument list and waits until each is ready. */
    WorkerJvms(Class<?> main, String logPrefix, List<List<String>> argumentsPerWorker) throws IOException {
        for (int w = 0; w < argumentsPerWorker.size(); w++) {
            Process worker = new ProcessBuilder(RemoteTestSetup.javaCommand(
                            main, argumentsPerWorker.get(w).toArray(String[]::new)))
                    .redirectError(
                            ProcessBuilder.Redirect.appendTo(RemoteTestSetup.log(logPrefix + "-worker-" + w + ".log")
                                    .toFile()))
                    .start();
            processes.add(worker);
            outputs.add(new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (int w = 0; w < outputs.size(); w++) {
            // A worker that fails prints nothing more: its end of stream reads as null, its log says why.
            assertThat(outputs.get(w).readLine()).as("worker " + w + " start").isEqualTo("ready");
        }
    }

    /** Starts every worker at once. */
    void go() throws IOException {
        for (Process worker : processes) {
            Writer go = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
            go.write("go\n");
            go.flush();
        }
    }

    /** Every line each worker printed before "done", in its order; fails if one ended otherwise. */
    List<List<String>> awaitDone() throws IOException, InterruptedException {
        List<List<String>> lines = new ArrayList<>();
        for (int w = 0; w < processes.size(); w++) {
            List<String> printed = new ArrayList<>();
            String line;
            while ((line = outputs.get(w).readLine()) != null && !line.equals("done")) {
                printed.add(line);
            }
            assertThat(line).as("worker " + w + " end (its log says why)").isEqualTo("done");
            assertThat(processes.get(w).waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(processes.get(w).exitValue()).isZero();
            lines.add(printed);
        }
        return lines;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
