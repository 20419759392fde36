package io.mayfly.proxy.node;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one function of the pool stands, as the proxy sees it.
 *
 * <pre>
 *   COLD ──invoke──▶ INVOKING ──HELLO ok──▶ SERVING ──BYE / return / disconnect──▶ IDLE
 *    ▲                  │                      │                                   │
 *    └── invoke failed ─┘◀──── instance lost ──┘          IDLE ──invoke──▶ INVOKING ┘
 * </pre>
 * COLD and IDLE both need an invocation before they serve; IDLE means an instance with its memory
 * is probably warm (Lambda keeps it for tens of minutes), COLD means nothing is known.
 */
public enum NodeState {
    COLD,
    INVOKING,
    SERVING,
    IDLE;

    private Set<NodeState> next() {
        return switch (this) {
            case COLD, IDLE -> EnumSet.of(INVOKING);
            case INVOKING -> EnumSet.of(SERVING, COLD, IDLE);
            case SERVING -> EnumSet.of(IDLE, COLD);
        };
    }

    public boolean canMoveTo(NodeState target) {
        return next().contains(target);
    }

    /** True when a request needs an invocation first. */
    public boolean asleep() {
        return this == COLD || this == IDLE;
    }
}
