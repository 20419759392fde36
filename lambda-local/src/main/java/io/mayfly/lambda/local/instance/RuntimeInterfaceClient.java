package io.mayfly.lambda.local.instance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The official Java runtime interface client, as this JVM has it: the jars a child JVM needs on
 * its classpath, and its JNI library extracted ONCE to a private directory. The client's own
 * fallback extracts to a fixed /tmp path, which parallel cold starts race on.
 */
final class RuntimeInterfaceClient {
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    // One class from the client and from each of its runtime dependencies.
    private static final List<String> MARKER_CLASSES = List.of(
            MAIN_CLASS,
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    private final List<Path> classpath;
    private final Path jniLibrary;

    private RuntimeInterfaceClient(List<Path> classpath, Path jniLibrary) {
        this.classpath = classpath;
        this.jniLibrary = jniLibrary;
    }

    /** Finds the client's jars and extracts its JNI library for this OS into {@code privateDir}. */
    static RuntimeInterfaceClient locate(ClassLoader loader, Path privateDir) throws IOException {
        Set<Path> jars = new LinkedHashSet<>();
        for (String marker : MARKER_CLASSES) {
            try {
                Class<?> type = Class.forName(marker, false, loader);
                CodeSource source = type.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) {
                    throw new IOException("cannot tell which jar holds " + marker);
                }
                jars.add(Path.of(source.getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IOException(
                        "process-mode instances need " + marker + " on the classpath: add "
                                + "com.amazonaws:aws-lambda-java-runtime-interface-client and its dependencies",
                        e);
            }
        }
        String resource = "/jni/" + jniLibraryName();
        Path target = privateDir.resolve("libaws-lambda-jni.so");
        Class<?> main;
        try {
            main = Class.forName(MAIN_CLASS, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
        try (InputStream in = main.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the runtime interface client has no JNI library " + resource
                        + " for this platform (os.arch=" + System.getProperty("os.arch") + ")");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new RuntimeInterfaceClient(List.copyOf(new ArrayList<>(jars)), target);
    }

    List<Path> classpath() {
        return classpath;
    }

    Path jniLibrary() {
        return jniLibrary;
    }

    private static String jniLibraryName() throws IOException {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IOException("process-mode instances need x86_64 or aarch64 Linux; os.arch is " + arch);
        };
        return (isMusl() ? "libaws-lambda-jni.linux_musl-" : "libaws-lambda-jni.linux-") + cpu + ".so";
    }

    private static boolean isMusl() {
        Path lib = Path.of("/lib");
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(lib, "ld-musl-*")) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
