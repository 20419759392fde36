package io.mayfly.lambda.local.billing;

import io.mayfly.lambda.local.Architecture;
import io.mayfly.lambda.local.json.JsonWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The cost of a run at Lambda's us-east-1 prices: per function, per instance, and in total.
 * Init duration is not billed here (it was not for managed runtimes when the paper was written).
 *
 * @param inFlight how many of the requests were still running at the reading, each billed as if
 *                 it returned then ({@link BillingMeter#billedSoFar()}); 0 in a bill of returned
 *                 invocations only ({@link BillingMeter#report()})
 */
public record BillingReport(Duration granularity, List<Line> functions, List<Line> instances, long inFlight) {

    /** @param instanceId null on a per-function line */
    public record Line(
            String function,
            @Nullable String instanceId,
            int memoryMb,
            Architecture architecture,
            long requests,
            long billedMillis,
            double gbSeconds,
            double computeUsd,
            double requestUsd) {
        public double totalUsd() {
            return computeUsd + requestUsd;
        }
    }

    public long totalRequests() {
        return functions.stream().mapToLong(Line::requests).sum();
    }

    public long totalBilledMillis() {
        return functions.stream().mapToLong(Line::billedMillis).sum();
    }

    public double totalGbSeconds() {
        return functions.stream().mapToDouble(Line::gbSeconds).sum();
    }

    public double totalUsd() {
        return functions.stream().mapToDouble(Line::totalUsd).sum();
    }

    public String toJson() {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .field("granularityMs", granularity.toMillis())
                .field("requests", totalRequests())
                .field("inFlight", inFlight)
                .field("billedMs", totalBilledMillis())
                .field("gbSeconds", totalGbSeconds())
                .field("usd", totalUsd());
        json.name("functions").beginArray();
        functions.forEach(l -> line(json, l));
        json.endArray().name("instances").beginArray();
        instances.forEach(l -> line(json, l));
        return json.endArray().endObject().toString();
    }

    private static void line(JsonWriter json, Line l) {
        json.beginObject().field("function", l.function());
        if (l.instanceId() != null) {
            json.field("instance", l.instanceId());
        }
        json.field("memoryMb", l.memoryMb())
                .field("architecture", l.architecture().name())
                .field("requests", l.requests())
                .field("billedMs", l.billedMillis())
                .field("gbSeconds", l.gbSeconds())
                .field("computeUsd", l.computeUsd())
                .field("requestUsd", l.requestUsd())
                .endObject();
    }

    /** A table for people. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%-24s %8s %10s %12s %14s %12s%n",
                "function",
                "memoryMB",
                "requests",
                "billed ms",
                "GB-s",
                "USD"));
        for (Line l : functions) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-24s %8d %10d %12d %14.6f %12.8f%n",
                    l.function(),
                    l.memoryMb(),
                    l.requests(),
                    l.billedMillis(),
                    l.gbSeconds(),
                    l.totalUsd()));
        }
        s.append(String.format(
                Locale.ROOT,
                "%-24s %8s %10d %12d %14.6f %12.8f (granularity %d ms%s)%n",
                "total",
                "",
                totalRequests(),
                totalBilledMillis(),
                totalGbSeconds(),
                totalUsd(),
                granularity.toMillis(),
                inFlight == 0 ? "" : ", " + inFlight + " still running, billed to now"));
        return s.toString();
    }
}
