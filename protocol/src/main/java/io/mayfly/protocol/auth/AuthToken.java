package io.mayfly.protocol.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the shared auth token that clients and proxies are configured with. */
public final class AuthToken {

    /** Shortest token accepted: a guessable token would make the handshake pointless. */
    public static final int MIN_CHARS = 16;

    private static final long MAX_FILE_BYTES = 4096;

    private AuthToken() {}

    /**
     * The token in {@code file} (surrounding whitespace, such as a final newline, removed).
     *
     * @param setting the option or setting that named the file, for error messages
     * @throws IllegalArgumentException when the file cannot be read or holds no usable token
     */
    public static String readFile(Path file, String setting) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("auth token file " + file + " (" + setting + ") has " + size
                        + " bytes; a token file holds one line of at most " + MAX_FILE_BYTES + " bytes");
            }
            return check(Files.readString(file, StandardCharsets.UTF_8), "the file " + file + " (" + setting + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the auth token file " + file + " (" + setting + "): " + e.getMessage(), e);
        }
    }

    /**
     * A token given inline, checked like one read from a file.
     *
     * @param source where it came from, for error messages
     */
    public static String check(String token, String source) {
        String t = token.strip();
        if (t.length() < MIN_CHARS) {
            throw new IllegalArgumentException("the auth token in " + source + " has " + t.length()
                    + " characters; use at least " + MIN_CHARS + " random ones (e.g. `openssl rand -hex 32`)");
        }
        return t;
    }
}
