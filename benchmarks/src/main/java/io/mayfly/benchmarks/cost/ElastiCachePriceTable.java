package io.mayfly.benchmarks.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ElastiCache node types and prices, read from CSV rows {@code name,memory_gib,usd_per_hour}.
 * The bundled table holds the cache.r5 family in us-east-1 (on-demand, Redis); its default row,
 * cache.r5.24xlarge at 635.61 GiB and $10.368/hour, is the paper's node ($518.40 for 50 hours).
 */
public final class ElastiCachePriceTable {
    public static final String DEFAULT_NODE = "cache.r5.24xlarge";
    private static final String BUNDLED = "elasticache-prices.csv";

    private final Map<String, ElastiCacheNodeType> rows;

    private ElastiCachePriceTable(Map<String, ElastiCacheNodeType> rows) {
        this.rows = rows;
    }

    public static ElastiCachePriceTable bundled() {
        try (InputStream in = ElastiCachePriceTable.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled price table " + BUNDLED + " is missing from the class path");
            }
            return read("bundled " + BUNDLED, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ElastiCachePriceTable read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        }
    }

    static ElastiCachePriceTable read(String source, Reader reader) throws IOException {
        Map<String, ElastiCacheNodeType> rows = new LinkedHashMap<>();
        BufferedReader in = new BufferedReader(reader);
        long lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.toLowerCase().startsWith("name,")) {
                continue;
            }
            String[] c = t.split(",", -1);
            if (c.length != 3) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": expected name,memory_gib,"
                        + "usd_per_hour in \"" + line + "\"");
            }
            try {
                rows.put(
                        c[0].strip(),
                        new ElastiCacheNodeType(
                                c[0].strip(), Double.parseDouble(c[1].strip()), Double.parseDouble(c[2].strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        source + " line " + lineNumber + ": memory and price must be" + " numbers in \"" + line + "\"",
                        e);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no node types");
        }
        return new ElastiCachePriceTable(rows);
    }

    public ElastiCacheNodeType row(String name) {
        ElastiCacheNodeType row = rows.get(name);
        if (row == null) {
            throw new IllegalArgumentException(
                    "node type " + name + " is not in the price table; it has " + rows.keySet());
        }
        return row;
    }
}
