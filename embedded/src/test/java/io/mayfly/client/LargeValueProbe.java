package io.mayfly.client;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Not a test: moves one large value through a standalone proxy and back, for measuring the
 * proxy's heap while it does (run the proxy with a small -Xmx and watch it with jstat).
 *
 * <p>{@code java -cp <provider test class path> io.mayfly.client.LargeValueProbe host:port MiB}
 */
public final class LargeValueProbe {

    private LargeValueProbe() {}

    public static void main(String[] args) {
        String[] hostPort = args[0].split(":");
        int mib = Integer.parseInt(args[1]);
        byte[] value = new byte[mib << 20];
        new Random(1).nextBytes(value);
        try (ObjectStore store = ProxyObjectStore.remote(
                List.of(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))), 600_000, 5_000, 1 << 20)) {
            KeySpace space = store.keySpace("probe", new CodingSettings(10, 2, 0, 2L << 30));
            long t0 = System.nanoTime();
            long version = space.put("large".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            long t1 = System.nanoTime();
            StoredValue read = space.get("large".getBytes());
            long t2 = System.nanoTime();
            StoredValue again = space.get("large".getBytes());
            long t3 = System.nanoTime();
            boolean same = read != null
                    && Arrays.equals(read.value(), value)
                    && again != null
                    && Arrays.equals(again.value(), value);
            System.out.printf(
                    "%d MiB v%d: put %.0f ms, get %.0f ms, warm get %.0f ms, identical=%s%n",
                    mib, version, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, same);
        }
    }
}
