package io.mayfly.lambda.local.instance;

import static io.mayfly.lambda.local.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.SdkClients;
import io.mayfly.lambda.local.handlers.BackgroundThreadHandler;
import io.mayfly.lambda.local.handlers.CounterHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Lambda's instance semantics with in-process instances. */
class InProcessLifecycleTest {
    // One service for the class (the SDK's Netty client takes seconds to close); each test has
    // its own function, named after the test, and sees only that function's events.
    private static LocalLambdaService lambda;
    private static LambdaClient client;
    private static LambdaAsyncClient asyncClient;
    private static final List<InstanceEvent> allEvents = new CopyOnWriteArrayList<>();
    private String name;
    private List<InstanceEvent> events;

    @BeforeAll
    static void start() {
        lambda = LocalLambdaService.start();
        lambda.control().addListener(allEvents::add);
        client = SdkClients.sync(lambda);
        asyncClient = SdkClients.async(lambda);
    }

    @AfterAll
    static void stop() {
        client.close();
        asyncClient.close();
        lambda.close();
    }

    @BeforeEach
    void name(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName();
        events = new FilteredEvents(allEvents, name);
    }

    private void register(FunctionDefinition.Builder settings) {
        lambda.register(settings.instanceMode(InstanceMode.IN_PROCESS)
                .classpath(SdkClients.testHandlerClasspath())
                .build());
    }

    private FunctionDefinition.Builder counter() {
        return FunctionDefinition.builder(name, CounterHandler.class.getName());
    }

    /** A live view of one function's events. */
    private static final class FilteredEvents extends java.util.AbstractList<InstanceEvent> {
        private final List<InstanceEvent> all;
        private final String function;

        FilteredEvents(List<InstanceEvent> all, String function) {
            this.all = all;
            this.function = function;
        }

        private List<InstanceEvent> snapshot() {
            return all.stream()
                    .filter(e -> e.instance().function().equals(function))
                    .toList();
        }

        @Override
        public InstanceEvent get(int index) {
            return snapshot().get(index);
        }

        @Override
        public int size() {
            return snapshot().size();
        }
    }

    @Test
    void warmReuseKeepsTheInstancesMemory() {
        register(counter());

        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("2");
        assertThat(lambda.control().instances(name))
                .singleElement()
                .satisfies(i -> assertThat(i.invocations()).isEqualTo(2));
    }

    @Test
    void eachInstanceHasItsOwnStatics() {
        register(counter());
        // Two overlapping invocations need two instances; each counts from 1 in its own class loader.
        CompletableFuture<InvokeResponse> a = asyncClient.invoke(request(name, "1500"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lambda.control().instances(name).stream().anyMatch(i -> i.state() == InstanceState.BUSY));
        CompletableFuture<InvokeResponse> b = asyncClient.invoke(request(name, "0"));

        assertThat(a.join().payload().asUtf8String()).isEqualTo("1");
        assertThat(b.join().payload().asUtf8String()).isEqualTo("1");
        assertThat(lambda.control().instances(name)).hasSize(2);
    }

    @Test
    void aTimeoutKillsTheInstanceAndTheNextInvocationStartsFresh() {
        register(counter().timeout(Duration.ofSeconds(1)));
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        String first = lambda.control().instances(name).get(0).id();

        InvokeResponse timedOut = invoke(client, name, "30000");

        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        assertThat(timedOut.payload().asUtf8String())
                .contains("Task timed out after 1.00 seconds")
                .contains("Sandbox.Timedout");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> events.stream()
                        .anyMatch(e -> e.type() == InstanceEvent.Type.TERMINATED
                                && e.reason() == TerminationReason.TIMEOUT
                                && e.instance().id().equals(first)));
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        assertThat(lambda.control().instances(name))
                .singleElement()
                .satisfies(i -> assertThat(i.id()).isNotEqualTo(first));
    }

    @Test
    void aReclaimedInstanceComesBackEmpty() {
        register(counter());
        invoke(client, name, "");
        invoke(client, name, "");
        String id = lambda.control().instances(name).get(0).id();

        assertThat(lambda.control().reclaim(id)).isTrue();

        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        assertThat(lambda.control().reclaim("i-unknown")).isFalse();
    }

