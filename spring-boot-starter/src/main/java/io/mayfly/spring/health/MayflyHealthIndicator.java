package io.mayfly.spring.health;

import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.spring.diagnostics.PoolHealthCheck;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** {@code /actuator/health}'s {@code mayfly} component: see {@link PoolHealthCheck}. */
public final class MayflyHealthIndicator implements HealthIndicator {

    /** The pool is serving but cannot place a full stripe of shards. */
    public static final Status DEGRADED = new Status("DEGRADED", "the pool cannot hold k+r shards");

    private final PoolHealthCheck check;

    /** @param manager the application's Mayfly cache manager, or null; asked at the first check */
    public MayflyHealthIndicator(Supplier<MayflyCacheManager> manager) {
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
