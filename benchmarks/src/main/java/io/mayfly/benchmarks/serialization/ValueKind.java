package io.mayfly.benchmarks.serialization;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The value shapes the default serializer handles differently: its compact forms, and JDK serialization. */
public enum ValueKind {
    /** A byte[]: a tag byte and a copy. */
    BYTES {
        @Override
        Object sample(int bytes, long seed) {
            byte[] b = new byte[bytes];
            new Random(seed).nextBytes(b);
            return b;
        }
    },
    /** A String of ASCII letters: UTF-8 encoded. */
    STRING {
        @Override
        Object sample(int bytes, long seed) {
            Random random = new Random(seed);
            char[] c = new char[bytes];
            for (int i = 0; i < c.length; i++) {
                c[i] = (char) ('a' + random.nextInt(26));
            }
            return new String(c);
        }
    },
    /** An application object (a catalogue entry, as Hibernate or {@code @Cacheable} caches): JDK serialization. */
    OBJECT {
        @Override
        Object sample(int bytes, long seed) {
            Random random = new Random(seed);
            // About a quarter of the bytes in the image, the rest in many small fields (~35 bytes each serialized).
            byte[] image = new byte[bytes / 4];
            random.nextBytes(image);
            List<Variant> variants = new ArrayList<>();
            for (long used = image.length; used < bytes; used += 35) {
                variants.add(new Variant("sku-" + random.nextInt(1_000_000), random.nextLong(), random.nextDouble()));
            }
            return new CatalogueEntry(seed, "entry-" + seed, image, variants);
        }
    };

    abstract Object sample(int bytes, long seed);

    /** A cached application object; JDK-serializable, as JCache store-by-value asks. */
    record CatalogueEntry(long id, String name, byte[] image, List<Variant> variants) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** One of an entry's many small parts. */
    record Variant(String sku, long stock, double price) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
