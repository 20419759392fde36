package io.mayfly.lambda.local;

/** The instruction set a function is billed for; prices are Lambda's us-east-1 list prices. */
public enum Architecture {
    X86_64(0.0000166667),
    ARM64(0.0000133334);

    private final double usdPerGbSecond;

    Architecture(double usdPerGbSecond) {
        this.usdPerGbSecond = usdPerGbSecond;
    }

    public double usdPerGbSecond() {
        return usdPerGbSecond;
    }
}
