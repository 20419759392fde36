package io.mayfly.tck.remote;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Iterator;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A CacheWriter whose backing store is one file shared by every JVM of a test: each write or
 * delete appends a line ({@code key write value} or {@code key delete}) under an exclusive file
 * lock, so the file is the external store's order of changes across processes.
 */
final class SharedFileWriter implements CacheWriter<String, String>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String path;

    SharedFileWriter(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
        append(entry.getKey() + " write " + entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
        for (Iterator<Cache.Entry<? extends String, ? extends String>> it = entries.iterator(); it.hasNext(); ) {
            write(it.next());
            it.remove();
        }
    }

    @Override
    public void delete(Object key) {
        append(key + " delete");
    }

    @Override
    public void deleteAll(Collection<?> keys) {
        for (Iterator<?> it = keys.iterator(); it.hasNext(); ) {
            delete(it.next());
            it.remove();
        }
    }

    /** One JVM's threads take turns (a file lock is per process); processes take the file lock. */
    private static synchronized void append(String path, String line) {
        try (FileChannel file = FileChannel.open(
                        Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                FileLock lock = file.lock()) {
            file.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the writer's log " + path, e);
        }
    }

    private void append(String line) {
        append(path, line);
    }
}
