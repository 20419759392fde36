package io.mayfly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.lambda.local.Architecture;
import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.LocalLambdaService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * deploy, status and destroy against lambda-local's control plane, through the same AWS SDK
 * calls as against AWS. The code is a package built here: these functions are not invoked.
 */
class DeployCommandTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/mayfly-node";

    @TempDir
    Path dir;

    private LocalLambdaService lambda;
    private LambdaClient client;
    private Path codeV1;
    private Path codeV2;

    @BeforeEach
    void start() throws IOException {
        // Updates stay InProgress a moment, so deploy's waiting is exercised.
        lambda = LocalLambdaService.builder()
                .stateTransitionDelay(Duration.ofMillis(100))
                .start();
        client = LambdaClient.builder()
                .endpointOverride(lambda.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .build();
        codeV1 = jar("v1");
        codeV2 = jar("v2");
    }

    @AfterEach
    void stop() {
        client.close();
        lambda.close();
    }

    private Path jar(String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("version.txt"));
            zip.write(version.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path file = dir.resolve("node-" + version + ".jar");
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private CliRun mayfly(String command, Path code, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "--endpoint-url",
                lambda.endpoint().toString(),
                "--functions",
                "3",
                "--prefix",
                "t-node-",
                "--code",
                code.toString(),
                "--poll-interval-ms",
                "20"));
        if (command.equals("status")) {
            args.removeAll(List.of("--poll-interval-ms", "20"));
        }
        if (List.of(extra).contains("--functions")) {
            args.removeAll(List.of("--functions", "3"));
        }
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private String revision(String name) {
        return client.getFunctionConfiguration(b -> b.functionName(name)).revisionId();
    }

    @Test
    void createsThenChangesNothingOnASecondIdenticalRun() {
        CliRun first = mayfly("deploy", codeV1, "--role-arn", ROLE, "--memory-mb", "512", "--env", "A=1");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.linesContaining(": created")).isEqualTo(3);
        assertThat(first.out()).contains("3 created, 0 updated, 0 unchanged");
        assertThat(lambda.functions()).hasSize(3).allSatisfy(f -> {
            assertThat(f.memoryMb()).isEqualTo(512);
            assertThat(f.architecture()).isEqualTo(Architecture.ARM64);
            assertThat(f.handler()).isEqualTo("io.mayfly.node.MayflyNodeHandler::handleRequest");
            assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(660));
            assertThat(f.environment()).isEqualTo(Map.of("A", "1"));
        });
        String before = revision("t-node-1");

        CliRun second = mayfly("deploy", codeV1, "--role-arn", ROLE, "--memory-mb", "512", "--env", "A=1");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.linesContaining(": unchanged")).isEqualTo(3);
        assertThat(second.out()).contains("all 3 functions already as asked; nothing changed");
        assertThat(revision("t-node-1")).isEqualTo(before);

        CliRun status = mayfly("status", codeV1, "--memory-mb", "512", "--env", "A=1");
        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.linesContaining("Active, last update Successful, code matches, 512 MB, arm64"))
                .isEqualTo(3);
    }

    @Test
    void updatesOnlyWhatChanged() {
        mayfly("deploy", codeV1, "--role-arn", ROLE);
        String sha =
                client.getFunctionConfiguration(b -> b.functionName("t-node-0")).codeSha256();

        CliRun memory = mayfly("deploy", codeV1, "--memory-mb", "256");
        assertThat(memory.exitCode()).as(memory.err()).isZero();
        assertThat(memory.linesContaining("updated memory 1536 -> 256 MB")).isEqualTo(3);
        assertThat(memory.out()).doesNotContain("code,").doesNotContain("updated code");
        assertThat(client.getFunctionConfiguration(b -> b.functionName("t-node-0"))
                        .codeSha256())
                .isEqualTo(sha);

        CliRun code = mayfly("deploy", codeV2, "--memory-mb", "256");
        assertThat(code.exitCode()).as(code.err()).isZero();
        assertThat(code.out().lines().filter(l -> l.startsWith("t-node-")))
                .hasSize(3)
                .allMatch(l -> l.endsWith(": updated code"));
        assertThat(client.getFunctionConfiguration(b -> b.functionName("t-node-0"))
                        .codeSha256())
                .isNotEqualTo(sha);
        assertThat(lambda.functions()).allSatisfy(f -> assertThat(f.memoryMb()).isEqualTo(256));

        CliRun arch = mayfly("deploy", codeV2, "--memory-mb", "256", "--architecture", "x86_64");
        assertThat(arch.linesContaining("updated architecture arm64 -> x86_64")).isEqualTo(3);
        assertThat(lambda.functions())
                .allSatisfy(f -> assertThat(f.architecture()).isEqualTo(Architecture.X86_64));
    }

    @Test
    void statusNamesEveryDifferenceAndExitsOne() {
        mayfly("deploy", codeV1, "--role-arn", ROLE, "--functions", "2");

        CliRun status = mayfly("status", codeV2, "--memory-mb", "2048");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out())
                .contains("t-node-2: MISSING")
                .contains("3 of 3 functions differ")
                .contains("memory 1536 (want 2048 MB)")
                .contains("code differs from " + codeV2)
                .contains("t-node-2 missing");
    }

    @Test
    void reservedConcurrencyIsSetWhenAsked() {
        CliRun run = mayfly("deploy", codeV1, "--role-arn", ROLE, "--reserved-concurrency", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lambda.functions())
                .allSatisfy(f -> assertThat(f.concurrencyLimit()).isEqualTo(2));

        CliRun again = mayfly("deploy", codeV1, "--reserved-concurrency", "3");
        assertThat(again.linesContaining("updated reserved concurrency 2 -> 3")).isEqualTo(3);
    }

    @Test
    void destroyAsksFirstUnlessYes() {
        mayfly("deploy", codeV1, "--role-arn", ROLE);

        CliRun refused = CliRun.withInput(
                "no\n",
                "destroy",
                "--endpoint-url",
                lambda.endpoint().toString(),
                "--functions",
                "3",
                "--prefix",
                "t-node-");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("Type yes").contains("nothing deleted");
        assertThat(lambda.functions()).hasSize(3);

        CliRun confirmed = CliRun.withInput(
                "yes\n",
                "destroy",
                "--endpoint-url",
                lambda.endpoint().toString(),
                "--functions",
                "3",
                "--prefix",
                "t-node-");
        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("3 functions deleted");
        assertThat(lambda.functions()).isEmpty();

        CliRun again = CliRun.of(
                "destroy",
                "--yes",
                "--endpoint-url",
                lambda.endpoint().toString(),
                "--functions",
                "3",
                "--prefix",
                "t-node-");
        assertThat(again.exitCode()).isZero();
        assertThat(again.linesContaining("not found, nothing to delete")).isEqualTo(3);
    }

    @Test
    void errorsNameTheAwsCodeAndTheRemedy() {
        CliRun noRole = mayfly("deploy", codeV1);
        assertThat(noRole.exitCode()).isEqualTo(2);
        assertThat(noRole.err()).contains("t-node-0 does not exist").contains("pass --role-arn");

        CliRun badRole = mayfly("deploy", codeV1, "--role-arn", "mayfly-role");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err())
                .contains("CreateFunction t-node-0 failed with ValidationException")
                .contains("--role-arn must be an IAM role ARN");

        // A function registered another way, whose configuration cannot be changed through the API.
        lambda.register(
                FunctionDefinition.builder("t-node-0", "x.Y").memoryMb(128).build());
        CliRun conflict = mayfly("deploy", codeV1, "--role-arn", ROLE, "--functions", "1");
        assertThat(conflict.exitCode()).isEqualTo(2);
        assertThat(conflict.err()).contains("UpdateFunctionCode t-node-0 failed with InvalidParameterValueException");

        CliRun unreachable = CliRun.of("status", "--endpoint-url", "http://127.0.0.1:1", "--code", codeV1.toString());
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.err()).contains("could not reach Lambda at http://127.0.0.1:1");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : List.of("proxy", "local", "deploy", "status", "destroy")) {
            CliRun help = CliRun.of(sub, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: mayfly " + sub);
        }
        assertThat(CliRun.of("proxy", "--help").out())
                .contains("--advertised-host")
                .contains("--endpoint-url");
        assertThat(CliRun.of("deploy", "--help").out()).contains("--role-arn").contains("--subnet-ids");
    }
}
