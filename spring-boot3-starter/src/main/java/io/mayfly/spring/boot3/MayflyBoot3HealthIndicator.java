package io.mayfly.spring.boot3;

import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.spring.diagnostics.PoolHealthCheck;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** {@code /actuator/health}'s {@code mayfly} component on Spring Boot 3: see {@link PoolHealthCheck}. */
public final class MayflyBoot3HealthIndicator implements HealthIndicator {

    /** The pool is serving but cannot place a full stripe of shards. */
    public static final Status DEGRADED = new Status("DEGRADED", "the pool cannot hold k+r shards");

    private final PoolHealthCheck check;

    public MayflyBoot3HealthIndicator(Supplier<MayflyCacheManager> manager) {
        this.check = new PoolHealthCheck(manager);
    }

    @Override
    public Health health() {
        PoolHealthCheck.Result result = check.check();
        Status status = switch (result.state()) {
            case UP -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> Status.DOWN;
        };
        return Health.status(status).withDetails(result.details()).build();
    }
}
