package io.mayfly.cli;

import io.mayfly.cli.deploy.NodeDefaults;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which functions: {@code <prefix>0 .. <prefix>N-1}, the names the proxy invokes. */
public final class FunctionSelection {
    @Option(
            names = "--functions",
            description = "Number of functions N, the proxy's --pool-size (default ${DEFAULT-VALUE}).")
    int functions = NodeDefaults.FUNCTIONS;

    @Option(
            names = "--prefix",
            description =
                    "Functions are <prefix>0..<prefix>N-1, the proxy's --function-prefix (default ${DEFAULT-VALUE}).")
    String prefix = NodeDefaults.PREFIX;

    List<String> names() {
        if (functions < 1) {
            throw new IllegalArgumentException("--functions " + functions + " must be at least 1");
        }
        List<String> names = new ArrayList<>(functions);
        for (int i = 0; i < functions; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    String range() {
        return functions == 1 ? prefix + "0" : prefix + "0.." + prefix + (functions - 1);
    }
}
