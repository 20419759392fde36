package io.mayfly.proxy;

/** Where the pool's functions run. */
public enum FunctionRuntime {
    /** lambda-local in this JVM, each instance a child JVM running the official runtime client. */
    LOCAL_PROCESS("local-process"),
    /** lambda-local in this JVM, instances as threads running the same handler class. */
    LOCAL_IN_PROCESS("local-in-process"),
    /** AWS Lambda; functions named {@code <prefix><i>} must already be deployed. */
    AWS("aws");

    private final String option;

    FunctionRuntime(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static FunctionRuntime ofOption(String option) {
        for (FunctionRuntime r : values()) {
            if (r.option.equals(option) || r.name().equalsIgnoreCase(option)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "runtime '" + option + "' is not one of local-process, local-in-process, aws");
    }
}
