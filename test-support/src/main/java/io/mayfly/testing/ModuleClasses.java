package io.mayfly.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.util.List;

/**
 * A module's own main classes, for ArchUnit rules on the dependency lines ARCHITECTURE.md states.
 * Only the module's compiled classes are imported: scanning the class path for packages takes
 * seconds and would also judge other modules' classes.
 */
public final class ModuleClasses {

    private ModuleClasses() {}

    /** The classes in the directory or jar that {@code anchor} was loaded from. */
    public static JavaClasses of(Class<?> anchor) {
        try {
            return new ClassFileImporter()
                    .importLocations(List.of(Location.of(anchor.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails when a class of {@code module} uses a class in one of {@code packages}. */
    public static void assertNoDependencyOn(JavaClasses module, String... packages) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(packages).check(module);
    }

    /**
     * Fails when a class of {@code module} uses a Mayfly class: for code that adopts Mayfly by
     * configuration alone, through the standard APIs (its own io.mayfly.examples package aside).
     */
    public static void assertUsesNoMayflyClass(JavaClasses module) {
        assertNoDependencyOn(
                module,
                "io.mayfly.jcache..",
                "io.mayfly.client..",
                "io.mayfly.embedded..",
                "io.mayfly.proxy..",
                "io.mayfly.hibernate..",
                "io.mayfly.spring..",
                "io.mayfly.lambda..",
                "io.mayfly.node..",
                "io.mayfly.protocol..",
                "io.mayfly.settings..",
                "io.mayfly.erasure..");
    }
}
