package io.mayfly.protocol.invoke;

/** What an invocation asks the function to do; the JSON name is the lower-case wire name. */
public enum NodeCommand {
    /** Dial the proxy and serve shard requests until idle or out of time. */
    SERVE("serve"),
    /** Keep the instance (and its memory) alive: dial, say HELLO, leave at once. */
    WARMUP("warmup"),
    /**
     * Serve as the second instance of a delta-sync backup: the node serves exactly as for
     * {@link #SERVE}; the name lets a bill tell backups from requests.
     */
    BACKUP("backup");

    private final String wireName;

    NodeCommand(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The command for a JSON name. */
    public static NodeCommand of(String wireName) {
        for (NodeCommand c : values()) {
            if (c.wireName.equals(wireName)) {
                return c;
            }
        }
        throw new MalformedJsonException(
                "unknown command \"" + wireName + "\"; this build knows serve, warmup and backup");
    }
}
