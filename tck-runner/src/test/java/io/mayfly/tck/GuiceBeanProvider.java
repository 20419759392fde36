package io.mayfly.tck;

import com.google.inject.Guice;
import com.google.inject.Injector;
import javax.cache.annotation.BeanProvider;
import org.jsr107.ri.annotations.guice.module.CacheAnnotationsModule;

/**
 * Gives the TCK's annotation tests real beans: Guice objects intercepted by the JSR-107
 * annotations reference implementation, which reaches Mayfly through {@code Caching}.
 */
public final class GuiceBeanProvider implements BeanProvider {

    @Override
    public <T> T getBeanByType(Class<T> type) {
        // A fresh injector per bean: the RI's resolver factory holds the default CacheManager it
        // found when created, and earlier TCK classes close that manager.
        Injector injector = Guice.createInjector(new CacheAnnotationsModule());
        return injector.getInstance(type);
    }
}
