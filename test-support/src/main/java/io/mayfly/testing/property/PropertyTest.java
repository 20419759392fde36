package io.mayfly.testing.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A property: the method runs once per trial with a {@link Gen} seeded for that trial, and each
 * trial's display name carries its seed. A failing trial is replayed alone with
 * {@code -Dmayfly.property.seed=<seed from its name>}.
 *
 * <p>Seeds are derived from the method's name (or {@code -Dmayfly.property.base-seed}), so every run
 * explores the same cases and a CI failure reproduces on a laptop.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(SeedSource.class)
public @interface PropertyTest {

    /** How many trials (seeds) to run. */
    int tries() default 1000;
}
