package io.mayfly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mayfly.cli.deploy.NodeDefaults;
import io.mayfly.proxy.ProxyMain;
import io.mayfly.proxy.ProxySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/aws/mayfly.yaml states what the code assumes: the functions' handler, runtime, timeout
 * and defaults as `mayfly deploy` has them, the node port open from the functions only, and a
 * proxy command line the proxy accepts with the pool the template creates.
 */
class AwsTemplateTest {
    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("..", "deploy", "aws", "mayfly.yaml").toFile());
    }

    private static JsonNode parameter(String name) {
        return template.path("Parameters").path(name);
    }

    private static List<Integer> poolSizes() {
        List<Integer> sizes = new ArrayList<>();
        parameter("PoolSize").path("AllowedValues").forEach(v -> sizes.add(v.asInt()));
        return sizes;
    }

    @Test
    void parameterDefaultsAreTheCommandsDefaults() {
        assertThat(parameter("PoolSize").path("Default").asInt()).isEqualTo(NodeDefaults.FUNCTIONS);
        assertThat(poolSizes()).contains(NodeDefaults.FUNCTIONS);
        assertThat(parameter("FunctionMemoryMb").path("Default").asInt()).isEqualTo(NodeDefaults.MEMORY_MB);
        assertThat(parameter("Architecture").path("Default").asText()).isEqualTo(NodeDefaults.ARCHITECTURE);
        assertThat(parameter("FunctionPrefix").path("Default").asText()).isEqualTo(NodeDefaults.PREFIX);
        assertThat(template.path("Parameters").fieldNames())
                .toIterable()
                .contains("VpcId", "SubnetIds", "ProxySubnetId");
    }

    @Test
    void everyFunctionIsWhatDeployCreatesAndExistsExactlyForPoolsLargerThanItsIndex() {
        int max = poolSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int i = 0; i < max; i++) {
            JsonNode node = template.path("Resources").path("Node" + i);
            JsonNode p = node.path("Properties");
            assertThat(node.path("Type").asText()).as("Node%d", i).isEqualTo("AWS::Lambda::Function");
            assertThat(p.path("FunctionName").path("Fn::Sub").asText()).isEqualTo("${FunctionPrefix}" + i);
            assertThat(p.path("Handler").asText()).isEqualTo(NodeDefaults.HANDLER);
            assertThat(p.path("Runtime").asText()).isEqualTo(NodeDefaults.RUNTIME);
            assertThat(p.path("Timeout").asInt()).isEqualTo(NodeDefaults.TIMEOUT_SECONDS);
            assertThat(p.path("MemorySize").path("Ref").asText()).isEqualTo("FunctionMemoryMb");
            assertThat(p.path("Architectures").get(0).path("Ref").asText()).isEqualTo("Architecture");
            for (int size : poolSizes()) {
                assertThat(exists(node, size))
                        .as("Node%d with PoolSize %d", i, size)
                        .isEqualTo(i < size);
            }
        }
        assertThat(template.path("Resources").has("Node" + max)).isFalse();
    }

    /** Evaluates the function's condition (Fn::Equals / Fn::Or over PoolSize) for one pool size. */
    private static boolean exists(JsonNode function, int poolSize) {
        if (!function.has("Condition")) {
            return true;
        }
        return holds(template.path("Conditions").path(function.path("Condition").asText()), poolSize);
    }

    private static boolean holds(JsonNode condition, int poolSize) {
        if (condition.has("Fn::Or")) {
            for (JsonNode c : condition.path("Fn::Or")) {
                if (holds(c, poolSize)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode equals = condition.path("Fn::Equals");
        assertThat(equals.get(0).path("Ref").asText()).isEqualTo("PoolSize");
        return equals.get(1).asInt() == poolSize;
    }

    @Test
    void theNodePortIsOpenFromTheFunctionsOnly() {
        JsonNode ingress =
                template.path("Resources").path("ProxyNodePortFromFunctions").path("Properties");
        assertThat(ingress.path("FromPort").asInt()).isEqualTo(NodeDefaults.NODE_PORT);
        assertThat(ingress.path("ToPort").asInt()).isEqualTo(NodeDefaults.NODE_PORT);
        assertThat(ingress.path("SourceSecurityGroupId")
                        .path("Fn::GetAtt")
                        .get(0)
                        .asText())
                .isEqualTo("FunctionSecurityGroup");
        assertThat(ingress.has("CidrIp")).isFalse();
        JsonNode proxyIngress = template.path("Resources")
                .path("ProxySecurityGroup")
                .path("Properties")
                .path("SecurityGroupIngress");
        assertThat(proxyIngress).hasSize(1);
        assertThat(proxyIngress.get(0).path("FromPort").asInt()).isEqualTo(ProxySettings.DEFAULTS.clientPort());
    }

    @Test
    void theProxyCommandIsOneTheProxyAcceptsForThePoolTheTemplateCreates() {
        String userData = template.path("Resources")
                .path("ProxyInstance")
                .path("Properties")
                .path("UserData")
                .path("Fn::Base64")
                .path("Fn::Sub")
                .asText();
        String execStart = userData.lines()
                .filter(l -> l.startsWith("ExecStart="))
                .findFirst()
                .orElseThrow();
        List<String> words = Arrays.asList(execStart.split(" "));
        List<String> proxyArgs = new ArrayList<>(words.subList(words.indexOf("proxy") + 1, words.size()));
        Map<String, String> substitutions = Map.of(
                "${AWS::Region}", "eu-west-1",
                "${PoolSize}", "12",
                "${FunctionPrefix}", NodeDefaults.PREFIX,
                "${FunctionMemoryMb}", "1536",
                "$ip", "10.0.3.17");
        proxyArgs.replaceAll(a -> substitutions.getOrDefault(a, a));

        ProxyMain main = new ProxyMain();
        new CommandLine(main).parseArgs(proxyArgs.toArray(String[]::new));

        assertThat(value(words, "--runtime")).isEqualTo("aws");
        assertThat(value(words, "--pool-size")).isEqualTo("${PoolSize}");
        assertThat(value(words, "--function-prefix")).isEqualTo("${FunctionPrefix}");
        assertThat(value(words, "--function-memory-mb")).isEqualTo("${FunctionMemoryMb}");
        assertThat(value(words, "--node-port")).isEqualTo(String.valueOf(NodeDefaults.NODE_PORT));
        assertThat(value(words, "--client-port")).isEqualTo(String.valueOf(ProxySettings.DEFAULTS.clientPort()));
        assertThat(value(words, "--advertised-host")).isEqualTo("$ip");
        // The token comes from Secrets Manager through the environment, never the command line.
        assertThat(userData).contains("secretsmanager get-secret-value").contains("MAYFLY_AUTH_TOKEN=");
        assertThat(template.path("Resources")
                        .path("ProxyRole")
                        .path("Properties")
                        .path("Policies")
                        .toString())
                .contains("lambda:InvokeFunction")
                .contains("lambda:GetFunction")
                .contains("secretsmanager:GetSecretValue");
    }

    private static String value(List<String> words, String option) {
        return words.get(words.indexOf(option) + 1);
    }
}
