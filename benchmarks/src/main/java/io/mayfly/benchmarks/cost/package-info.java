/**
 * Mayfly's Lambda bill (metered by lambda-local's billing meter, or modelled from the deployment
 * with the paper's defaults) beside ElastiCache's node-hours, projected to the trace's real
 * duration, with the request rate above which ElastiCache is cheaper.
 */
@NullMarked
package io.mayfly.benchmarks.cost;

import org.jspecify.annotations.NullMarked;
