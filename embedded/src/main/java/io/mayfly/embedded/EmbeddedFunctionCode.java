package io.mayfly.embedded;

import io.mayfly.proxy.LocalFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function code an embedded store runs on lambda-local, in this order:
 * {@code mayfly.embedded.node-classpath} when set; else lambda-node's deployable jar bundled in
 * this artifact ({@value #BUNDLED_JAR}), extracted to a private temp file; else (a source
 * checkout, where the jar is not bundled) this JVM's class path.
 *
 * <p>The bundled jar is what makes any packaging work: lambda-local loads each instance's code
 * from file URLs, which cannot reach classes inside a nested jar (a Spring Boot executable jar),
 * and it is the same artifact one deploys to AWS. {@link #close()} deletes the extracted file.
 */
public final class EmbeddedFunctionCode implements AutoCloseable {

    public static final String BUNDLED_JAR = "META-INF/mayfly/mayfly-lambda-node.jar";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedFunctionCode.class);

    private final LocalFunctions.NodeCode code;
    private final @Nullable Path extracted;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedFunctionCode(LocalFunctions.NodeCode code, @Nullable Path extracted) {
        this.code = code;
        this.extracted = extracted;
    }

    public static EmbeddedFunctionCode of(Map<String, String> settings) {
        return of(settings, EmbeddedFunctionCode.class.getClassLoader().getResource(BUNDLED_JAR));
    }

    /** @param bundled the bundled jar, or null when this artifact has none */
    public static EmbeddedFunctionCode of(Map<String, String> settings, URL bundled) {
        String handler = settings.getOrDefault("mayfly.embedded.node-handler", LocalFunctions.DEFAULT_NODE_HANDLER);
        List<Path> classpath = new ArrayList<>();
        String raw = settings.get("mayfly.embedded.node-classpath");
        if (raw != null) {
            for (String entry : raw.split(",")) {
                if (!entry.isBlank()) {
                    classpath.add(Path.of(entry.trim()));
                }
            }
        }
        // A handler of one's own without a class path is looked up where it lives: this class path.
        boolean ownHandler = !handler.equals(LocalFunctions.DEFAULT_NODE_HANDLER);
        if (!classpath.isEmpty() || ownHandler || bundled == null) {
            if (classpath.isEmpty() && !ownHandler) {
                log.debug("no bundled {}: functions load lambda-node from this JVM's class path", BUNDLED_JAR);
            }
            return new EmbeddedFunctionCode(new LocalFunctions.NodeCode(handler, classpath), null);
        }
        Path jar = extract(bundled);
        return new EmbeddedFunctionCode(new LocalFunctions.NodeCode(handler, List.of(jar)), jar);
    }

    private static Path extract(URL bundled) {
        Path jar = null;
        try {
            // createTempFile makes the file readable by this user only (on POSIX file systems).
            jar = Files.createTempFile("mayfly-lambda-node-", ".jar");
            jar.toFile().deleteOnExit();
            try (InputStream in = bundled.openStream()) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        } catch (IOException e) {
            if (jar != null) {
                jar.toFile().delete();
            }
            throw new UncheckedIOException(
                    "cannot extract the embedded store's function code " + bundled
                            + " to a temp file (" + jar + "): " + e.getMessage() + "; free space in java.io.tmpdir,"
                            + " or set mayfly.embedded.node-classpath to lambda-node's jar",
                    e);
        }
    }

    public LocalFunctions.NodeCode nodeCode() {
        return code;
    }

    /** The extracted jar, or null when the code came from elsewhere. */
    public @Nullable Path extractedJar() {
        return extracted;
    }

    @Override
    public void close() {
        if (extracted != null && closed.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(extracted);
            } catch (IOException e) {
                log.warn("could not delete the extracted function code {}; it goes at JVM exit", extracted, e);
            }
        }
    }
}
