package io.mayfly.protocol.invoke;

import java.util.Map;
import java.util.Objects;

/**
 * The function's response body: a small JSON summary of what the instance holds and did,
 * e.g. {@code {"instanceId":"7f3a","shardCount":12,"storedBytes":12582912,"servedRequests":40}}.
 */
public record NodeServeSummary(String instanceId, long shardCount, long storedBytes, long servedRequests) {

    public NodeServeSummary {
        Objects.requireNonNull(instanceId, "instanceId");
        if (shardCount < 0 || storedBytes < 0 || servedRequests < 0) {
            throw new IllegalArgumentException("counts must be >= 0; got shardCount=" + shardCount + ", storedBytes="
                    + storedBytes + ", servedRequests=" + servedRequests);
        }
    }

    public String toJson() {
        return FlatJson.writer()
                .field("instanceId", instanceId)
                .field("shardCount", shardCount)
                .field("storedBytes", storedBytes)
                .field("servedRequests", servedRequests)
                .toString();
    }

    /** @throws MalformedJsonException when a field is missing, mistyped or negative */
    public static NodeServeSummary fromJson(String json) {
        Map<String, Object> f = FlatJson.parse(json);
        try {
            return new NodeServeSummary(
                    JsonFields.requireString(f, "instanceId"),
                    JsonFields.requireLong(f, "shardCount"),
                    JsonFields.requireLong(f, "storedBytes"),
                    JsonFields.requireLong(f, "servedRequests"));
        } catch (MalformedJsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedJsonException("serve summary has an invalid value: " + e.getMessage());
        }
    }
}
