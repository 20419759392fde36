package io.mayfly.demo;

import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.lambda.local.instance.InstanceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The function instances and the bill at one moment, so a demo step can report what it used and
 * what it cost: instances whose invocation count grew or that appeared, and the GB-seconds billed
 * between two snapshots.
 */
record FleetSnapshot(Map<String, InstanceInfo> instances, double gbSeconds, long requests) {

    static FleetSnapshot of(LocalLambdaService service) {
        Map<String, InstanceInfo> byId = new HashMap<>();
        for (InstanceInfo info : service.control().instances()) {
            byId.put(info.id(), info);
        }
        var report = service.billing().report();
        return new FleetSnapshot(Map.copyOf(byId), report.totalGbSeconds(), report.totalRequests());
    }

    /** True when no instance is running an invocation: every invocation so far is on the bill. */
    boolean settled() {
        for (InstanceInfo info : instances.values()) {
            if (info.state() == InstanceState.BUSY || info.state() == InstanceState.STARTING) {
                return false;
            }
        }
        return true;
    }

    /** Instances invoked since {@code before}, sorted by function name. */
    List<InstanceInfo> usedSince(FleetSnapshot before) {
        List<InstanceInfo> used = new ArrayList<>();
        for (InstanceInfo now : instances.values()) {
            InstanceInfo then = before.instances.get(now.id());
            if (then == null || now.invocations() > then.invocations()) {
                used.add(now);
            }
        }
        used.sort((a, b) -> compareFunctions(a.function(), b.function()));
        return used;
    }

    /** Instances that did not exist in {@code before}: cold starts. */
    long coldStartsSince(FleetSnapshot before) {
        return instances.keySet().stream()
                .filter(id -> !before.instances.containsKey(id))
                .count();
    }

    /** mayfly-node-2 before mayfly-node-10. */
    static int compareFunctions(String a, String b) {
        int c = Integer.compare(a.length(), b.length());
        return c != 0 ? c : a.compareTo(b);
    }
}
