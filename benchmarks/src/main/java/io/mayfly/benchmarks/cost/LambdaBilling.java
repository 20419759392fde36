package io.mayfly.benchmarks.cost;

/**
 * The billing input for Mayfly's cost: Lambda GB-seconds and invocations, either metered (a
 * lambda-local billing meter's totals for the replayed requests) or modelled by
 * {@link MayflyCostModel} from the deployment.
 *
 * @param source where the figures come from, for the report: starts with "metered" (e.g.
 *               "metered by lambda-local (jcache)") or is "modelled"
 */
public record LambdaBilling(double gbSeconds, long requests, String source) {
    public LambdaBilling {
        if (gbSeconds < 0 || requests < 0) {
            throw new IllegalArgumentException(
                    "billing of " + gbSeconds + " GB-s and " + requests + " requests: neither may be negative");
        }
    }

    public LambdaBilling withSource(String newSource) {
        return new LambdaBilling(gbSeconds, requests, newSource);
    }

    public boolean metered() {
        return source.startsWith("metered");
    }
}
