/**
 * A local Lambda service: {@link io.mayfly.lambda.local.LocalLambdaService} serves the real
 * Invoke API on loopback and runs the instances of registered
 * {@link io.mayfly.lambda.local.FunctionDefinition}s. It knows the Lambda APIs only.
 */
@NullMarked
package io.mayfly.lambda.local;

import org.jspecify.annotations.NullMarked;
