package io.mayfly.examples.jcache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.cache.Cache;

/** Writes blobs of the given sizes into a cache, reads them back and compares their digests. */
public final class BlobRoundTrip {

    /** One blob's journey: its key, size, digests written and read, and the time of each step. */
    public record Result(
            String key, int sizeBytes, String writtenSha256, String readSha256, long putMillis, long getMillis) {

        public boolean intact() {
            return writtenSha256.equals(readSha256);
        }
    }

    private final Cache<String, byte[]> blobs;

    public BlobRoundTrip(Cache<String, byte[]> blobs) {
        this.blobs = blobs;
    }

    public List<Result> run(List<Integer> sizesBytes) {
        List<Result> results = new ArrayList<>(sizesBytes.size());
        for (int size : sizesBytes) {
            String key = "blob-" + size;
            byte[] blob = new byte[size];
            new Random(size).nextBytes(blob);
            String written = sha256(blob);

            long start = System.nanoTime();
            blobs.put(key, blob);
            long putMillis = (System.nanoTime() - start) / 1_000_000;

            start = System.nanoTime();
            byte[] read = blobs.get(key);
            long getMillis = (System.nanoTime() - start) / 1_000_000;

            results.add(
                    new Result(key, size, written, read == null ? "(missing)" : sha256(read), putMillis, getMillis));
        }
        return results;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
