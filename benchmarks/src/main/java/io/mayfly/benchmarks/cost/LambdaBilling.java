package io.mayfly.benchmarks.cost;

/**
 * The billing input for Mayfly's cost: Lambda GB-seconds and invocations, either metered (a
 * lambda-local billing meter's totals for the replayed requests) or modelled by
 * {@link MayflyCostModel} from the deployment.
 *
 * @param source "metered" or "modelled", for the report
 */
public record LambdaBilling(double gbSeconds, long requests, String source) {
    public LambdaBilling {
        if (gbSeconds < 0 || requests < 0) {
            throw new IllegalArgumentException("billing of " + gbSeconds + " GB-s and " + requests
                    + " requests: neither may be negative");
        }
    }
}
