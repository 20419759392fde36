package io.mayfly.node;

import io.mayfly.protocol.invoke.FlatJson;
import io.mayfly.protocol.invoke.NodeServeSummary;

/**
 * The invocation's response body: the {@link NodeServeSummary} fields plus {@code outcome} (why
 * it returned) and {@code detail}. Readers of NodeServeSummary ignore the two extra fields.
 */
public record NodeReport(NodeServeSummary summary, ServeOutcome outcome) {

    public String toJson() {
        return FlatJson.writer()
                .field("instanceId", summary.instanceId())
                .field("shardCount", summary.shardCount())
                .field("storedBytes", summary.storedBytes())
                .field("servedRequests", summary.servedRequests())
                .field("outcome", outcome.reason().wireName())
                .field("detail", outcome.detail())
                .toString();
    }
}