    @Test
    void idleInstancesAreReclaimedAfterTheConfiguredTime() {
        register(counter().idleReclaim(Duration.ofMillis(300)));
        invoke(client, name, "");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> lambda.control().instances(name).isEmpty());
        assertThat(events).anySatisfy(e -> assertThat(e.reason()).isEqualTo(TerminationReason.IDLE_RECLAIMED));
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
    }

    @Test
    void anInstancePastItsMaximumLifetimeIsRetired() {
        register(counter().maxLifetime(Duration.ofMillis(300)));
        invoke(client, name, "");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> lambda.control().instances(name).isEmpty());
        assertThat(events).anySatisfy(e -> assertThat(e.reason()).isEqualTo(TerminationReason.MAX_LIFETIME));
    }

    @Test
    void aColdStartDelayIsPartOfTheColdStart() {
        register(counter().coldStartDelay(Duration.ofMillis(400)));
        invoke(client, name, "");

        assertThat(lambda.control().instances(name))
                .singleElement()
                .satisfies(i -> assertThat(i.coldStartMillis()).isGreaterThanOrEqualTo(400));
    }

    @Test
    void aFrozenIdleInstanceTakesNoInvocationUntilResumed() {
        register(counter().timeout(Duration.ofSeconds(60)));
        invoke(client, name, "");
        String id = lambda.control().instances(name).get(0).id();

        assertThat(lambda.control().freeze(id)).isTrue();
        assertThat(lambda.control().instances(name))
                .singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo(InstanceState.FROZEN));
        // A new invocation goes to a new instance, not the frozen one.
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("1");
        String other = lambda.control().instances(name).stream()
                .filter(i -> !i.id().equals(id))
                .findFirst()
                .orElseThrow()
                .id();
        lambda.control().reclaim(other);

        assertThat(lambda.control().resume(id)).isTrue();
        assertThat(invoke(client, name, "").payload().asUtf8String()).isEqualTo("2");
        assertThat(events)
                .extracting(InstanceEvent::type)
                .contains(InstanceEvent.Type.FROZEN, InstanceEvent.Type.RESUMED);
    }

    @Test
    void aFrozenBusyInstanceHoldsItsCompletionUntilResumed() {
        register(counter().timeout(Duration.ofSeconds(60)));
        invoke(client, name, "");
        String id = lambda.control().instances(name).get(0).id();
        lambda.control().freeze(id);
        // Frozen while idle: an invocation must not land on it.
        CompletableFuture<InvokeResponse> held = asyncClient.invoke(request(name, "0"));
        assertThat(held.join().payload().asUtf8String()).isEqualTo("1");
        lambda.control().resume(id);

        CompletableFuture<InvokeResponse> running = asyncClient.invoke(request(name, "200"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lambda.control().instances(name).stream().anyMatch(i -> i.state() == InstanceState.BUSY));
        String busy = lambda.control().instances(name).stream()
                .filter(i -> i.state() == InstanceState.BUSY)
                .findFirst()
                .orElseThrow()
                .id();
        lambda.control().freeze(busy);
        // The handler returns after 200 ms, but the result stays held while frozen.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !running.isDone());
        lambda.control().resume(busy);

        assertThat(running.join().payload().asUtf8String()).isEqualTo("2");
    }

    @Test
    void killInterruptsTheInstancesThreadsAndClosesItsHandler() {
        lambda.register(FunctionDefinition.builder(name, BackgroundThreadHandler.class.getName())
                .classpath(SdkClients.testHandlerClasspath())
                .build());
        invoke(client, name, "\"" + name + "\"");
        assertThat(Thread.getAllStackTraces().keySet())
                .anyMatch(t -> t.getName().equals("background-" + name));

        lambda.control().reclaim(lambda.control().instances(name).get(0).id());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("background-" + name)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(System.getProperty("closed-" + name)));
    }

    @Test
    void aHandlerThatCannotBeLoadedFailsInit() {
        lambda.register(FunctionDefinition.builder(name, "no.such.Handler")
                .classpath(SdkClients.testHandlerClasspath())
                .build());

        InvokeResponse response = invoke(client, name, "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("java.lang.ClassNotFoundException")
                .contains("no.such.Handler");
        assertThat(events).anySatisfy(e -> assertThat(e.reason()).isEqualTo(TerminationReason.INIT_FAILED));
    }

    @Test
    void listenersHearTheLifecycleInOrder() {
        register(counter());
        invoke(client, name, "");
        String id = lambda.control().instances(name).get(0).id();
        lambda.control().reclaim(id);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> events.stream().anyMatch(e -> e.type() == InstanceEvent.Type.TERMINATED));
        assertThat(events)
                .extracting(InstanceEvent::type)
                .containsExactly(InstanceEvent.Type.LAUNCHED, InstanceEvent.Type.READY, InstanceEvent.Type.TERMINATED);
        assertThat(events.get(2).reason()).isEqualTo(TerminationReason.RECLAIMED);
    }

    @Test
    void eventInvocationsPastTheLimitWaitInTheQueue() {
        register(counter().concurrencyLimit(1));
        for (int i = 0; i < 3; i++) {
            client.invoke(InvokeRequest.builder()
                    .functionName(name)
                    .invocationType(software.amazon.awssdk.services.lambda.model.InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("100"))
                    .build());
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> lambda.control().instances(name).stream()
                        .anyMatch(i -> i.invocations() == 3 && i.state() == InstanceState.IDLE));
    }

    private static InvokeRequest request(String function, String payload) {
        return InvokeRequest.builder()
                .functionName(function)
                .payload(SdkBytes.fromUtf8String(payload))
                .build();
    }
}
