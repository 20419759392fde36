package io.mayfly.benchmarks.cost;

/**
 * Lambda's on-demand prices (us-east-1): duration per GB-second and requests.
 *
 * @param architecture x86_64 or arm64
 */
public record LambdaPrices(String architecture, double usdPerGbSecond, double usdPerRequest) {
    public static final LambdaPrices X86_64 = new LambdaPrices("x86_64", 0.0000166667, 0.20 / 1_000_000);
    public static final LambdaPrices ARM64 = new LambdaPrices("arm64", 0.0000133334, 0.20 / 1_000_000);

    /** The price of one invocation billed for this long at this memory size. */
    public double invocationUsd(double billedMillis, int memoryMb) {
        return billedMillis / 1000.0 * memoryMb / 1024.0 * usdPerGbSecond + usdPerRequest;
    }

    public double usd(LambdaBilling billing) {
        return billing.gbSeconds() * usdPerGbSecond + billing.requests() * usdPerRequest;
    }
}
