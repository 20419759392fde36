package io.mayfly.benchmarks.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.benchmarks.load.LoadDriver;
import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jcache target through Mayfly's provider, chosen by class name, over a heap store test double. */
class JCacheTargetTest {
    private static final String MAYFLY = "io.mayfly.jcache.MayflyCachingProvider";

    private static Properties heapStore() {
        Properties p = new Properties();
        p.setProperty("mayfly.store-factory", HeapObjectStoreFactory.class.getName());
        return p;
    }

    @Test
    void getPutRemoveGoThroughJavaxCache() {
        try (JCacheTarget target = new JCacheTarget(MAYFLY, null, heapStore(), "jcache-target-test")) {
            target.clear();
            assertThat(target.get("k")).isNull();
            target.put("k", new byte[] {1, 2, 3});
            assertThat(target.get("k")).containsExactly(1, 2, 3);
            assertThat(target.contains("k")).isTrue();
            target.remove("k");
            assertThat(target.contains("k")).isFalse();
            assertThat(target.description()).contains(MAYFLY);
            target.close();
            target.close();
        }
    }

    @Test
    void anUnknownProviderClassIsAClearError() {
        assertThatThrownBy(() -> new JCacheTarget("com.example.NoSuchProvider", null, new Properties(), "c"))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("com.example.NoSuchProvider")
                .hasMessageContaining("--jcache-provider");
    }

    @Test
    void theDriverReplaysThroughMayflysProvider(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path report = dir.resolve("report.html");
        Path billing = dir.resolve("billing.json");
        // A saved lambda-local billing report stands for the metered cost of serving the replay.
        Files.writeString(
                billing,
                "{\"granularityMs\":1,\"requests\":1234,\"billedMs\":5,\"gbSeconds\":56.5,"
                        + "\"usd\":0.001,\"functions\":[],\"instances\":[]}");
        int exit = LoadDriver.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--target",
                "jcache",
                "--billing-json",
                billing.toString(),
                "--jcache-provider",
                MAYFLY,
                "--jcache-property",
                "mayfly.store-factory=" + HeapObjectStoreFactory.class.getName(),
                "--total-bytes",
                "8MiB",
                "--max-object-bytes",
                "4MiB",
                "--large-threshold-bytes",
                "1MiB",
                "--time-compression",
                "0",
                "--report",
                report.toString());
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains("Target jcache: " + MAYFLY)
                .contains("wrong values 0,")
                .contains("Request billing used: metered (--billing-json billing.json): 56.50 GB-s, 1234 invocations")
                .contains("modelled: ");
        assertThat(Files.readString(report)).contains("jcache");
    }

    @Test
    void theDriverGivesMayflyABulkOperationTimeoutUnlessTold(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("trace.csv");
        Files.writeString(csv, "timestamp,op,key,size\n1.0,GET,k,10\n");
        assertThat(replayCsvWith(csv, dir)).containsEntry("mayfly.operation-timeout-ms", "60000");
        assertThat(replayCsvWith(csv, dir, "--jcache-property", "mayfly.operation-timeout-ms=1234"))
                .containsEntry("mayfly.operation-timeout-ms", "1234");
    }

    private static Map<String, String> replayCsvWith(Path csv, Path dir, String... extra) {
        StringWriter err = new StringWriter();
        String[] base = {
            "--target",
            "jcache",
            "--jcache-provider",
            MAYFLY,
            "--jcache-property",
            "mayfly.store-factory=" + HeapObjectStoreFactory.class.getName(),
            "--trace-csv",
            csv.toString(),
            "--trace-hours",
            "1",
            "--time-compression",
            "0",
            "--report",
            dir.resolve("r.html").toString()
        };
        String[] args = Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new);
        assertThat(LoadDriver.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args))
                .as("stderr: %s", err)
                .isZero();
        return HeapObjectStoreFactory.lastSettings;
    }

    @Test
    void theDriverReplaysAUserCsvTrace(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("trace.csv");
        Files.writeString(csv, """
                timestamp,op,key,size
                100.0,PUT,manifest,300
                100.5,GET,manifest,300
                101.0,GET,layer,2000000
                102.0,GET,layer,2000000
                103.0,DELETE,manifest,0
                104.0,GET,manifest,300
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LoadDriver.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--target",
                "jcache",
                "--jcache-provider",
                MAYFLY,
                "--jcache-property",
                "mayfly.store-factory=" + HeapObjectStoreFactory.class.getName(),
                "--trace-csv",
                csv.toString(),
                "--trace-hours",
                "10",
                "--time-compression",
                "0",
                "--report",
                dir.resolve("r.html").toString());
        assertThat(exit).as("stderr: %s", err).isZero();
        // GET manifest hits; layer misses then hits; manifest misses after the delete: 2 of 4 GETs hit.
        assertThat(out.toString())
                .contains("CSV trace")
                .contains("hit ratio 0.500")
                .contains("stored 1.91 MiB in 2 keys")
                .contains("Cost over the trace's 10.00 hours");
    }

    @Test
    void heapStoreKeepsTheKeySpaceContract() {
        try (ObjectStore store = new HeapObjectStoreFactory().open(Map.of())) {
            KeySpace space = store.keySpace("s", CodingSettings.DEFAULTS);
            byte[] key = {7};
            long v1 = space.put(key, new byte[] {1}, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
            assertThat(v1).isPositive();
            assertThat(space.put(key, new byte[] {2}, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES))
                    .isEqualTo(KeySpace.CONFLICT);
            long v2 = space.put(key, new byte[] {3}, v1, KeySpace.NEVER_EXPIRES);
            assertThat(v2).isGreaterThan(v1);
            assertThat(space.get(key).value()).containsExactly(3);
            assertThat(space.head(key).value()).isNull();
            assertThat(space.head(key).length()).isEqualTo(1);
            assertThat(space.touch(key, v1, 5)).isFalse();
            assertThat(space.touch(key, v2, 5)).isTrue();
            assertThat(space.get(key).expiresAtMillis()).isEqualTo(5);
            assertThat(space.remove(key, v1)).isFalse();
            assertThat(space.keys()).hasSize(1);
            assertThat(space.remove(key, v2)).isTrue();
            assertThat(space.get(key)).isNull();
        }
    }
}
