package io.mayfly.lambda.local.control;

import io.mayfly.lambda.local.instance.InstanceFleet;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceListener;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What tests and tools do to instances that Lambda would do on its own: list them, reclaim
 * (kill) one, freeze and resume one, and hear their lifecycle events.
 * Freezing in process mode stops the child JVM (SIGSTOP); in-process it withholds the instance:
 * no new invocation is delivered to it and its in-flight invocation's completion is held back
 * until it is resumed. Either way a timeout still fires while frozen and kills the instance.
 */
public final class InstanceControl {
    private final InstanceFleet fleet;

    public InstanceControl(InstanceFleet fleet) {
        this.fleet = fleet;
    }

    public List<InstanceInfo> instances() {
        return fleet.instances();
    }

    public List<InstanceInfo> instances(String function) {
        return fleet.instances().stream()
                .filter(i -> i.function().equals(function))
                .collect(Collectors.toList());
    }

    /** Kills the instance; an invocation in flight on it fails as a runtime exit. False if unknown. */
    public boolean reclaim(String instanceId) {
        return fleet.reclaim(instanceId);
    }

    public boolean freeze(String instanceId) {
        return fleet.freeze(instanceId);
    }

    public boolean resume(String instanceId) {
        return fleet.resume(instanceId);
    }

    /** Events arrive in order on one service thread. */
    public void addListener(InstanceListener listener) {
        fleet.addListener(listener);
    }

    public void removeListener(InstanceListener listener) {
        fleet.removeListener(listener);
    }
}
