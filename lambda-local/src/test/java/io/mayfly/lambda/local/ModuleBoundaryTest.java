package io.mayfly.lambda.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lambda-local emulates the Lambda APIs and knows nothing of Mayfly: it could serve any function,
 * and Mayfly's code reaches it only through those APIs.
 */
class ModuleBoundaryTest {
    // Only this module's compiled main classes: scanning the classpath for a package takes seconds.
    private static final JavaClasses MAIN = new ClassFileImporter()
            .importLocations(List.of(Location.of(LocalLambdaService.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation())));

    @Test
    void dependsOnNoOtherMayflyModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mayfly.erasure..",
                        "io.mayfly.protocol..",
                        "io.mayfly.proxy..",
                        "io.mayfly.settings..",
                        "io.mayfly.client..",
                        "io.mayfly.jcache..",
                        "io.mayfly.embedded..",
                        "io.mayfly.node..")
                .check(MAIN);
    }

    @Test
    void theRuntimeApiKnowsNothingOfInstancesAndTheInvokeApiNothingOfTheRuntimeApi() {
        noClasses()
                .that()
                .resideInAPackage("io.mayfly.lambda.local.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..local.instance..", "..local.invoke..")
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("io.mayfly.lambda.local.invoke..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mayfly.lambda.local.runtime..")
                .check(MAIN);
    }
}
