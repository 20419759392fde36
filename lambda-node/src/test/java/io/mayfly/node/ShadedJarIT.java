package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.invoke.FlatJson;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.ShardKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded Lambda jar on its own: loaded in a class loader that sees nothing of the test
 * classpath (as lambda-local's in-process mode does; a class loader is a function instance),
 * invoked through the real handler name, against a {@link FakeProxy}. Catches classes the shade
 * minimizer dropped.
 */
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "mayfly-lambda-node.jar");
    private static final String HANDLER = "io.mayfly.node.MayflyNodeHandler";

    private final List<URLClassLoader> instances = new ArrayList<>();
    private FakeProxy proxy;

    @BeforeEach
    void start() throws InterruptedException {
        proxy = new FakeProxy(64 * 1024);
    }

    @AfterEach
    void stop() throws Exception {
        for (URLClassLoader loader : instances) {
            Field field = loader.loadClass(HANDLER).getDeclaredField("INSTANCE");
            field.setAccessible(true);
            ((AutoCloseable) field.get(null)).close();
            loader.close();
        }
        proxy.close();
    }

    @Test
    void jarIsALambdaZip() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry("io/mayfly/node/MayflyNodeHandler.class")).isNotNull();
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/RequestStreamHandler.class"))
                    .isNotNull();
            assertThat(jar.stream().map(e -> e.getName()))
                    .noneMatch(n -> n.endsWith("module-info.class"))
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
        }
        assertThat(Files.size(JAR)).isLessThan(4L << 20);
    }

    @Test
    void shardsSurviveBetweenInvocationsOfOneInstanceAndANewInstanceComesBackEmpty() throws Exception {
        Object node = newInstance();
        var first = invokeAsync(node, 60_000);
        Hello hello1 = proxy.awaitHello();
        assertThat(hello1.storedShards()).isZero();
        ShardKey key = new ShardKey("s", Bytes.copyOf(new byte[] {1, 2}), 3, 4);
        byte[] bytes = new byte[200_000];
        new java.util.Random(1).nextBytes(bytes);
        assertThat(proxy.put(key, bytes)).isInstanceOf(Ok.class);
        proxy.send(new Bye(1));
        assertThat(first.get(20, TimeUnit.SECONDS)).containsEntry("outcome", "proxy-bye");
        assertThat(proxy.next()).isInstanceOf(Bye.class);

        var second = invokeAsync(node, 60_000);
        Hello hello2 = proxy.awaitHello();
        assertThat(hello2.instanceId()).isEqualTo(hello1.instanceId());
        assertThat(hello2.storedShards()).isEqualTo(1);
        assertThat((byte[]) proxy.get(key)).isEqualTo(bytes);
        proxy.send(new Bye(2));
        assertThat(second.get(20, TimeUnit.SECONDS)).containsEntry("shardCount", 1L);

        Object fresh = newInstance();
        var third = invokeAsync(fresh, 60_000);
        Hello hello3 = proxy.awaitHello();
        assertThat(hello3.instanceId()).isNotEqualTo(hello1.instanceId());
        assertThat(hello3.storedShards()).isZero();
        proxy.send(new Bye(3));
        assertThat(third.get(20, TimeUnit.SECONDS)).containsEntry("shardCount", 0L);
    }

    private Object newInstance() throws Exception {
        URLClassLoader loader = new URLClassLoader(
                "function-instance", new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        instances.add(loader);
        return loader.loadClass(HANDLER).getConstructor().newInstance();
    }

    private CompletableFuture<Map<String, Object>> invokeAsync(Object handler, long timeoutMs) {
        String payload = new NodeInvocation(
                        NodeCommand.SERVE, "127.0.0.1", proxy.port(), "mayfly-node-0", "token", 1, 60_000, 60_000)
                .toJson();
        return CompletableFuture.supplyAsync(() -> {
            try {
                ClassLoader loader = handler.getClass().getClassLoader();
                Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
                long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
                Object context =
                        Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (p, m, a) -> switch (m.getName()) {
                            case "getMemoryLimitInMB" -> 256;
                            case "getRemainingTimeInMillis" -> (int) ((deadline - System.nanoTime()) / 1_000_000L);
                            case "toString" -> "test context";
                            default -> null;
                        });
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.getClass()
                        .getMethod("handleRequest", InputStream.class, OutputStream.class, contextType)
                        .invoke(
                                handler,
                                new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
                                out,
                                context);
                return FlatJson.parse(out.toString(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
