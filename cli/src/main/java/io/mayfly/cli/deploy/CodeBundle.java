package io.mayfly.cli.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The deployment package uploaded to every function: lambda-node's jar, which Lambda takes as a
 * zip. Its CodeSha256 (base64 SHA-256 of the bytes, as Lambda computes it) decides whether a
 * function's code is current.
 */
public record CodeBundle(String source, byte[] bytes, String sha256) {

    public static CodeBundle of(String source, byte[] bytes) {
        try {
            String sha = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new CodeBundle(source, bytes, sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static CodeBundle fromFile(Path file) {
        try {
            return of(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function code " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lambda-node jar inside mayfly.jar. */
    public static CodeBundle bundled() {
        try (InputStream in = CodeBundle.class.getClassLoader().getResourceAsStream(NodeDefaults.BUNDLED_CODE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "this mayfly.jar carries no function code (" + NodeDefaults.BUNDLED_CODE
                                + "): build it with `./mvnw -pl cli -am package`, or pass --code lambda-node/target/mayfly-lambda-node.jar");
            }
            return of("the bundled lambda-node jar", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled function code: " + e.getMessage(), e);
        }
    }
}
