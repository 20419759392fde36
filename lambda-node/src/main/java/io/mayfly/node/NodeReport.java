package io.mayfly.node;

import io.mayfly.protocol.invoke.FlatJson;
import io.mayfly.protocol.invoke.NodeServeSummary;

/**
 * The invocation's response body: the {@link NodeServeSummary} fields plus {@code capacityBytes}
 * (the store's bound), {@code outcome} (why it returned) and {@code detail}. Readers of
 * NodeServeSummary ignore the extra fields.
 */
public record NodeReport(NodeServeSummary summary, long capacityBytes, ServeOutcome outcome) {

    public String toJson() {
        return FlatJson.writer()
                .field("instanceId", summary.instanceId())
                .field("shardCount", summary.shardCount())
                .field("storedBytes", summary.storedBytes())
                .field("servedRequests", summary.servedRequests())
                .field("capacityBytes", capacityBytes)
                .field("outcome", outcome.reason().wireName())
                .field("detail", outcome.detail())
                .toString();
    }
}
