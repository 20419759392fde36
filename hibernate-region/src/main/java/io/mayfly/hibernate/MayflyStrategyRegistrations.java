package io.mayfly.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/** Registers {@link MayflyRegionFactory} under {@code mayfly}, its class name and simple name. */
public final class MayflyStrategyRegistrations implements StrategyRegistrationProvider {

    @Override
    public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
        return List.of(new SimpleStrategyRegistrationImpl<>(
                RegionFactory.class,
                MayflyRegionFactory.class,
                MayflyRegionFactory.SHORT_NAME,
                MayflyRegionFactory.class.getName(),
                MayflyRegionFactory.class.getSimpleName()));
    }
}
