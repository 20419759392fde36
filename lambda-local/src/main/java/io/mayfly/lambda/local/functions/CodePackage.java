package io.mayfly.lambda.local.functions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A deployment package as Lambda takes it: a zip (a jar is one) whose root holds classes and
 * whose {@code lib/} holds jars, on the classpath as Lambda's Java runtime puts {@code /var/task}.
 * The zip itself goes on the classpath (a class loader reads a zip as a jar) and only the jars in
 * {@code lib/} are written out: a package of thousands of classes costs two files, not thousands.
 * Lambda's limits hold: 50 MB zipped through the API, 250 MB unzipped.
 */
final class CodePackage {
    static final int MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;
    private static final int MAX_ENTRIES = 65_536;
    private static final String PACKAGE = "package.zip";
    private static final Pattern LIB_JAR = Pattern.compile("lib/[^/]+\\.jar");

    private CodePackage() {}

    /** Lambda's CodeSha256: the base64 SHA-256 of the zip as uploaded. */
    static String sha256(byte[] zip) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Checks {@code zip} (every entry inflated, the total bounded) and lays it out in the new
     * directory {@code into}; on any error nothing is left behind.
     */
    static void unpack(byte[] zip, Path into) {
        try {
            Files.createDirectories(into);
            long total = 0;
            int entries = 0;
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (++entries > MAX_ENTRIES) {
                        throw ApiError.invalid("the deployment package has more than " + MAX_ENTRIES + " entries");
                    }
                    String name = e.getName();
                    boolean libJar = !e.isDirectory() && LIB_JAR.matcher(name).matches();
                    if (libJar) {
                        Path target = into.resolve(name);
                        Files.createDirectories(target.getParent());
                        total += copy(in, Files.newOutputStream(target), MAX_UNZIPPED_BYTES - total);
                    } else {
                        total += copy(in, OutputStream.nullOutputStream(), MAX_UNZIPPED_BYTES - total);
                    }
                }
            }
            if (entries == 0) {
                throw notAZip();
            }
            Files.write(into.resolve(PACKAGE), zip);
        } catch (IOException e) {
            delete(into);
            throw notAZip();
        } catch (RuntimeException e) {
            delete(into);
            throw e;
        }
    }

    /** The classpath Lambda's Java runtime builds from a package: its root, then each jar in lib/. */
    static List<Path> classpath(Path root) {
        List<Path> out = new ArrayList<>();
        out.add(root.resolve(PACKAGE));
        Path lib = root.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .sorted()
                        .forEach(out::add);
            } catch (IOException e) {
                throw ApiError.invalid("cannot list lib/ of the deployment package: " + e.getMessage());
            }
        }
        return out;
    }

    static void delete(@Nullable Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A leftover file in the service's temp directory goes with it on close.
                }
            });
        } catch (IOException ignored) {
            // Same: best effort.
        }
    }

    private static long copy(InputStream in, OutputStream sink, long budget) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = sink) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                written += n;
                if (written > budget) {
                    throw ApiError.invalid("Unzipped size must be smaller than " + MAX_UNZIPPED_BYTES
                            + " bytes: make the package smaller");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    private static ApiError notAZip() {
        return ApiError.invalid("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
}
