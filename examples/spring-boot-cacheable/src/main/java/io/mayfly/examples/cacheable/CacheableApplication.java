package io.mayfly.examples.cacheable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Renders the same report twice: the first call runs the slow method, the second is served by
 * Mayfly. Run it with {@code java -jar examples/spring-boot-cacheable/target/spring-boot-cacheable.jar}.
 */
@SpringBootApplication
@EnableCaching
public class CacheableApplication {

    public static void main(String[] args) throws InterruptedException {
        // The first argument that is not a --property=value option names the quarter.
        String quarter = java.util.Arrays.stream(args)
                .filter(a -> !a.startsWith("--"))
                .findFirst()
                .orElse("2026-Q3");
        try (ConfigurableApplicationContext context = SpringApplication.run(CacheableApplication.class, args)) {
            ReportRenderer renderer = context.getBean(ReportRenderer.class);
            for (int call = 1; call <= 2; call++) {
                long start = System.nanoTime();
                Report report = renderer.render(quarter);
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf(
                        "call %d: report %s, %,d bytes, %,d ms, method ran %d time(s)%n",
                        call, report.quarter(), report.content().length, millis, renderer.renders());
            }
        }
    }
}
