package io.mayfly.protocol.invoke;

import java.util.Map;
import java.util.Objects;

/**
 * The Lambda Invoke payload from proxy to function, as flat JSON:
 * <pre>{"command":"serve","proxyHost":"10.0.0.5","proxyPort":7000,"nodeId":"mayfly-node-3",
 *  "token":"...","billingWindowMs":1,"idleReturnMs":200,"maxServeMs":60000,
 *  "burstLingerMs":10000,"burstRequests":3}</pre>
 * Unknown fields are ignored when reading, so a newer proxy can add fields (e.g. for backup).
 * The token is the key of the node's handshake (it never goes on the proxy connection); with TLS
 * on the node port, {@code proxyCertSha256} pins the proxy's certificate.
 *
 * @param billingWindowMs Lambda's billing granularity; the node returns just before a window ends
 * @param idleReturnMs    how long the node serves without requests before it returns
 * @param maxServeMs      the hard upper bound of one invocation's serving time
 * @param proxyCertSha256 hex SHA-256 of the proxy's TLS certificate (DER) the node must see, or
 *                        empty when the node port is plain TCP
 * @param burstLingerMs   how long the node serves without requests while its instance's last
 *                        {@code burstRequests} requests arrived within this many ms (0: no burst
 *                        rule, always {@code idleReturnMs}); absent from older proxies' payloads
 * @param burstRequests   how many requests within {@code burstLingerMs} make a burst
 */
public record NodeInvocation(
        NodeCommand command,
        String proxyHost,
        int proxyPort,
        String nodeId,
        String token,
        long billingWindowMs,
        long idleReturnMs,
        long maxServeMs,
        String proxyCertSha256,
        long burstLingerMs,
        int burstRequests) {

    /** The largest burst a node tracks: its memory of recent arrivals is bounded. */
    public static final int MAX_BURST_REQUESTS = 1_000;

    /** An invocation for a plain-TCP node port. */
    public NodeInvocation(
            NodeCommand command,
            String proxyHost,
            int proxyPort,
            String nodeId,
            String token,
            long billingWindowMs,
            long idleReturnMs,
            long maxServeMs) {
        this(command, proxyHost, proxyPort, nodeId, token, billingWindowMs, idleReturnMs, maxServeMs, "", 0, 0);
    }

    public NodeInvocation {
        Objects.requireNonNull(proxyCertSha256, "proxyCertSha256");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(proxyHost, "proxyHost");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(token, "token");
        if (proxyPort < 1 || proxyPort > 65535) {
            throw new IllegalArgumentException("proxyPort " + proxyPort + " outside 1..65535");
        }
        if (billingWindowMs < 1 || idleReturnMs < 0 || maxServeMs < 1) {
            throw new IllegalArgumentException("need billingWindowMs >= 1, idleReturnMs >= 0, maxServeMs >= 1; got "
                    + billingWindowMs + ", " + idleReturnMs + ", " + maxServeMs);
        }
        if (burstLingerMs < 0
                || burstLingerMs > maxServeMs
                || (burstLingerMs > 0 && (burstRequests < 2 || burstRequests > MAX_BURST_REQUESTS))) {
            throw new IllegalArgumentException("need 0 <= burstLingerMs <= maxServeMs and, with a burst linger,"
                    + " 2 <= burstRequests <= " + MAX_BURST_REQUESTS + "; got " + burstLingerMs + ", " + burstRequests);
        }
    }

    /** The same invocation with the burst rule: linger {@code lingerMs} while {@code requests} came within it. */
    public NodeInvocation withBurst(long lingerMs, int requests) {
        return new NodeInvocation(
                command,
                proxyHost,
                proxyPort,
                nodeId,
                token,
                billingWindowMs,
                idleReturnMs,
                maxServeMs,
                proxyCertSha256,
                lingerMs,
                requests);
    }

    /** True when requests close together lengthen the linger. */
    public boolean hasBurstRule() {
        return burstLingerMs > 0;
    }

    /** True when the node must dial the proxy over TLS and pin its certificate. */
    public boolean tls() {
        return !proxyCertSha256.isEmpty();
    }

    public String toJson() {
        FlatJson.Writer json = FlatJson.writer()
                .field("command", command.wireName())
                .field("proxyHost", proxyHost)
                .field("proxyPort", proxyPort)
                .field("nodeId", nodeId)
                .field("token", token)
                .field("billingWindowMs", billingWindowMs)
                .field("idleReturnMs", idleReturnMs)
                .field("maxServeMs", maxServeMs);
        if (tls()) {
            json.field("proxyCertSha256", proxyCertSha256);
        }
        if (hasBurstRule()) {
            json.field("burstLingerMs", burstLingerMs).field("burstRequests", burstRequests);
        }
        return json.toString();
    }

    /**
     * Reads an invocation payload.
     *
     * @throws MalformedJsonException when the text is not flat JSON, a field is missing or has
     *                                the wrong type, or a value is out of range
     */
    public static NodeInvocation fromJson(String json) {
        Map<String, Object> f = FlatJson.parse(json);
        long port = JsonFields.requireLong(f, "proxyPort");
        try {
            return new NodeInvocation(
                    NodeCommand.of(JsonFields.requireString(f, "command")),
                    JsonFields.requireString(f, "proxyHost"),
                    saturatedInt(port),
                    JsonFields.requireString(f, "nodeId"),
                    JsonFields.requireString(f, "token"),
                    JsonFields.requireLong(f, "billingWindowMs"),
                    JsonFields.requireLong(f, "idleReturnMs"),
                    JsonFields.requireLong(f, "maxServeMs"),
                    JsonFields.optionalString(f, "proxyCertSha256", ""),
                    JsonFields.optionalLong(f, "burstLingerMs", 0),
                    saturatedInt(JsonFields.optionalLong(f, "burstRequests", 0)));
        } catch (MalformedJsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedJsonException("invocation payload has an invalid value: " + e.getMessage());
        }
    }

    /** An out-of-range count stays out of range as an int (refused by the constructor), never wraps. */
    private static int saturatedInt(long value) {
        return (int) Math.max(Math.min(value, Integer.MAX_VALUE), -1);
    }

    @Override
    public String toString() {
        // the token is a credential: never log it
        return "NodeInvocation[command=" + command + ", proxy=" + proxyHost + ":" + proxyPort + ", nodeId=" + nodeId
                + ", billingWindowMs=" + billingWindowMs + ", idleReturnMs=" + idleReturnMs
                + ", maxServeMs=" + maxServeMs + ", burstLingerMs=" + burstLingerMs + ", burstRequests=" + burstRequests
                + ", tls=" + !proxyCertSha256.isEmpty() + "]";
    }
}
