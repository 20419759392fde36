package io.mayfly.proxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The proxy knows values as bytes: no JCache, no provider; erasure coding only in repair (the
 * client encodes and decodes; the proxy rebuilds lost shards).
 */
class ModuleBoundariesTest {

    private final JavaClasses proxy = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mayfly.proxy");

    @Test
    void theProxyNeverTouchesJCacheOrTheProvider() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javax.cache..", "io.mayfly.jcache..", "io.mayfly.client..")
                .check(proxy);
    }

    @Test
    void onlyRepairCodes() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.mayfly.proxy.keepalive..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.mayfly.erasure..")
                .check(proxy);
    }

    @Test
    void theIndexAndPlacementDoNotKnowNettyOrTheNodes() {
        noClasses()
                .that()
                .resideInAPackage("io.mayfly.proxy.index..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "io.mayfly.proxy.node..", "software.amazon..")
                .check(proxy);
    }
}
