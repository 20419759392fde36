package io.mayfly.lambda.local.fault;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.CounterHandler;
import io.mayfly.lambda.local.handlers.SleeperHandler;
import io.mayfly.lambda.local.instance.InstanceEvent;
import io.mayfly.lambda.local.instance.InstanceState;
import io.mayfly.lambda.local.instance.TerminationReason;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

class FaultScheduleTest {
    private static final List<String> FUNCTIONS = List.of("f0", "f1", "f2");

    @Test
    void reclaimsHitTheLiveInstanceOfTheirSlotAndSkipEmptySlots() throws Exception {
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaClient client = SdkClients.sync(lambda);
                LambdaAsyncClient relauncher = SdkClients.async(lambda)) {
            for (String name : FUNCTIONS) {
                lambda.register(counter(name));
                invoke(client, name, "");
            }
            Set<String> reclaimedIds = ConcurrentHashMap.newKeySet();
            // Keep one instance per function, as warm-ups would: a reclaimed one is replaced at once.
            lambda.control().addListener(e -> {
                if (e.type() == InstanceEvent.Type.TERMINATED && e.reason() == TerminationReason.RECLAIMED) {
                    reclaimedIds.add(e.instance().id());
                    relauncher.invoke(InvokeRequest.builder()
                            .functionName(e.instance().function())
                            .payload(SdkBytes.fromUtf8String(""))
                            .build());
                }
            });
            FaultPlan plan = FaultPlan.builder(5, Duration.ofHours(1), FUNCTIONS)
                    .instanceSlots(2)
                    .reclaimsPerInstanceHour(12)
                    .plan();

            try (FaultSchedule faults =
                    FaultSchedule.start(lambda.control(), plan, new SimulatedClock(600), ExternalFaults.NONE)) {
                faults.done().get(60, TimeUnit.SECONDS);
                List<FaultOutcome> outcomes = faults.outcomes();

                assertThat(outcomes).hasSize(plan.faults().size());
                assertThat(outcomes)
                        .filteredOn(o -> o.fault().slot() == 1)
                        .isNotEmpty()
                        .allSatisfy(o -> assertThat(o.applied()).isFalse());
                List<FaultOutcome> slotZero =
                        outcomes.stream().filter(o -> o.fault().slot() == 0).toList();
                List<FaultOutcome> applied =
                        slotZero.stream().filter(FaultOutcome::applied).toList();
                // A reclaim that lands while the replacement is still starting finds it (STARTING
                // counts as live), so nearly all apply; a loaded machine may lose a few to the race.
                assertThat(applied.size()).isGreaterThanOrEqualTo((int) (slotZero.size() * 0.7));
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(reclaimedIds)
                                .containsAll(applied.stream()
                                        .map(FaultOutcome::instanceId)
                                        .toList()));
            }
        }
    }

    @Test
    void killsABusyInstanceMidInvocationHoldsAStragglerAndHandsTheRestToTheEmbedder() throws Exception {
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaClient client = SdkClients.sync(lambda);
                LambdaAsyncClient async = SdkClients.async(lambda)) {
            lambda.register(FunctionDefinition.builder("sleeper", SleeperHandler.class.getName())
                    .timeout(Duration.ofSeconds(120))
                    .classpath(SdkClients.testHandlerClasspath())
                    .build());
            lambda.register(counter("counter"));
            invoke(client, "counter", "");
            List<InstanceEvent> events = new CopyOnWriteArrayList<>();
            lambda.control().addListener(events::add);
            CompletableFuture<InvokeResponse> sleeping = async.invoke(InvokeRequest.builder()
                    .functionName("sleeper")
                    .payload(SdkBytes.fromUtf8String("60000"))
                    .build());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lambda.control().instances("sleeper").stream()
                            .anyMatch(i -> i.state() == InstanceState.BUSY));
            List<String> external = new CopyOnWriteArrayList<>();
            ExternalFaults embedder = new ExternalFaults() {
                @Override
                public String dropConnection(String function) {
                    external.add("drop " + function);
                    return "dropped " + function;
                }

                @Override
                public String restartProxy() {
                    external.add("restart");
                    return "restarted";
                }
            };
            FaultPlan plan = FaultPlan.builder(1, Duration.ofMinutes(10), List.of("sleeper", "counter"))
                    .also(new PlannedFault(Duration.ZERO, FaultKind.KILL_MID_INVOCATION, null, 0, 0, Duration.ZERO))
                    .also(new PlannedFault(
                            Duration.ofSeconds(1), FaultKind.STRAGGLE, null, 0, 0, Duration.ofSeconds(5)))
                    .also(new PlannedFault(
                            Duration.ofSeconds(2), FaultKind.DROP_CONNECTION, "counter", 0, 0, Duration.ZERO))
                    .proxyRestartAt(Duration.ofSeconds(3))
                    .plan();

            try (FaultSchedule faults = FaultSchedule.start(lambda.control(), plan, new SimulatedClock(10), embedder)) {
                faults.done().get(60, TimeUnit.SECONDS);

                InvokeResponse killed = sleeping.get(30, TimeUnit.SECONDS);
                assertThat(killed.functionError()).isEqualTo("Unhandled");
                assertThat(killed.payload().asUtf8String()).contains("Runtime.ExitError");
                assertThat(faults.outcomes())
                        .allSatisfy(o -> assertThat(o.applied()).as(o.detail()).isTrue());
                assertThat(external).containsExactly("drop counter", "restart");
                String counterId = lambda.control().instances("counter").get(0).id();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(events)
                                .filteredOn(e -> e.instance().id().equals(counterId))
                                .extracting(InstanceEvent::type)
                                .containsSubsequence(InstanceEvent.Type.FROZEN, InstanceEvent.Type.RESUMED));
            }
        }
    }

    @Test
    void closingResumesEveryInstanceItFrozeAndSkippedFaultsSaySo() throws Exception {
        try (LocalLambdaService lambda = LocalLambdaService.start();
                LambdaClient client = SdkClients.sync(lambda)) {
            lambda.register(counter("counter"));
            invoke(client, "counter", "");
            FaultPlan plan = FaultPlan.builder(1, Duration.ofHours(2), List.of("counter"))
                    .also(new PlannedFault(Duration.ZERO, FaultKind.STRAGGLE, null, 0, 0, Duration.ofHours(1)))
                    .also(new PlannedFault(Duration.ZERO, FaultKind.DROP_CONNECTION, "counter", 0, 0, Duration.ZERO))
                    .plan();

            FaultSchedule faults =
                    FaultSchedule.start(lambda.control(), plan, new SimulatedClock(1), ExternalFaults.NONE);
            faults.done().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lambda.control().instances("counter").get(0).state() == InstanceState.FROZEN);
            assertThat(faults.outcomes())
                    .filteredOn(o -> o.fault().kind() == FaultKind.DROP_CONNECTION)
                    .singleElement()
                    .satisfies(o -> {
                        assertThat(o.applied()).isFalse();
                        assertThat(o.detail()).contains("does not drop connections");
                    });
            faults.close();
            faults.close();

            assertThat(lambda.control().instances("counter").get(0).state()).isEqualTo(InstanceState.IDLE);
        }
    }

    private static FunctionDefinition counter(String name) {
        return FunctionDefinition.builder(name, CounterHandler.class.getName())
                .classpath(SdkClients.testHandlerClasspath())
                .build();
    }
}
