package io.mayfly.lambda.local.functions;

import io.mayfly.lambda.local.SdkClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Deployment packages of the test handlers, built as a user's build would. */
final class CodePackages {
    private CodePackages() {}

    /** A zip holding {@code lib/handlers.jar}: the test handler classes, plus one marker entry. */
    static byte[] zipWithHandlerJar(String marker) {
        return zip("lib/handlers.jar", handlerJar(marker));
    }

    /** The handler jar itself, uploaded as the package (a jar is a zip), as AWS allows. */
    static byte[] handlerJar(String marker) {
        Path classes = SdkClients.testHandlerClasspath().get(0);
        Path handlers = classes.resolve("io/mayfly/lambda/local/handlers");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes);
                Stream<Path> files = Files.list(handlers)) {
            for (Path f : files.sorted().toList()) {
                jar.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            jar.putNextEntry(new ZipEntry("marker.txt"));
            jar.write(marker.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] zip(String entry, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : List.of(entry)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
