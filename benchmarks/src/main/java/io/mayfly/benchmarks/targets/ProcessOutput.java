package io.mayfly.benchmarks.targets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Drains a child process's merged output on a daemon thread (so the child never blocks on a full
 * pipe), keeps its last lines for error messages, and lets the starter wait for the line that
 * says the child is ready.
 */
final class ProcessOutput {
    private static final int KEPT_LINES = 20;

    private final Process process;
    private final Predicate<String> readyLine;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch readyOrEnded = new CountDownLatch(1);
    private volatile @Nullable String ready;

    /** Starts draining {@code process}'s output on a thread named {@code threadName}. */
    ProcessOutput(Process process, String threadName, Predicate<String> readyLine) {
        this.process = process;
        this.readyLine = readyLine;
        Thread reader = new Thread(this::drain, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits for the ready line.
     *
     * @return the ready line, or null when the output ended first or the time ran out
     */
    @Nullable
    String awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        readyOrEnded.await(timeout, unit);
        return ready;
    }

    /** Whether the output has ended (the process closed it, normally by exiting). */
    boolean ended() {
        return ended.getCount() == 0;
    }

    /** The last lines seen, joined, or "(none)". */
    String recent() {
        synchronized (tail) {
            return tail.isEmpty() ? "(none)" : String.join(" | ", new ArrayList<>(tail));
        }
    }

    private void drain() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > KEPT_LINES) {
                        tail.removeFirst();
                    }
                }
                if (ready == null && readyLine.test(line)) {
                    ready = line;
                    readyOrEnded.countDown();
                }
            }
        } catch (IOException e) {
            // The stream closes when the process ends; nothing more to read.
        } finally {
            // Ended before its ready line: wake the starter so it reports the output now.
            ended.countDown();
            readyOrEnded.countDown();
        }
    }
}
