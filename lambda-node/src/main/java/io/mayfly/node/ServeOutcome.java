package io.mayfly.node;

/**
 * Why an invocation returned; reported to the proxy in the response's {@code outcome} field.
 *
 * @param detail a human-readable explanation (e.g. the proxy's refusal message), or ""
 */
public record ServeOutcome(Reason reason, String detail) {

    public enum Reason {
        /** Idle for idleReturnMs; returned just before a billing-window boundary. */
        IDLE("idle"),
        /** Reached maxServeMs or Lambda's deadline minus the safety margin. */
        DEADLINE("deadline"),
        /** The proxy closed the connection. */
        PROXY_CLOSED("proxy-closed"),
        /** The proxy said BYE. */
        PROXY_BYE("proxy-bye"),
        /** The proxy answered HELLO with ERROR (bad token, unknown node). */
        REFUSED("refused"),
        /** The proxy could not be reached or did not answer HELLO in time. */
        UNREACHABLE("unreachable"),
        /** A warm-up invocation: no connection. */
        WARMUP("warmup");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    static ServeOutcome of(Reason reason) {
        return new ServeOutcome(reason, "");
    }

    static ServeOutcome of(Reason reason, String detail) {
        return new ServeOutcome(reason, detail);
    }
}
