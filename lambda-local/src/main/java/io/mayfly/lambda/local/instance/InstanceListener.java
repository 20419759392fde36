package io.mayfly.lambda.local.instance;

/** Hears instance lifecycle events, in order, on one service thread; must not block for long. */
@FunctionalInterface
public interface InstanceListener {
    void onEvent(InstanceEvent event);
}
