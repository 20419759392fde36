/**
 * The Lambda function of a Mayfly node: its handler, the instance's memory (the shard store) that
 * outlives invocations, and the serve session that dials the proxy and answers its commands.
 */
@NullMarked
package io.mayfly.node;

import org.jspecify.annotations.NullMarked;
