package io.mayfly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * mayfly.jar carries this tree's function code: the node jar it bundles is, byte for byte, the one
 * lambda-node built. A copy kept from an earlier build would have `mayfly deploy` and `mayfly
 * local` run a node that speaks an older protocol than the proxy beside it.
 */
class BundledNodeJarIT {

    @Test
    void mayflyJarBundlesTheNodeJarLambdaNodeBuilt() throws IOException {
        Path built = Path.of("..", "lambda-node", "target", "mayfly-lambda-node.jar");
        assertThat(built).as("lambda-node is packaged before this module").isRegularFile();
        try (ZipFile jar = new ZipFile(Path.of("target", "mayfly.jar").toFile())) {
            ZipEntry node = jar.getEntry("META-INF/mayfly/mayfly-lambda-node.jar");
            assertThat(node).as("mayfly.jar bundles lambda-node's jar").isNotNull();
            try (InputStream in = jar.getInputStream(node)) {
                assertThat(in.readAllBytes())
                        .as("the bundled node jar is the one lambda-node built")
                        .isEqualTo(Files.readAllBytes(built));
            }
        }
    }
}
