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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker JVMs that print "ready", wait for "go" on standard input, print what they did and
 * "done": started together so their calls overlap. Their lines are read as they come ({@link
 * #printed}, for a test that acts when the workers are part way). Closing kills any still running.
 */
final class WorkerJvms implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outputs = new ArrayList<>();
    private final List<CompletableFuture<List<String>>> finished = new ArrayList<>();
    private final AtomicInteger printed = new AtomicInteger();

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
        for (int w = 0; w < processes.size(); w++) {
            Writer go = new OutputStreamWriter(processes.get(w).getOutputStream(), StandardCharsets.UTF_8);
            go.write("go\n");
            go.flush();
            BufferedReader output = outputs.get(w);
            CompletableFuture<List<String>> lines = new CompletableFuture<>();
            finished.add(lines);
            Thread reader = new Thread(() -> read(output, lines), "worker-output-" + w);
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Lines up to "done" (exclusive); completes exceptionally if the worker's output ended before it. */
    private void read(BufferedReader output, CompletableFuture<List<String>> lines) {
        List<String> printed = new ArrayList<>();
        try {
            String line;
            while ((line = output.readLine()) != null && !line.equals("done")) {
                printed.add(line);
                this.printed.incrementAndGet();
            }
            if (line == null) {
                lines.completeExceptionally(new IOException("output ended without 'done'"));
            } else {
                lines.complete(printed);
            }
        } catch (IOException e) {
            lines.completeExceptionally(e);
        }
    }

    /** Lines every worker has printed since {@link #go}, so far. */
    int printed() {
        return printed.get();
    }

    /** Every line each worker printed before "done", in its order; fails if one ended otherwise. */
    List<List<String>> awaitDone() throws InterruptedException {
        List<List<String>> lines = new ArrayList<>();
        for (int w = 0; w < processes.size(); w++) {
            List<String> printed;
            try {
                printed = finished.get(w).get();
            } catch (ExecutionException e) {
                throw new AssertionError("worker " + w + " end (its log says why): " + e.getCause(), e.getCause());
            }
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
