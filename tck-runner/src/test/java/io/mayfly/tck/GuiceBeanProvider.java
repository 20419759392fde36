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

  private final Injector injector = Guice.createInjector(new CacheAnnotationsModule());

  @Override
  public <T> T getBeanByType(Class<T> type) {
    return injector.getInstance(type);
  }
}
