package io.mayfly.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mayfly.testing.ModuleClasses;
import org.junit.jupiter.api.Test;

/** The example adopts Mayfly by configuration alone: its code names no Mayfly class. */
class StandardApisOnlyTest {

    private static final JavaClasses MAIN = ModuleClasses.of(HibernateL2Example.class);

    @Test
    void usesNoMayflyClass() {
        assertThat(MAIN).as("classes imported").isNotEmpty();
        ModuleClasses.assertUsesNoMayflyClass(MAIN);
    }
}
