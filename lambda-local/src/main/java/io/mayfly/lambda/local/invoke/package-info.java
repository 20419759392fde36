/** The Invoke API (2015-03-31) as the AWS SDK speaks it: routing, limits, service and function errors. */
@NullMarked
package io.mayfly.lambda.local.invoke;

import org.jspecify.annotations.NullMarked;
